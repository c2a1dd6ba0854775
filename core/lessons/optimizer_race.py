"""Seed 001's optimizer race: one small MLP fits y = x² + 0.1·normal noise, copied four times, one copy per optimizer.

The data, the net and the optimizers are seed 001's. Two differences are deliberate (the page
says so): seed 001 builds four Net()s with four different random starts, here all four start
from one copy so that only the update rule differs; and every random number comes from one
torch.Generator, never the global one, so a Train job in another session cannot change our
race and we cannot change its. Seeded alike, the generator draws seed 001's data and its first
net (net_SGD) bit for bit. race() is a generator of plain records (STYLE habit 6): the page's
thread, the tests and the CLI read the same.
"""

from __future__ import annotations

import copy
import math
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from core.lessons.race_optimizers import NAMES, OPTIMIZERS

FIT_POINTS = 101  # x positions where the fitted curves are drawn


@dataclass(frozen=True)
class RaceConfig:
    lr: float = 0.01  # seed 001's LR, shared by all four optimizers
    batch_size: int = 32  # seed 001's BATCH_SIZE
    epochs: int = 12  # seed 001's EPOCH
    points: int = 1000  # seed 001: torch.linspace(-1, 1, 1000)
    hidden: int = 20  # seed 001's Net: 1 → 20 → 1
    seed: int = 1  # one generator seeds data, start weights and batch order; 1 as seed 001's torch.manual_seed(1)

    def __post_init__(self):
        if self.lr <= 0 or self.batch_size < 1 or self.epochs < 1 or self.points < 2 or self.hidden < 1:
            raise ValueError("A race needs lr > 0, batch_size ≥ 1, epochs ≥ 1, points ≥ 2 and hidden ≥ 1; "
                             f"got {self}")

    @property
    def steps_per_epoch(self) -> int:
        return math.ceil(self.points / self.batch_size)

    @property
    def total_steps(self) -> int:
        return self.steps_per_epoch * self.epochs


class Net(nn.Module):
    """Seed 001's regression net: one hidden ReLU layer."""

    def __init__(self, hidden: int = 20):
        super().__init__()
        self.hidden = nn.Linear(1, hidden)
        self.predict = nn.Linear(hidden, 1)

    def forward(self, x):  # (B, 1) -> (B, 1)
        return self.predict(torch.relu(self.hidden(x)))


NOISE_STD = 0.1  # seed 001's 0.1 * torch.normal(...): noise variance 0.01, the lowest MSE a fit should reach


def make_data(points: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """x in [-1, 1] as a column and y = x² + 0.1·standard normal noise, as seed 001 makes them."""
    x = torch.unsqueeze(torch.linspace(-1, 1, points), dim=1)  # (N, 1)
    y = x.pow(2) + NOISE_STD * torch.normal(torch.zeros(*x.size()), generator=generator)  # (N, 1)
    return x, y


def noise_floor(x: torch.Tensor, y: torch.Tensor) -> float:
    """The MSE of the true curve x² on these points: what is left when a fit has learnt all but the noise."""
    return nn.functional.mse_loss(x.pow(2), y).item()


def seeded_net(hidden: int, generator: torch.Generator) -> Net:
    """A Net with nn.Linear's default initial weights (uniform ±1/√fan_in), drawn from `generator` in
    nn.Linear's order (weight, then bias, layer by layer), so the numbers are those Net() would draw."""
    net = Net(hidden)
    with torch.no_grad():
        for layer in (net.hidden, net.predict):
            bound = 1 / math.sqrt(layer.in_features)
            layer.weight.uniform_(-bound, bound, generator=generator)
            layer.bias.uniform_(-bound, bound, generator=generator)
    return net


@dataclass
class RaceStart:
    total_steps: int
    xs: list[float]  # the data points, for the fit chart
    ys: list[float]
    floor: float  # noise_floor() of the data: the lesson measures every loss against it
    event: str = field(default="start", init=False)


@dataclass
class RaceStep:
    epoch: int  # 1-based
    step: int  # 1-based, the same batch for every optimizer
    losses: dict[str, float]  # each optimizer's MSE on this batch, before its update (what seed 001 records)
    after: dict[str, float]  # each optimizer's MSE on all points after its update: who got where first
    event: str = field(default="step", init=False)


@dataclass
class RaceEpoch:
    epoch: int
    full_losses: dict[str, float]  # MSE on all points after this epoch
    grid: list[float]  # x where the fits are drawn
    fits: dict[str, list[float]]  # each net's prediction on the grid
    event: str = field(default="epoch", init=False)


@dataclass
class RaceEnd:
    reason: str  # "finished" or "stopped"
    event: str = field(default="end", init=False)


def race(config: RaceConfig, stop: threading.Event | None = None) -> Iterator:
    """Train the four copies batch by batch, yielding RaceStart, RaceEpoch 0, RaceStep…, RaceEpoch…, RaceEnd."""
    x, y, loader, start = _setup(config)
    nets = {name: copy.deepcopy(start) for name in NAMES}  # the same start weights, four times
    optimizers = {name: OPTIMIZERS[name].build(nets[name].parameters(), config.lr) for name in NAMES}
    loss_fn = nn.MSELoss()
    yield RaceStart(config.total_steps, x[:, 0].tolist(), y[:, 0].tolist(), noise_floor(x, y))
    yield _fits(0, nets, x, y)  # epoch 0: the one curve all four start from
    step = 0
    for epoch in range(1, config.epochs + 1):
        for batch_x, batch_y in loader:  # (B, 1) each; one batch, four updates
            if stop is not None and stop.is_set():
                yield RaceEnd("stopped")
                return
            step += 1
            losses = {}
            for name in NAMES:
                loss = loss_fn(nets[name](batch_x), batch_y)
                optimizers[name].zero_grad()
                loss.backward()
                optimizers[name].step()
                losses[name] = loss.item()
            yield RaceStep(epoch, step, losses, _full_losses(nets, x, y))
        yield _fits(epoch, nets, x, y)
    yield RaceEnd("finished")


def _setup(config: RaceConfig):
    """Data, batches and start weights, all drawn from one generator in one order."""
    generator = torch.Generator().manual_seed(config.seed)
    x, y = make_data(config.points, generator)
    loader = DataLoader(TensorDataset(x, y), batch_size=config.batch_size, shuffle=True, generator=generator)
    return x, y, loader, seeded_net(config.hidden, generator)


def _fits(epoch: int, nets: dict[str, Net], x, y) -> RaceEpoch:
    """Each net's MSE on all points and its curve on a grid, for the fit chart."""
    grid = torch.linspace(-1, 1, FIT_POINTS).unsqueeze(1)  # (FIT_POINTS, 1)
    with torch.no_grad():
        fits = {name: net(grid)[:, 0].tolist() for name, net in nets.items()}
    return RaceEpoch(epoch, _full_losses(nets, x, y), grid[:, 0].tolist(), fits)


def _full_losses(nets: dict[str, Net], x, y) -> dict[str, float]:
    """Each net's MSE on all points: one function, so a step's and an epoch's numbers agree exactly."""
    with torch.no_grad():
        return {name: nn.functional.mse_loss(net(x), y).item() for name, net in nets.items()}


def race_start(config: RaceConfig) -> tuple[RaceStart, RaceEpoch]:
    """The race before its first step: its first two records, the data and the curve all four start from."""
    records = race(config)
    return next(records), next(records)
