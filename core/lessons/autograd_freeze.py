"""requires_grad_ on a module: freeze a small nn.Sequential, unfreeze one layer, see who gets a .grad.

model.requires_grad_(False) sets requires_grad=False on every parameter (what transfer learning
does to a pretrained backbone; the Train page's feature extraction does it to all but the head);
model[i].requires_grad_(True) gives one layer back to training. After loss.backward() only
trainable parameters hold a .grad; a frozen layer between them still passes the gradient through.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from core.lessons.autograd_lab import BackwardError

Tensor = torch.Tensor
SEED = 0  # the same weights and batch every time, in the page and in its code
LAYERS = (0, 2)  # the indices of the Linear layers in the Sequential (1 is the ReLU, which has no parameters)


@dataclass(frozen=True)
class FreezeSettings:
    freeze_all: bool = True  # model.requires_grad_(False): the transfer-learning start
    unfreeze: tuple[int, ...] = (2,)  # then model[2].requires_grad_(True): train only the last layer, a new head


@dataclass(frozen=True)
class ParameterFacts:
    name: str  # as named_parameters() names it: 0.weight, 0.bias, 2.weight, 2.bias
    shape: tuple[int, ...]
    numel: int
    requires_grad: bool
    grad: Tensor | None  # after loss.backward()


@dataclass
class FreezeRun:
    parameters: list[ParameterFacts]
    trainable: int  # sum of numel over parameters with requires_grad
    total: int
    loss: float
    error: BackwardError | None  # loss.backward() refused: nothing in the model requires grad


def make_model() -> nn.Sequential:
    """4 inputs -> 3 -> 2: two Linear layers, small enough to list every parameter."""
    torch.manual_seed(SEED)
    return nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))


def make_batch() -> tuple[Tensor, Tensor]:
    generator = torch.Generator().manual_seed(SEED)
    return torch.randn(5, 4, generator=generator), torch.randn(5, 2, generator=generator)  # (5, 4), (5, 2)


def freeze_and_backward(settings: FreezeSettings) -> FreezeRun:
    """Build the model, apply requires_grad_ as set, one MSE loss backward; every parameter's facts."""
    model = make_model()
    if settings.freeze_all:
        model.requires_grad_(False)
    for index in settings.unfreeze:
        model[index].requires_grad_(True)
    inputs, targets = make_batch()
    loss = nn.functional.mse_loss(model(inputs), targets)
    error = None
    try:
        loss.backward()
    except RuntimeError as refused:  # every parameter frozen: loss has no grad_fn
        error = BackwardError("autograd_page.freeze.nothing_trains", str(refused).splitlines()[0])
    parameters = [ParameterFacts(name, tuple(p.shape), p.numel(), p.requires_grad, p.grad)
                  for name, p in model.named_parameters()]
    return FreezeRun(parameters, sum(p.numel for p in parameters if p.requires_grad),
                     sum(p.numel for p in parameters), loss.item(), error)


def grad_summary(grad: Tensor | None) -> str:
    """None, or the gradient's size as the shown code prints it: its norm to 4 significant digits."""
    return "None" if grad is None else f"norm {grad.norm().item():.4g}"
