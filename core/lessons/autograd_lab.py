"""One autograd experiment: leaves x, w, b, an expression, backward() (n times, or with v), the grads.

Presets carry the gradient a learner would derive by hand; tests hold autograd to them.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Callable

import torch

from core.common.i18n import LocalizedError
from core.common.torch_refusal import TorchRefusal
from core.lessons.expression import VARIABLES, evaluate, parse_expression

Tensor = torch.Tensor


@dataclass(frozen=True)
class Preset:
    expression: str
    formulas: dict[str, str]  # leaf -> d(out)/d(leaf) as written by hand, for one element of x
    hand: Callable[[Tensor, Tensor, Tensor, Tensor], dict[str, Tensor]]  # (x, w, b, v) -> Jᵀv per leaf


def _sigmoid_grads(x, w, b, v):
    s = torch.sigmoid(w * x + b)
    g = v * s * (1 - s)  # σ'(z) = σ(z)(1 − σ(z)), times the incoming v
    return {"x": g * w, "w": (g * x).sum(), "b": g.sum()}


def _squared_error_grads(x, w, b, v):
    r = w * x + b - 1  # the residual of each prediction against the target 1
    n = x.numel()
    return {"x": 2 * r * w / n, "w": (2 * r * x).sum() / n, "b": (2 * r).sum() / n}


PRESETS = {
    "linear": Preset("w * x + b", {"x": "w", "w": "x", "b": "1"},
                     lambda x, w, b, v: {"x": v * w, "w": (v * x).sum(), "b": v.sum()}),
    "square": Preset("(x ** 2 + 3 * x).sum()", {"x": "2·x + 3"}, lambda x, w, b, v: {"x": v * (2 * x + 3)}),
    "sigmoid": Preset("torch.sigmoid(w * x + b)",
                      {"x": "σ(wx+b)·(1−σ(wx+b))·w", "w": "σ(wx+b)·(1−σ(wx+b))·x", "b": "σ(wx+b)·(1−σ(wx+b))"},
                      _sigmoid_grads),
    "exp": Preset("x.exp() * w", {"x": "eˣ·w", "w": "eˣ"},
                  lambda x, w, b, v: {"x": v * x.exp() * w, "w": (v * x.exp()).sum()}),
    "squared_error": Preset("((w * x + b - 1) ** 2).mean()",
                            {"x": "2(wx+b−1)·w / n", "w": "mean(2(wx+b−1)·x)", "b": "mean(2(wx+b−1))"},
                            _squared_error_grads),
}


@dataclass(frozen=True)
class AutogradSettings:
    expression: str = "w * x + b"  # the first preset: every gradient is one of the other inputs
    x: tuple[float, ...] = (2.0,)  # one value: a scalar x; three: a vector x (shape (3,))
    w: float = 3.0
    b: float = 1.0
    requires_grad: tuple[str, ...] = VARIABLES  # which leaves autograd tracks
    v: tuple[float, ...] | None = None  # backward(v) for a non-scalar output; None: backward()
    calls: int = 1  # backward() calls without zeroing; 0: one call, then .grad.zero_()


class BackwardError(TorchRefusal):
    """backward() refused: a non-scalar output without v, or nothing tracked to differentiate."""


@dataclass
class AutogradRun:
    leaves: dict[str, Tensor]
    output: Tensor
    steps: list  # (text, tensor) for every intermediate, from core/lessons/expression.py
    code_expression: str  # the expression as the shown code writes it
    grads: dict[str, Tensor | None] = field(default_factory=dict)
    error: BackwardError | None = None


def make_leaves(settings: AutogradSettings) -> dict[str, Tensor]:
    """x, w, b as float32 leaves; x is a 0-D tensor or a vector (shape (n,))."""
    x = settings.x[0] if len(settings.x) == 1 else list(settings.x)
    values = {"x": x, "w": settings.w, "b": settings.b}
    return {name: torch.tensor(values[name], requires_grad=name in settings.requires_grad) for name in VARIABLES}


def run_autograd(settings: AutogradSettings) -> AutogradRun:
    """Forward, then backward as the settings say; a refused backward is kept in .error, not raised."""
    tree = parse_expression(settings.expression)
    leaves = make_leaves(settings)
    output, steps = evaluate(tree, leaves)
    run = AutogradRun(leaves, output, steps, ast.unparse(tree))
    try:
        for _ in range(max(settings.calls, 1)):
            output.backward(gradient_for(output, settings.v), retain_graph=True)  # keep the graph for another call
    except RuntimeError as error:
        run.error = explain_backward_error(error)
    if settings.calls == 0:
        for leaf in leaves.values():
            if leaf.grad is not None:
                leaf.grad.zero_()
    run.grads = {name: leaf.grad for name, leaf in leaves.items()}
    return run


def gradient_for(output: Tensor, v: tuple[float, ...] | None) -> Tensor | None:
    """The v of backward(v): only for a non-scalar output; a scalar's backward() needs none."""
    if v is None or output.dim() == 0:
        return None
    return torch.tensor(v, dtype=output.dtype).reshape(output.shape)


def explain_backward_error(error: RuntimeError) -> BackwardError:
    message = str(error).splitlines()[0]
    if "implicitly created only for scalar outputs" in message:
        key = "non_scalar"
    elif "does not require grad" in message:
        key = "no_grad_fn"
    else:
        key = "other"
    return BackwardError(f"autograd_page.backward.{key}", message)


def autograd_grad(settings: AutogradSettings) -> dict[str, Tensor]:
    """The same gradients by torch.autograd.grad (no .grad written): an independent check."""
    leaves = make_leaves(settings)
    output, _ = evaluate(parse_expression(settings.expression), leaves)
    tracked = [name for name in VARIABLES if name in settings.requires_grad]
    grads = torch.autograd.grad(output, [leaves[n] for n in tracked], gradient_for(output, settings.v),
                                allow_unused=True)
    return dict(zip(tracked, grads))


def hand_grads(preset: Preset, settings: AutogradSettings) -> dict[str, Tensor]:
    """The preset's hand-derived gradients at the settings' values (v = 1s for a scalar output)."""
    leaves = {name: leaf.detach() for name, leaf in make_leaves(settings).items()}
    output, _ = evaluate(parse_expression(preset.expression), leaves)
    v = gradient_for(output, settings.v)
    v = torch.ones_like(output) if v is None else v
    return preset.hand(leaves["x"], leaves["w"], leaves["b"], v)


@dataclass(frozen=True)
class OffFacts:
    """What turning autograd off looks like, each as torch prints it."""

    requires_grad: str  # out.requires_grad
    no_grad_grad_fn: str  # out.grad_fn when computed under torch.no_grad()
    detach_requires_grad: str  # out.detach().requires_grad
    detach_grad_fn: str


def autograd_off_facts(settings: AutogradSettings) -> OffFacts:
    leaves = make_leaves(settings)
    tree = parse_expression(settings.expression)
    output, _ = evaluate(tree, leaves)
    with torch.no_grad():
        quiet, _ = evaluate(tree, leaves)
    return OffFacts(str(output.requires_grad), str(quiet.grad_fn), str(output.detach().requires_grad),
                    str(output.detach().grad_fn))


def matching_preset(expression: str) -> Preset | None:
    """The preset this expression is (spacing aside), so its hand-derived formulas can be shown."""
    try:
        typed = ast.unparse(parse_expression(expression))
    except LocalizedError:
        return None
    return next((p for p in PRESETS.values() if ast.unparse(parse_expression(p.expression)) == typed), None)
