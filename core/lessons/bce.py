"""Two classes, one logit: BCELoss on sigmoid(logit) against BCEWithLogitsLoss on the logit itself.

Every number comes from torch.nn and .backward() in the dtype the page picks. For moderate
logits the two agree; far out, sigmoid rounds to exactly 1.0 (or 0.0), BCELoss's log is
clamped at −100 and its backward divides by max(p·(1−p), 1e-12), while BCEWithLogitsLoss
works from the logit (log-sum-exp) and stays exact.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

DTYPES = {"float32": torch.float32, "float64": torch.float64}
LOGIT_RANGE = (-110.0, 110.0)  # past ±104 float32's sigmoid is 0.0 or 1.0 on both sides
CURVE_POINTS = 881  # 0.25 apart over LOGIT_RANGE: the jump at 16.6 and the bend at −27.6 stay sharp
TOLERANCE = 1e-4  # "the same": within 1e-4 of the larger of 1 and the exact value
LOG_CLAMP = 100.0  # BCELoss clamps log(p) and log(1 − p) to ≥ −100 (documented in nn.BCELoss)
GRAD_EPS = 1e-12  # BCELoss's backward divides by max(p·(1 − p), GRAD_EPS)


@dataclass(frozen=True)
class BinaryLosses:
    """One logit, one 0/1 target: what each loss says, and d loss / d logit as backward() finds it."""

    logit: float
    target: int
    dtype: str
    pos_weight: float
    probability: float  # sigmoid(logit), rounded to dtype: exactly 1.0 or 0.0 once it saturates
    bce: float  # nn.BCELoss()(sigmoid(logit), target)
    bce_grad: float
    with_logits: float  # nn.BCEWithLogitsLoss()(logit, target)
    with_logits_grad: float
    weighted: float  # nn.BCEWithLogitsLoss(pos_weight=…)(logit, target)
    weighted_grad: float
    cross_entropy: float  # nn.CrossEntropyLoss()([0, logit], target): the two-output way
    cross_entropy_grad: float  # d CE / d logit (the second output)

    @property
    def verdict(self) -> str:
        """What BCELoss got wrong, if anything: 'agree', 'saturated' (sigmoid is exactly 0 or 1 on the wrong
        side: log 0), 'log_clamp' (log p below −100), 'loss_off' (digits lost) or 'grad_off' (backward's clamp)."""
        if self.probability == (0.0 if self.target == 1 else 1.0):
            return "saturated"
        if not _close(self.bce, self.with_logits):
            return "log_clamp" if self.bce == LOG_CLAMP else "loss_off"
        return "agree" if _close(self.bce_grad, self.with_logits_grad) else "grad_off"

    @property
    def p_times_q(self) -> float:
        """p·(1 − p), what BCELoss's backward divides by (at least GRAD_EPS)."""
        return self.probability * (1.0 - self.probability)


def _close(value: float, exact: float) -> bool:
    return abs(value - exact) <= TOLERANCE * max(1.0, abs(exact))


def check_inputs(logit: float, target: int, dtype: str, pos_weight: float = 1.0) -> None:
    if dtype not in DTYPES:
        raise ValueError(f"dtype must be one of {tuple(DTYPES)}, not {dtype!r}")
    if target not in (0, 1):
        raise ValueError(f"a two-class target is 0 or 1, not {target!r}")
    if not (pos_weight > 0 and abs(logit) < float("inf")):
        raise ValueError("pos_weight must be positive and the logit finite")


def _loss_and_grad(loss_fn, logit: float, target: int, dtype: torch.dtype, through_sigmoid: bool = False):
    z = torch.tensor([logit], dtype=dtype, requires_grad=True)  # (1,): one sample, one output
    y = torch.tensor([float(target)], dtype=dtype)  # (1,): BCE wants a float target
    loss = loss_fn(torch.sigmoid(z) if through_sigmoid else z, y)
    loss.backward()
    return loss.item(), z.grad.item()


def binary_losses(logit: float, target: int, dtype: str = "float32", pos_weight: float = 1.0) -> BinaryLosses:
    """Both losses, the pos_weight one and two-output CrossEntropy for one logit, computed as the page's script does."""
    check_inputs(logit, target, dtype, pos_weight)
    dt = DTYPES[dtype]
    bce, bce_grad = _loss_and_grad(nn.BCELoss(), logit, target, dt, through_sigmoid=True)
    with_logits, with_logits_grad = _loss_and_grad(nn.BCEWithLogitsLoss(), logit, target, dt)
    weighted_fn = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([pos_weight], dtype=dt))
    weighted, weighted_grad = _loss_and_grad(weighted_fn, logit, target, dt)

    z = torch.tensor([logit], dtype=dt, requires_grad=True)  # (1,)
    two = torch.stack([torch.zeros_like(z), z], dim=1)  # (1, 2): logits [0, z] for classes 0 and 1
    ce = nn.CrossEntropyLoss()(two, torch.tensor([target]))
    ce.backward()
    probability = torch.sigmoid(torch.tensor([logit], dtype=dt)).item()
    return BinaryLosses(logit, target, dtype, pos_weight, probability, bce, bce_grad, with_logits, with_logits_grad,
                        weighted, weighted_grad, ce.item(), z.grad.item())


@dataclass(frozen=True)
class BinaryCurves:
    """Both losses and their d loss / d logit over a range of logits, for one target and dtype."""

    logits: list[float]
    bce: list[float]
    bce_grad: list[float]
    with_logits: list[float]
    with_logits_grad: list[float]


def binary_curves(target: int, dtype: str = "float32", limits=LOGIT_RANGE, points: int = CURVE_POINTS) -> BinaryCurves:
    """Each point is its own sample (reduction='none', then .sum().backward()): one loss and one slope per logit."""
    check_inputs(0.0, target, dtype)
    dt = DTYPES[dtype]
    grid = torch.linspace(*limits, points, dtype=torch.float64).to(dt)  # (points,)
    y = torch.full((points,), float(target), dtype=dt)  # (points,)
    out = []
    for through_sigmoid, loss_fn in ((True, nn.BCELoss(reduction="none")),
                                     (False, nn.BCEWithLogitsLoss(reduction="none"))):
        z = grid.clone().requires_grad_(True)
        loss = loss_fn(torch.sigmoid(z) if through_sigmoid else z, y)  # (points,)
        loss.sum().backward()
        out += [loss.detach().tolist(), z.grad.tolist()]
    return BinaryCurves(grid.tolist(), *out)


def saturation_logit(dtype: str = "float32") -> float:
    """The smallest logit (on a 0.25 grid) whose sigmoid is exactly 1.0 in dtype: where BCELoss on target 0 breaks."""
    grid = torch.arange(0, 60, 0.25, dtype=DTYPES[dtype])
    return grid[torch.sigmoid(grid) == 1.0][0].item()
