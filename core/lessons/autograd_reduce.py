"""Reductions with a dim: x.sum(dim) or x.mean(dim) on a 2-D x, its shape, and the gradient flowing back.

x.sum(0) adds each column into one number, so backward(v) hands v[j] back to every element of
column j: v copied along the reduced dim (x.grad = v broadcast to x's shape; for mean, divided by
the count). `feeds` says which element of the result each x element went into, so a drawing can
colour both the same.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from core.lessons.autograd_lab import BackwardError

Tensor = torch.Tensor
OPS = ("sum", "mean")
DIMS = (None, 0, 1, -1, 2)  # None: reduce everything; 2 is out of range for a 2-D x, and torch says so


@dataclass(frozen=True)
class ReduceSettings:
    rows: int = 2  # a 2 × 3 x: both dims visible and different, so dim 0 and dim 1 give different shapes
    cols: int = 3
    op: str = "sum"
    dim: int | None = 0  # x.sum(0): the first lesson of the tutorial
    keepdim: bool = False  # True keeps the reduced dim as size 1: (1, 3) instead of (3,)
    v: tuple[float, ...] | None = None  # backward(v), one per result element; None: ones


class ReduceError(BackwardError):
    """torch refused the reduction (a dim out of range); its own words are kept."""


@dataclass
class ReduceRun:
    settings: ReduceSettings
    x: Tensor  # (rows, cols), requires_grad
    out: Tensor  # x.op(dim), shape as torch made it
    v: Tensor | None  # the gradient argument given to backward; None for a scalar out
    grad: Tensor  # x.grad, shape (rows, cols)
    feeds: Tensor  # (rows, cols) ints: the flat index of the element of out each x element went into


def make_x(rows: int, cols: int) -> Tensor:
    """1, 2, 3, … row by row: sums and means are easy to check by eye."""
    return torch.arange(1.0, rows * cols + 1).reshape(rows, cols).requires_grad_()  # (rows, cols)


def call_text(settings: ReduceSettings) -> str:
    """How the code writes the call: x.sum(), x.sum(0), x.mean(dim=1, keepdim=True)."""
    args = [] if settings.dim is None else [f"dim={settings.dim}" if settings.op == "mean" else str(settings.dim)]
    if settings.keepdim and settings.dim is not None:
        args.append("keepdim=True")
    return f"x.{settings.op}({', '.join(args)})"


def reduce_and_backward(settings: ReduceSettings) -> ReduceRun:
    """x.op(dim) as torch does it, then backward(v) (backward() for a scalar); ReduceError for a bad dim."""
    x = make_x(settings.rows, settings.cols)
    out = _reduce(x, settings)
    v = None if out.dim() == 0 else result_v(out.shape, settings.v)
    out.backward(v)
    return ReduceRun(settings, x, out, v, x.grad, feeds(settings))


def result_shape(settings: ReduceSettings) -> tuple[int, ...]:
    """The shape x.op(dim) will have, from torch itself on a data-less x (so v can be asked for first)."""
    return tuple(_reduce(torch.empty(settings.rows, settings.cols, device="meta"), settings).shape)


def _reduce(x: Tensor, settings: ReduceSettings) -> Tensor:
    reduce = getattr(x, settings.op)
    try:
        return reduce() if settings.dim is None else reduce(dim=settings.dim, keepdim=settings.keepdim)
    except IndexError as error:  # Dimension out of range (expected to be in range of [-2, 1], but got 2)
        raise ReduceError("autograd_page.reduce.bad_dim", str(error).splitlines()[0],
                          dim=settings.dim, ndim=x.dim(), last=x.dim() - 1) from None


def result_v(shape: torch.Size | tuple[int, ...], values: tuple[float, ...] | None) -> Tensor:
    """v of out's shape: the given values (as many as out has elements), else ones."""
    count = int(torch.Size(shape).numel())
    if values is None or len(values) != count:
        return torch.ones(shape)
    return torch.tensor(values).reshape(shape)


def feeds(settings: ReduceSettings) -> Tensor:
    """(rows, cols): for each x element, the flat index of the result element it is summed into."""
    rows = torch.arange(settings.rows).reshape(-1, 1).expand(settings.rows, settings.cols)
    cols = torch.arange(settings.cols).reshape(1, -1).expand(settings.rows, settings.cols)
    if settings.dim is None:
        return torch.zeros(settings.rows, settings.cols, dtype=torch.long)
    return cols if settings.dim % 2 == 0 else rows  # dim 0 collapses rows: column j feeds out[j]


def hand_grad(run: ReduceRun) -> Tensor:
    """x.grad by hand: v put back in the reduced dim and stretched along it; mean divides by the count."""
    v = torch.ones(()) if run.v is None else run.v
    if run.settings.dim is not None and not run.settings.keepdim:
        v = v.unsqueeze(run.settings.dim)  # (cols,) -> (1, cols) for dim 0: broadcastable to x again
    grad = v.expand(run.settings.rows, run.settings.cols)  # (rows, cols)
    if run.settings.op == "mean":
        count = run.x.numel() if run.settings.dim is None else run.x.shape[run.settings.dim]
        grad = grad / count
    return grad
