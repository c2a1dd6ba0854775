"""Typed expressions: the whitelist lets the maths through, refuses everything else with a reason, never evals."""

import builtins

import pytest
import torch

from core.common.typed_text import literal
from core.lessons.expression import ComputeError, ExpressionError, evaluate, parse_expression


def env():
    return {"x": torch.tensor([1.0, 2.0]), "w": torch.tensor(3.0), "b": torch.tensor(-1.0)}


@pytest.mark.parametrize("text, expected", [
    ("w * x + b", lambda x, w, b: w * x + b),
    ("(x**2 + 3*x).sum()", lambda x, w, b: (x ** 2 + 3 * x).sum()),
    ("torch.sigmoid(w*x+b)", lambda x, w, b: torch.sigmoid(w * x + b)),
    ("x.exp() * w", lambda x, w, b: x.exp() * w),
    ("-x / 2 + +b", lambda x, w, b: -x / 2 + b),
    ("torch.pow(x, 2).mean() - x.pow(3).sum()", lambda x, w, b: x.pow(2).mean() - x.pow(3).sum()),
    ("torch.relu(x - 1.5).abs().sqrt() + torch.log(w) * torch.tanh(b)",
     lambda x, w, b: torch.relu(x - 1.5).abs().sqrt() + torch.log(w) * torch.tanh(b)),
    ("torch.sin(x) * x.cos()", lambda x, w, b: torch.sin(x) * x.cos()),
    ("torch.exp(2) * x", lambda x, w, b: torch.exp(torch.tensor(2.0)) * x),
    ("2 + 3", lambda x, w, b: torch.tensor(5.0)),
    ("x.sum(0)", lambda x, w, b: x.sum(0)),  # a dim is an int, as torch needs it
    ("torch.sum(x * w, 0) + x.mean(-1)", lambda x, w, b: torch.sum(x * w, 0) + x.mean(-1)),
    ("x.sum(1 - 1) * 2 ** 3", lambda x, w, b: x.sum(0) * 8),
    ("x.pow(2) / 2 + 7 / 2", lambda x, w, b: x.pow(2) / 2 + 3.5),
    ("x.mean(dim=0) + torch.sum(x, dim=-1, keepdim=True)", lambda x, w, b: x.mean(0) + x.sum(-1, keepdim=True)),
    ("(w * x).sum(0, keepdim=False)", lambda x, w, b: (w * x).sum(0)),
])
def test_allowed_expressions_compute_what_torch_computes(text, expected):
    value, steps = evaluate(parse_expression(text), env())
    assert torch.allclose(value, expected(**env()))
    assert steps == [] or steps[-1][1] is value, "the last step recorded is the result"


@pytest.mark.parametrize("text, key", [
    ("", "empty"), ("x +", "syntax"), ("__import__('os').system('ls')", "unknown_function"),
    ("__import__('os')", "unknown_function"), ("open('secrets')", "unknown_function"), ("x.grad", "not_allowed"),
    ("x.__class__", "not_allowed"), ("x.numpy()", "unknown_function"), ("[1, 2]", "not_allowed"),
    ("lambda: 1", "not_allowed"), ("x if w else b", "not_allowed"), ("y * 2", "unknown_name"),
    ("torch", "unknown_name"), ("torch.exp", "not_allowed"), ("x.exp(dim=0)", "arguments"),
    ("x.pow(1, 2, 3)", "arguments"), ("torch.exp(*x)", "arguments"), ("'a' * 3", "not_number"),
    ("True * x", "not_number"), ("1e9 * x", "big_number"), ("x" + " + x" * 30, "too_long"),
    ("-" * 13 + "x", "too_deep"), ("x" * 121, "too_long"), ("x < w", "not_allowed"), ("x @ w", "not_allowed"),
    ("x[0]", "not_allowed"), ("torch.exp(x).__class__()", "unknown_function"), ("(x := 2)", "not_allowed"),
    ("x.sum(axis=0)", "arguments"), ("x.pow(2, dim=0)", "arguments"), ("x.sum(**w)", "arguments"),
    ("x.sum(dim=w)", "dim_value"), ("x.sum(dim=0.5)", "dim_value"), ("x.sum(dim=True)", "dim_value"),
    ("x.sum(dim=99)", "dim_value"), ("x.mean(0, keepdim=1)", "keepdim_value"), ("x.sum(keepdim=-True)", "keepdim_value"),
])
def test_everything_else_is_refused_with_a_reason(text, key):
    with pytest.raises(ExpressionError) as caught:
        parse_expression(text)
    assert caught.value.message.key == f"autograd_page.errors.{key}"
    assert caught.value.render("zh") and "{" not in caught.value.render("zh")


@pytest.mark.parametrize("text", ["9 ** 9 ** 9", "1 / 0", "x.pow(w, b)", "torch.exp(x, x)", "x.sum(1)",
                                  "x.sum(dim=2)", "x.sum(0, dim=0)"])
def test_what_torch_or_python_cannot_compute_is_an_error_not_a_hang(text):
    with pytest.raises(ExpressionError) as caught:
        evaluate(parse_expression(text), env())
    assert caught.value.message.key == "autograd_page.errors.runtime"


def test_nothing_is_evaluated_by_python(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("eval/exec must not run on user text")
    for name in ("eval", "exec"):  # not compile: ast.parse itself compiles to a syntax tree, which runs nothing
        monkeypatch.setattr(builtins, name, refuse)
    value, _ = evaluate(parse_expression("torch.sigmoid(w * x + b).sum()"), env())
    assert value.shape == ()


def test_integer_arguments_reach_torch_as_integers():
    value, steps = evaluate(parse_expression("x.sum(0) + x.mean(1 - 1)"), env())
    assert value.item() == pytest.approx(4.5) and [text for text, _ in steps][:2] == ["x.sum(0)", "x.mean(1 - 1)"]


@pytest.mark.parametrize("text, call", [
    ("x.sum(w)", lambda x, w, b: x.sum(w)),  # a tensor where a dim goes: torch lists every signature it knows
    ("x.sum(5)", lambda x, w, b: x.sum(5)),  # IndexError: dim out of range
    ("x.sum(0.5)", lambda x, w, b: x.sum(0.5)),
])
def test_what_torch_refuses_keeps_torchs_whole_message(text, call):
    with pytest.raises(Exception) as direct:
        call(**env())
    with pytest.raises(ComputeError) as caught:
        evaluate(parse_expression(text), env())
    assert caught.value.torch_message == f"{type(direct.value).__name__}: {direct.value}".rstrip(), "every line"
    assert caught.value.message.key == "autograd_page.errors.runtime"


@pytest.mark.parametrize("text, piece", [
    ("__class__ * x", "__class__"), ("x.__class__", "x.__class__"), ("'__a__' * x", "'__a__'"),
    ("__import__('os')", "__import__"), ("x.__dict__()", "__dict__"), ("x.sum(axis=0)", "sum"),
    ("x.sum(dim=w.__class__)", "w.__class__"), ("x.sum(keepdim=__debug__)", "__debug__"),
    ("[x, w, b, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] * 2", "[x, w, b, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]"),
])
def test_typed_pieces_are_echoed_literally_and_whole(text, piece):
    with pytest.raises(ExpressionError) as caught:
        parse_expression(text)
    for lang in ("en", "zh"):
        assert literal(piece) in caught.value.render(lang), lang
