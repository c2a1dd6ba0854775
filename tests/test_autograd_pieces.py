"""The Autograd page's tabs in core: retain_grad on a non-leaf, x.sum(dim), a vector or matrix w, requires_grad_
on a module. Each held to torch itself (or a hand formula), and each shown script run and read back."""

import ast
import re
import warnings
from dataclasses import replace

import pytest
import torch
from run_snippet import run_script

from core.code.autograd_code import freeze_code, reduce_code, retain_grad_code, vector_w_code
from core.lessons.autograd_freeze import FreezeSettings, freeze_and_backward, grad_summary, make_model
from core.lessons.autograd_graph import autograd_graph
from core.lessons.autograd_graph_svg import graph_picture
from core.lessons.autograd_lab import AutogradSettings, make_leaves, run_autograd
from core.lessons.autograd_reduce import (DIMS, OPS, ReduceError, ReduceSettings, call_text, hand_grad,
                                          reduce_and_backward, result_shape)
from core.lessons.autograd_retain import non_leaf_choices, retain_grad_run, split_expression
from core.lessons.autograd_vector_w import FORMS, VectorWSettings, hand_grads, run_vector_w
from core.lessons.expression import evaluate, parse_expression

LINEAR = AutogradSettings()  # w * x + b at x = 2, w = 3, b = 1
NESTED = AutogradSettings(expression="torch.sigmoid(w * x + b) * (w * x)", x=(1.0, -0.5, 2.0), v=(1.0, 2.0, -1.0))


def printed_lines(out: str, prefix: str) -> list[str]:
    return [line.removeprefix(prefix) for line in out.splitlines() if line.startswith(prefix)]


# --- retain_grad -------------------------------------------------------------------------------------------

def test_the_non_leaves_are_the_pieces_with_a_grad_fn():
    assert non_leaf_choices(LINEAR) == ["w * x", "w * x + b"]
    assert non_leaf_choices(replace(LINEAR, requires_grad=())) == []
    assert non_leaf_choices(replace(LINEAR, expression="x")) == []
    assert split_expression("w*x + b", "w * x") == ("w * x", "h + b")
    assert split_expression(NESTED.expression, "w * x")[1] == "torch.sigmoid(h + b) * h", "every use of the piece"


def test_without_retain_grad_a_non_leaf_has_no_grad_and_torch_warns():
    run = retain_grad_run(LINEAR, "w * x", retained=False)
    facts = {f.name: f for f in run.facts}
    assert (facts["x"].is_leaf, facts["x"].grad_fn, facts["x"].grad.item()) == (True, None, 3.0)
    assert (facts["h"].is_leaf, facts["h"].grad_fn, facts["h"].grad) == (False, "MulBackward0", None)
    assert facts["out"].grad is None and facts["out"].grad_fn == "AddBackward0"
    assert run.warning.startswith("The .grad attribute of a Tensor that is not a leaf Tensor is being accessed")
    assert "retain_grad()" in run.warning and "Triggered internally" not in run.warning


@pytest.mark.parametrize("settings", [LINEAR, NESTED], ids=["linear", "nested-vector"])
def test_retain_grad_keeps_what_torch_autograd_grad_finds(settings):
    for piece in non_leaf_choices(settings):
        run = retain_grad_run(settings, piece, retained=True)
        name = run.name
        kept = {f.name: f for f in run.facts}[name]
        assert kept.grad is not None and kept.warned is None
        assert torch.allclose(kept.grad, oracle(settings, piece)), piece
        assert run.tensors[name].shape == kept.grad.shape


def oracle(settings, piece):
    """d out / d piece by torch.autograd.grad on a forward pass of our own: out = rest(h), h = piece."""
    leaves = make_leaves(settings)
    picked, rest = split_expression(settings.expression, piece)
    h, _ = evaluate(parse_expression(picked), leaves)
    out = h if rest == "h" else evaluate(ast.parse(rest, mode="eval"), {**leaves, "h": h})[0]
    (grad,) = torch.autograd.grad(out, h, None if out.dim() == 0 else torch.tensor(settings.v))
    return grad


def test_naming_a_piece_changes_no_leaf_gradient():
    plain = run_autograd(NESTED).grads
    for piece in non_leaf_choices(NESTED):
        facts = {f.name: f.grad for f in retain_grad_run(NESTED, piece, retained=True).facts}
        for leaf in "xwb":
            assert torch.allclose(facts[leaf], plain[leaf]), (piece, leaf)


def test_the_graph_marks_the_picked_non_leaf_with_its_grad():
    for retained, label in [(False, "grad None"), (True, "grad 1")]:
        run = retain_grad_run(LINEAR, "w * x", retained)
        nodes = autograd_graph(run.output, run.leaves, run.steps, {"h": run.tensors["h"]})
        assert [n.named for n in nodes if n.named] == ["h"]
        svg = graph_picture(nodes, {f.name: f.grad for f in run.facts}).svg
        assert f">{label}</text>" in svg and '<tspan font-weight="bold">h</tspan> · MulBackward0' in svg


@pytest.mark.parametrize("settings, piece", [(LINEAR, "w * x"), (LINEAR, "w * x + b"), (NESTED, "w * x"),
                                             (NESTED, "torch.sigmoid(w * x + b)")])
@pytest.mark.parametrize("retained", [False, True])
def test_the_retain_code_prints_what_the_page_shows(settings, piece, retained, tmp_path, monkeypatch):
    run = retain_grad_run(settings, piece, retained)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = run_script(retain_grad_code(settings, piece, retained), tmp_path, monkeypatch)
    for fact in run.facts:
        assert (f"{fact.name}: is_leaf={fact.is_leaf} requires_grad={fact.requires_grad} "
                f"grad_fn={fact.grad_fn} grad = {fact.grad!s}") in out, (fact, out)
    said = [str(w.message) for w in caught if "not a leaf Tensor" in str(w.message)]
    assert bool(said) == (run.warning is not None)
    if said:
        assert said[0].startswith(run.warning), "the page shows torch's own words"


# --- reductions -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("op", OPS)
@pytest.mark.parametrize("dim", [d for d in DIMS if d != 2])
@pytest.mark.parametrize("keepdim", [False, True])
def test_a_reduction_sends_v_back_along_the_reduced_dim(op, dim, keepdim):
    settings = ReduceSettings(rows=3, cols=4, op=op, dim=dim, keepdim=keepdim)
    shape = result_shape(settings)
    v = tuple(float(i + 2) for i in range(int(torch.Size(shape).numel()))) if shape else None
    run = reduce_and_backward(replace(settings, v=v))
    assert tuple(run.out.shape) == shape
    assert torch.allclose(run.grad, hand_grad(run))
    x = torch.arange(1.0, 13.0).reshape(3, 4).requires_grad_()
    oracle = getattr(x, op)() if dim is None else getattr(x, op)(dim, keepdim=keepdim)
    assert torch.equal(run.out, oracle)
    colours = run.feeds  # the cells drawn in one colour are the cells summed into one result element
    for k in range(run.out.numel()):
        assert torch.isclose(run.out.flatten()[k], getattr(run.x[colours == k], op)())


def test_sum_zero_on_two_by_three_by_the_numbers():
    run = reduce_and_backward(ReduceSettings(v=(1.0, 2.0, 3.0)))
    assert run.out.tolist() == [5.0, 7.0, 9.0] and run.grad.tolist() == [[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]
    assert call_text(ReduceSettings(op="mean", dim=1, keepdim=True)) == "x.mean(dim=1, keepdim=True)"


def test_a_dim_out_of_range_is_refused_with_torchs_words():
    with pytest.raises(ReduceError) as caught:
        result_shape(ReduceSettings(dim=2))
    assert "Dimension out of range" in caught.value.torch_message
    assert "0 to 1" in caught.value.render("en") and "{" not in caught.value.render("zh")


@pytest.mark.parametrize("settings", [ReduceSettings(), ReduceSettings(op="mean", dim=1, keepdim=True, v=(2.0, -1.0)),
                                      ReduceSettings(dim=None), ReduceSettings(rows=3, cols=2, op="mean", dim=-1)])
def test_the_reduce_code_prints_what_the_page_draws(settings, tmp_path, monkeypatch):
    run = reduce_and_backward(settings)
    out = run_script(reduce_code(settings), tmp_path, monkeypatch)
    assert printed_lines(out, "out = ") == [str(run.out.tolist())]
    assert printed_lines(out, "out.shape = ") == [str(tuple(run.out.shape))]
    assert printed_lines(out, "x.grad = ") == [str(run.grad.tolist())]


# --- a vector or matrix w ---------------------------------------------------------------------------------

@pytest.mark.parametrize("form", list(FORMS))
def test_vector_and_matrix_w_grads_match_the_hand_formulas(form):
    settings = VectorWSettings(form=form, n=4, m=3, v=(1.0, -2.0, 0.5, 3.0) if form == "mul" else (1.0, -2.0, 0.5))
    run = run_vector_w(settings)
    w_hand, x_hand = hand_grads(run)
    assert torch.allclose(run.w_grad, w_hand) and torch.allclose(run.x_grad, x_hand)
    if form in ("sum", "dot"):
        assert run.refused is None and run.out.dim() == 0 and torch.equal(run.w_grad, run.x)
    else:
        assert run.refused.message.key == "autograd_page.backward.non_scalar"
        assert "implicitly created only for scalar outputs" in run.refused.torch_message
        jacobian_w = torch.autograd.functional.jacobian(lambda w: w @ run.x if form == "matrix" else w * run.x, run.w)
        assert torch.allclose(run.w_grad, torch.tensordot(run.v, jacobian_w, dims=1)), "vᵀJ"


@pytest.mark.parametrize("settings", [VectorWSettings(), VectorWSettings(form="dot", n=5),
                                      VectorWSettings(form="mul", v=(1.0, 2.0, -1.0)),
                                      VectorWSettings(form="matrix", n=2, m=4, v=(1.0, 0.0, -1.0, 2.0))])
def test_the_vector_w_code_prints_what_the_page_shows(settings, tmp_path, monkeypatch):
    run = run_vector_w(settings)
    out = run_script(vector_w_code(settings), tmp_path, monkeypatch)
    name = "W" if settings.form == "matrix" else "w"
    assert printed_lines(out, f"{name}.grad = ") == [str(run.w_grad.tolist())]
    assert printed_lines(out, "x.grad = ") == [str(run.x_grad.tolist())]
    assert printed_lines(out, "out = ") == [str(run.out.tolist())]
    if run.refused is not None:
        assert f"out.backward() -> RuntimeError: {run.refused.torch_message}" in out


# --- requires_grad_ on a module ---------------------------------------------------------------------------

def test_freezing_leaves_only_the_unfrozen_layers_with_grads():
    every = freeze_and_backward(FreezeSettings(freeze_all=False, unfreeze=()))
    head = freeze_and_backward(FreezeSettings())
    first = freeze_and_backward(FreezeSettings(unfreeze=(0,)))
    assert (every.trainable, every.total, head.trainable, first.trainable) == (23, 23, 8, 15)
    assert [p.grad is None for p in head.parameters] == [True, True, False, False]
    assert [p.grad is None for p in first.parameters] == [False, False, True, True]
    by_name = {p.name: p.grad for p in every.parameters}
    for p in first.parameters[:2]:  # a frozen model[2] still passes the gradient through to model[0]
        assert torch.equal(p.grad, by_name[p.name])
    model = make_model()
    assert sum(p.numel() for p in model.parameters()) == 23


def test_a_model_frozen_whole_cannot_backward():
    run = freeze_and_backward(FreezeSettings(unfreeze=()))
    assert run.trainable == 0 and all(p.grad is None for p in run.parameters)
    assert run.error.message.key == "autograd_page.freeze.nothing_trains"
    assert "does not require grad" in run.error.torch_message


@pytest.mark.parametrize("settings", [FreezeSettings(), FreezeSettings(False, ()), FreezeSettings(True, ()),
                                      FreezeSettings(True, (0, 2))])
def test_the_freeze_code_prints_what_the_page_shows(settings, tmp_path, monkeypatch):
    run = freeze_and_backward(settings)
    out = run_script(freeze_code(settings), tmp_path, monkeypatch)
    for p in run.parameters:
        assert f"{p.name}: requires_grad={p.requires_grad} grad={grad_summary(p.grad)}" in out, out
    assert re.search(rf"trainable parameters: {run.trainable} of {run.total}\b", out)
    if run.error is not None:
        assert run.error.torch_message in out
