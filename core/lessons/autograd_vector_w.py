"""A vector (or matrix) w: one gradient per element, and what backward() asks for when out is not a scalar.

(w * x).sum() and w @ x are one number: backward() gives w.grad = x and x.grad = w, element by
element. w * x (n numbers) and W @ x with W of shape (m, n) (m numbers) are not: backward() alone
is refused, and backward(v) gives vᵀJ: w.grad = v·x, x.grad = v·w; W.grad = v xᵀ, x.grad = Wᵀv.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from core.lessons.autograd_lab import BackwardError, explain_backward_error
from core.lessons.autograd_reduce import result_v

Tensor = torch.Tensor
FORMS = {  # name -> the expression as the code writes it; "matrix" uses W of shape (m, n)
    "sum": "(w * x).sum()",
    "dot": "w @ x",
    "mul": "w * x",
    "matrix": "W @ x",
}
SIZES = (2, 3, 4, 5)  # n (and m): small enough that every element has a readable row


@dataclass(frozen=True)
class VectorWSettings:
    form: str = "sum"  # (w * x).sum(): a scalar, so backward() needs nothing
    n: int = 3  # elements of x and w (columns of W)
    m: int = 2  # rows of W, for the matrix form
    v: tuple[float, ...] | None = None  # backward(v) for a vector out; None: ones


@dataclass
class VectorWRun:
    settings: VectorWSettings
    w: Tensor  # (n,) or (m, n) for the matrix form
    x: Tensor  # (n,)
    out: Tensor  # () or (n,) or (m,)
    refused: BackwardError | None  # what out.backward() said without v (None for a scalar out)
    v: Tensor | None  # the v given to backward(v); None for a scalar out
    w_grad: Tensor
    x_grad: Tensor


def make_values(settings: VectorWSettings) -> tuple[Tensor, Tensor]:
    """x = 1, 2, …, n (so w.grad = x reads at a glance); w's elements 0.5, −1, 1.5, −2, 0.5, … (x.grad = w too)."""
    x = torch.arange(1.0, settings.n + 1).requires_grad_()  # (n,)
    rows = settings.m if settings.form == "matrix" else 1
    k = torch.arange(rows * settings.n)
    steps = (k % 4 + 1) * 0.5 * (1 - 2 * (k % 2))  # signs alternate, sizes cycle through 0.5 … 2
    w = steps.reshape(rows, settings.n) if settings.form == "matrix" else steps  # (m, n) or (n,)
    return w.requires_grad_(), x


def forward(w: Tensor, x: Tensor, form: str) -> Tensor:
    return {"sum": lambda: (w * x).sum(), "dot": lambda: w @ x, "mul": lambda: w * x, "matrix": lambda: w @ x}[form]()


def output_size(settings: VectorWSettings) -> int:
    """How many numbers out holds: 1 for a scalar, n for w * x, m for W @ x (v needs one each)."""
    return {"sum": 1, "dot": 1, "mul": settings.n, "matrix": settings.m}[settings.form]


def run_vector_w(settings: VectorWSettings) -> VectorWRun:
    """Forward; for a vector out, backward() first (refused, kept), then backward(v)."""
    w, x = make_values(settings)
    out = forward(w, x, settings.form)
    refused, v = None, None
    if out.dim() > 0:
        try:
            out.backward()  # refused before it touches the graph, so backward(v) can still walk it
        except RuntimeError as error:
            refused = explain_backward_error(error)
        v = result_v(out.shape, settings.v)
    out.backward(v)
    return VectorWRun(settings, w.detach(), x.detach(), out.detach(), refused, v, w.grad, x.grad)


def hand_grads(run: VectorWRun) -> tuple[Tensor, Tensor]:
    """(w.grad, x.grad) by hand: x and w for a scalar; v·x and v·w for w * x; outer(v, x) and Wᵀv for W @ x."""
    w, x = run.w, run.x
    if run.settings.form in ("sum", "dot"):
        return x.clone(), w.clone()
    if run.settings.form == "mul":
        return run.v * x, run.v * w
    return torch.outer(run.v, x), w.T @ run.v  # (m, n) and (n,)
