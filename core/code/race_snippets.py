"""The Optimizer race page's "same in plain PyTorch" scripts, generated from its sliders.

race_code() is seed 001 written out for the page's settings; surface_code() walks the
four optimizers down the chosen surface. Both print lines in the formats below, which the
page shows too, so a test can run a script and find the page's numbers in its output.
"""

from __future__ import annotations

from core.common.i18n import translate
from core.lessons.loss_surface import ESCAPE, Surface
from core.lessons.optimizer_race import NOISE_STD, RaceConfig
from core.lessons.race_optimizers import OPTIMIZERS

RACE_LINE = "{name:<8} MSE on all points: {loss:.6f}"
SURFACE_LINE = "{name:<8} ends at ({x:.4f}, {y:.4f}), loss {loss:.6f}"
DIVERGED_LINE = "{name:<8} diverged at step {step}"


def _optimizers(params, lr: str, prefix: str = "") -> str:
    """One dict entry per optimizer, as seed 001 builds them; params(name) is the code for its parameters."""
    return "\n".join(f'    "{name}": {prefix}{spec.source.format(params=params(name), lr=lr)},'
                     for name, spec in OPTIMIZERS.items())


def race_code(config: RaceConfig, lang: str = "en") -> str:
    c = lambda key: translate(lang, f"optimizers_page.code_{key}")  # noqa: E731
    return f'''import copy
import math

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

LR = {config.lr!r}
BATCH_SIZE = {config.batch_size}
EPOCH = {config.epochs}

# {c('generator')}
g = torch.Generator().manual_seed({config.seed})
x = torch.unsqueeze(torch.linspace(-1, 1, {config.points}), dim=1)  # (N, 1)
y = x.pow(2) + {NOISE_STD!r} * torch.normal(torch.zeros(*x.size()), generator=g)  # (N, 1)
loader = DataLoader(TensorDataset(x, y), batch_size=BATCH_SIZE, shuffle=True, generator=g)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(1, {config.hidden})
        self.predict = nn.Linear({config.hidden}, 1)

    def forward(self, x):
        return self.predict(torch.relu(self.hidden(x)))


start = Net()
with torch.no_grad():  # {c('init')}
    for layer in (start.hidden, start.predict):
        bound = 1 / math.sqrt(layer.in_features)
        layer.weight.uniform_(-bound, bound, generator=g)
        layer.bias.uniform_(-bound, bound, generator=g)

# {c('same_start')}
nets = {{name: copy.deepcopy(start) for name in ["SGD", "Momentum", "RMSprop", "Adam"]}}
optimizers = {{
{_optimizers(lambda name: f'nets["{name}"].parameters()', "LR")}
}}
''' + _race_loop(c)


def _race_loop(c) -> str:
    return f'''loss_func = nn.MSELoss()
losses_his = {{name: [] for name in nets}}

for epoch in range(EPOCH):
    for batch_x, batch_y in loader:  # {c('same_batch')}
        for name, net in nets.items():
            loss = loss_func(net(batch_x), batch_y)
            optimizers[name].zero_grad()
            loss.backward()
            optimizers[name].step()
            losses_his[name].append(loss.item())

with torch.no_grad():
    for name, net in nets.items():
        loss = loss_func(net(x), y).item()
        print(f"{RACE_LINE}")
'''


def surface_code(surface: Surface, lr: float, steps: int, lang: str = "en") -> str:
    c = lambda key: translate(lang, f"optimizers_page.code_{key}")  # noqa: E731
    return f'''import math

import torch


def loss_fn(x, y):
    return {surface.source}


optimizers = {{  # {c('make_later')}
{_optimizers(lambda name: "params", repr(lr), "lambda params: ")}
}}

for name, make in optimizers.items():
    # {c('two_params')}
    point = torch.tensor([{surface.start[0]!r}, {surface.start[1]!r}], requires_grad=True)
    optimizer = make([point])
    for step in range(1, {steps} + 1):
        loss = loss_fn(point[0], point[1])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        x, y = point.tolist()
        if not (math.isfinite(x) and math.isfinite(y)) or max(abs(x), abs(y)) > {ESCAPE!r}:
            print(f"{DIVERGED_LINE}")
            break
    else:
        with torch.no_grad():
            loss = loss_fn(point[0], point[1]).item()
        print(f"{SURFACE_LINE}")
'''
