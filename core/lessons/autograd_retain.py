"""Leaf or not: pick a non-leaf piece of the expression, name it h, and see its .grad with and without retain_grad().

backward() writes .grad only into leaves (tensors the user made, is_leaf=True, grad_fn None). A tensor
made by an operation (is_leaf=False, a grad_fn) passes its gradient on and forgets it, unless
h.retain_grad() asked autograd to keep it; reading its .grad then gives None and a UserWarning.
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass

import torch

from core.lessons.autograd_lab import AutogradSettings, BackwardError, explain_backward_error, gradient_for, make_leaves
from core.lessons.expression import evaluate, parse_expression

Tensor = torch.Tensor
PICKED = "h"  # the name the picked piece gets, in the table, the graph and the code
WHOLE = "out"  # picking the whole expression: out itself is a non-leaf too


@dataclass(frozen=True)
class TensorFacts:
    """One row of the leaf-or-not table, each fact as torch prints it."""

    name: str  # x, w, b, h or out
    is_leaf: bool
    requires_grad: bool
    grad_fn: str | None  # the grad_fn's name(), e.g. MulBackward0; None for a leaf
    grad: Tensor | None  # what .grad gave after backward
    warned: str | None  # the UserWarning reading .grad gave (a non-leaf that kept no grad), without its source line


@dataclass
class RetainRun:
    picked: str  # the piece of the expression picked, as ast writes it ("w * x"), or the whole expression
    rest: str  # the expression with the picked piece written as h ("h + b"); "h" when the whole was picked
    name: str  # "h", or "out" when the whole expression was picked
    retained: bool
    leaves: dict[str, Tensor]
    tensors: dict[str, Tensor]  # h (when picked inside) and out
    output: Tensor
    steps: list
    facts: list[TensorFacts]
    error: BackwardError | None = None

    @property
    def warning(self) -> str | None:
        """What PyTorch said when a non-leaf's .grad was read without retain_grad() (None when nothing warned)."""
        return next((f.warned for f in self.facts if f.warned), None)


def non_leaf_choices(settings: AutogradSettings) -> list[str]:
    """The pieces of the expression autograd records a grad_fn for, once each, innermost first; the whole
    expression last. [] when nothing is tracked (or the expression is one leaf)."""
    output, steps = evaluate(parse_expression(settings.expression), make_leaves(settings))
    pieces = [text for text, tensor in steps if tensor.grad_fn is not None]
    return list(dict.fromkeys(pieces))


class _NamePiece(ast.NodeTransformer):
    """Every occurrence of the picked piece becomes the name h: computed once, then used."""

    def __init__(self, piece: str):
        self.piece = piece

    def visit(self, node):
        if isinstance(node, ast.expr) and ast.unparse(node) == self.piece:
            return ast.copy_location(ast.Name(PICKED, ast.Load()), node)
        return self.generic_visit(node)


def split_expression(expression: str, piece: str) -> tuple[str, str]:
    """(the piece, the expression with the piece written as h), both as ast writes them."""
    tree = parse_expression(expression)
    whole = ast.unparse(tree)
    if piece == whole:
        return whole, PICKED
    rest = _NamePiece(piece).visit(tree)
    return ast.unparse(parse_expression(piece)), ast.unparse(ast.fix_missing_locations(rest))


def retain_grad_run(settings: AutogradSettings, piece: str, retained: bool) -> RetainRun:
    """h = piece; [h.retain_grad()]; out = the rest; out.backward(v as set); every tensor's facts and .grad."""
    picked, rest = split_expression(settings.expression, piece)
    leaves = make_leaves(settings)
    h, steps = evaluate(parse_expression(picked), leaves)
    if h.grad_fn is None:  # the page only offers pieces with a grad_fn; a stale pick is refused plainly
        raise ValueError(f"{picked} is a leaf or untracked here")
    if retained:
        h.retain_grad()
    whole = rest == PICKED
    if whole:
        output = h
    else:
        rest_tree = ast.parse(rest, mode="eval")  # built by us from a checked tree: only h is new
        output, more = evaluate(rest_tree, {**leaves, PICKED: h})
        steps += more
    name = WHOLE if whole else PICKED
    tensors = {WHOLE: output} if whole else {PICKED: h, WHOLE: output}
    run = RetainRun(picked, rest, name, retained, leaves, tensors, output, steps, [])
    try:
        output.backward(gradient_for(output, settings.v))
    except RuntimeError as error:
        run.error = explain_backward_error(error)
    run.facts = [_facts(n, tensor) for n, tensor in {**leaves, **tensors}.items()]
    return run


def _facts(name: str, tensor: Tensor) -> TensorFacts:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # a warning is shown once per place by default: see it every time
        grad = tensor.grad
    said = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    grad_fn = tensor.grad_fn.name() if tensor.grad_fn is not None else None
    return TensorFacts(name, tensor.is_leaf, tensor.requires_grad, grad_fn, grad,
                       _without_source(said[0]) if said else None)


def _without_source(message: str) -> str:
    """torch's warning without "(Triggered internally at /path/TensorBody.h:488.)", a path of its build machine."""
    return message.split(" (Triggered internally at")[0]
