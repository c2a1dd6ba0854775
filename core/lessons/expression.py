"""A small expression of x, w and b, typed by a learner, read safely and computed with torch.

The text is parsed with `ast` and every node is checked against a whitelist (numbers, x/w/b,
+ - * / **, unary minus, a few torch functions and tensor methods, dim=/keepdim= on sum and mean)
before anything runs.
We never `eval` it: `evaluate` walks the checked tree and calls torch itself.
"""

from __future__ import annotations

import ast
import math
import operator

import torch

from core.common.i18n import LocalizedError
from core.common.torch_words import torch_words
from core.common.typed_text import literal, parse_typed

VARIABLES = ("x", "w", "b")
FUNCTIONS = ("exp", "log", "sin", "cos", "tanh", "sigmoid", "relu", "sum", "mean", "pow", "sqrt", "abs")
REDUCTIONS = ("sum", "mean")  # the functions that take dim= and keepdim=, as x.mean(dim=0, keepdim=True)
MAX_CHARS = 120  # a line a learner types, not a program
MAX_DEPTH = 12  # nested operations; deeper trees make an unreadable graph anyway
MAX_NODES = 40
MAX_CONSTANT = 1e6
MAX_DIM = 8  # dim= a tensor of at most 8 dimensions; x here has one at most
BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
          ast.Pow: operator.pow}
UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos}


class ExpressionError(LocalizedError):
    """Why a typed expression was refused, in the learner's language; typed pieces are quoted literally."""


class ComputeError(ExpressionError):
    """torch (or Python's arithmetic) refused to compute a checked expression; its own words are kept whole."""

    def __init__(self, error: Exception):
        super().__init__("autograd_page.errors.runtime")
        self.torch_message = f"{type(error).__name__}: {torch_words(error)}"  # every line torch wrote


def parse_expression(text: str) -> ast.Expression:
    """The checked syntax tree of `text`, or an ExpressionError saying what is not allowed."""
    tree = parse_typed(text, MAX_CHARS, MAX_NODES,
                       lambda reason, **params: ExpressionError(f"autograd_page.errors.{reason}", **params))
    _check(tree.body, depth=1)
    return tree


def _check(node: ast.AST, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise ExpressionError("autograd_page.errors.too_deep", most=MAX_DEPTH)
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise ExpressionError("autograd_page.errors.not_number", text=literal(repr(node.value)))
        if abs(node.value) > MAX_CONSTANT:
            raise ExpressionError("autograd_page.errors.big_number", most=int(MAX_CONSTANT))
    elif isinstance(node, ast.Name):
        if node.id not in VARIABLES:
            raise ExpressionError("autograd_page.errors.unknown_name", name=literal(node.id))
    elif isinstance(node, ast.BinOp) and type(node.op) in BINARY:
        _check(node.left, depth + 1)
        _check(node.right, depth + 1)
    elif isinstance(node, ast.UnaryOp) and type(node.op) in UNARY:
        _check(node.operand, depth + 1)
    elif isinstance(node, ast.Call):
        _check_call(node, depth)
    else:
        raise ExpressionError("autograd_page.errors.not_allowed", what=literal(_describe(node)))


def _check_call(node: ast.Call, depth: int) -> None:
    """torch.f(args) or value.f(args), f from FUNCTIONS; at most two arguments; sum and mean also take
    dim= (a whole number) and keepdim= (True or False)."""
    func = node.func
    if not isinstance(func, ast.Attribute):
        raise ExpressionError("autograd_page.errors.unknown_function", name=literal(_describe(func)),
                              functions=", ".join(FUNCTIONS))
    if func.attr not in FUNCTIONS:
        raise ExpressionError("autograd_page.errors.unknown_function", name=literal(func.attr),
                              functions=", ".join(FUNCTIONS))
    if len(node.args) > 2 or any(isinstance(a, ast.Starred) for a in node.args):
        raise ExpressionError("autograd_page.errors.arguments", name=literal(func.attr))
    for keyword in node.keywords:
        _check_keyword(func.attr, keyword)
    if not _is_torch(func.value):
        _check(func.value, depth + 1)
    for argument in node.args:
        _check(argument, depth + 1)


def _check_keyword(function: str, keyword: ast.keyword) -> None:
    """dim= a whole number (x.sum(dim=-1)) or keepdim= True/False, on sum and mean only."""
    value = keyword.value
    if isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.USub):
        value = value.operand  # dim=-1
    whole = isinstance(value, ast.Constant) and type(value.value) is int and abs(value.value) <= MAX_DIM
    if function not in REDUCTIONS or keyword.arg not in ("dim", "keepdim"):
        raise ExpressionError("autograd_page.errors.arguments", name=literal(function))
    if keyword.arg == "dim" and not whole:
        raise ExpressionError("autograd_page.errors.dim_value", text=literal(ast.unparse(keyword.value)))
    if keyword.arg == "keepdim" and not (isinstance(value, ast.Constant) and type(value.value) is bool
                                         and value is keyword.value):
        raise ExpressionError("autograd_page.errors.keepdim_value", text=literal(ast.unparse(keyword.value)))


def _is_torch(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id == "torch"


def _describe(node: ast.AST) -> str:
    """The offending piece as Python writes it back, whole (e.g. 'x.grad', '[1, 2]', 'x < 2')."""
    return ast.unparse(node)


def evaluate(tree: ast.Expression, env: dict[str, torch.Tensor]) -> tuple[torch.Tensor, list]:
    """The expression's value, and every intermediate (text, tensor) in the order computed."""
    steps: list[tuple[str, torch.Tensor]] = []
    try:
        value = _eval(tree.body, env, steps)
    except (RuntimeError, TypeError, ValueError, IndexError, OverflowError, ZeroDivisionError) as error:
        raise ComputeError(error) from None  # IndexError: a dim out of range, as in x.sum(1) on a 0-D x
    return torch.as_tensor(value, dtype=torch.float32), steps  # a constant expression is still a tensor


def _eval(node: ast.AST, env: dict, steps: list):
    if isinstance(node, ast.Constant):
        return node.value  # a number, not a graph node; an int stays an int, as a dim (x.sum(0)) must
    if isinstance(node, ast.Name):
        return env[node.id]
    if isinstance(node, ast.BinOp):
        result = _arithmetic(BINARY[type(node.op)], _eval(node.left, env, steps), _eval(node.right, env, steps))
    elif isinstance(node, ast.UnaryOp):
        result = _arithmetic(UNARY[type(node.op)], _eval(node.operand, env, steps))
    else:  # a checked Call
        func = node.func
        args = [_eval(a, env, steps) for a in node.args]
        keywords = {k.arg: _eval(k.value, env, steps) for k in node.keywords}  # dim=0, keepdim=True: checked
        if _is_torch(func.value):
            result = getattr(torch, func.attr)(*[_tensor(a) for a in args[:1]], *args[1:], **keywords)
        else:
            result = getattr(_tensor(_eval(func.value, env, steps)), func.attr)(*args, **keywords)
    if isinstance(result, torch.Tensor):
        steps.append((ast.unparse(node), result))
    return result


def _arithmetic(op, *operands):
    """op on tensors as torch does it; on plain numbers in floating point, so 9 ** 9 ** 9 overflows at
    once instead of growing a huge int, with a whole-number result of ints given back as an int (1 + 1 is
    a dim again)."""
    if any(isinstance(o, torch.Tensor) for o in operands):
        return op(*operands)
    result = op(*(float(o) for o in operands))
    whole = all(isinstance(o, int) for o in operands) and op is not operator.truediv
    return int(result) if whole and math.isfinite(result) and result == int(result) else result


def _tensor(value):
    """torch.exp(2) and (2).exp() need a tensor, not a Python number."""
    return value if isinstance(value, torch.Tensor) else torch.tensor(float(value))
