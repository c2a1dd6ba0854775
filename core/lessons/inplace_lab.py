"""nn.ReLU(inplace=True), taken at its word: it overwrites its INPUT tensor and returns that same tensor.

inplace=False leaves the input alone and returns a new tensor. Autograd keeps a version counter on
every tensor, so when an op saved a tensor for its backward and ReLU then overwrote it, backward()
refuses instead of computing a wrong gradient.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import torch
from torch import nn

from core.common.i18n import LocalizedError

DEFAULT_VALUES = "-2, -0.5, 0, 1.5, 3"
MAX_VALUES = 8  # one row of a table the page can show without scrolling
PRECEDING = ("mul", "sigmoid", "leaf")  # what hands ReLU its input in the autograd demo


class ValuesError(LocalizedError, ValueError):
    """Numbers the page cannot make a tensor of, said in the learner's language."""


def parse_values(text: str) -> list[float]:
    """'-2, -0.5, 0, 1.5, 3' (commas or spaces) -> [-2.0, -0.5, 0.0, 1.5, 3.0]: 1 to 8 finite numbers."""
    parts = [p for p in re.split(r"[,\s]+", text.strip().strip("[]()")) if p]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise ValuesError("save_load_page.err_relu_not_numbers", text=text[:40]) from None
    if not 1 <= len(values) <= MAX_VALUES or not all(math.isfinite(v) for v in values):
        raise ValuesError("save_load_page.err_relu_count", most=MAX_VALUES)
    return values


@dataclass(frozen=True)
class ReluOutcome:
    """x before and after y = nn.ReLU(inplace)(x), and whether y is x."""

    inplace: bool
    before: list[float]
    after: list[float]  # x once ReLU has run: changed only when inplace=True
    output: list[float]  # y
    same_object: bool  # y is x
    same_memory: bool  # y.data_ptr() == x.data_ptr()
    version_before: int  # x._version: autograd's count of in-place writes to x
    version_after: int


def apply_relu(values: list[float], inplace: bool) -> ReluOutcome:
    x = torch.tensor(values)  # (n,)
    before, version_before = x.tolist(), x._version
    y = nn.ReLU(inplace=inplace)(x)
    return ReluOutcome(inplace, before, x.tolist(), y.tolist(), y is x, y.data_ptr() == x.data_ptr(),
                       version_before, x._version)


@dataclass(frozen=True)
class BackwardOutcome:
    """w → (w * 2, sigmoid(w) or w itself) → ReLU → sum → backward(): w.grad, or where and how it failed."""

    preceding: str
    inplace: bool
    grad: list[float] | None
    failed_in: str | None  # "forward" or "backward"
    error: str | None  # torch's RuntimeError message, as is


def relu_backward(values: list[float], preceding: str, inplace: bool) -> BackwardOutcome:
    if preceding not in PRECEDING:
        raise ValueError(f"preceding must be one of {PRECEDING}, not {preceding!r}")
    w = torch.tensor(values, requires_grad=True)  # (n,): a leaf, like a weight
    stage = "forward"
    try:
        h = {"mul": lambda: w * 2, "sigmoid": lambda: torch.sigmoid(w), "leaf": lambda: w}[preceding]()
        out = nn.ReLU(inplace=inplace)(h)
        stage = "backward"
        out.sum().backward()
    except RuntimeError as error:
        return BackwardOutcome(preceding, inplace, None, stage, str(error))
    return BackwardOutcome(preceding, inplace, w.grad.tolist(), None, None)
