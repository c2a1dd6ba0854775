"""Autograd core: grads against hand-derived formulas and torch.autograd.grad, the graph torch built, the code."""

from dataclasses import replace

import pytest
import torch
from run_snippet import run_script
from snippet_prints import printed_values

from core.code.autograd_code import autograd_code
from core.lessons.autograd_graph import autograd_graph, short
from core.lessons.autograd_graph_svg import graph_picture
from core.lessons.autograd_lab import (PRESETS, AutogradSettings, autograd_grad, autograd_off_facts, hand_grads,
                               matching_preset, run_autograd)

SCALAR = AutogradSettings(x=(2.0,), w=3.0, b=1.0)
VECTOR = AutogradSettings(x=(1.0, -0.5, 2.0), w=-1.5, b=0.5, v=(1.0, 2.0, -1.0))


@pytest.mark.parametrize("base", [SCALAR, VECTOR], ids=["scalar", "vector"])
@pytest.mark.parametrize("name", list(PRESETS))
def test_autograd_finds_the_hand_derived_gradient(name, base):
    settings = replace(base, expression=PRESETS[name].expression)
    run = run_autograd(settings)
    assert run.error is None
    hand, independent = hand_grads(PRESETS[name], settings), autograd_grad(settings)
    for leaf in "xwb":
        if leaf in PRESETS[name].formulas:
            assert torch.allclose(run.grads[leaf], hand[leaf], atol=1e-6), (leaf, run.grads[leaf], hand[leaf])
            assert torch.allclose(run.grads[leaf], independent[leaf], atol=1e-6)
        else:
            assert run.grads[leaf] is None and independent[leaf] is None, "a leaf out does not use gets no .grad"


def test_the_linear_preset_by_the_numbers():
    run = run_autograd(SCALAR)
    assert run.output.item() == 7.0 and [run.grads[n].item() for n in "xwb"] == [3.0, 2.0, 1.0]


def test_backward_twice_doubles_and_zero_resets():
    once = run_autograd(SCALAR).grads
    thrice = run_autograd(replace(SCALAR, calls=3)).grads
    zeroed = run_autograd(replace(SCALAR, calls=0)).grads
    for n in "xwb":
        assert torch.equal(thrice[n], 3 * once[n]) and torch.equal(zeroed[n], torch.zeros_like(once[n]))


def test_a_vector_output_needs_v_and_v_weights_the_jacobian():
    refused = run_autograd(replace(VECTOR, v=None))
    assert refused.error.message.key == "autograd_page.backward.non_scalar"
    assert "grad can be implicitly created only for scalar outputs" in refused.error.torch_message
    ones = run_autograd(replace(VECTOR, v=(1.0, 1.0, 1.0)))
    summed = run_autograd(replace(VECTOR, v=None, expression="(w * x + b).sum()"))
    assert all(torch.equal(ones.grads[n], summed.grads[n]) for n in "xwb"), "v of ones = gradient of the sum"
    jacobian = torch.autograd.functional.jacobian(lambda x: -1.5 * x + 0.5, torch.tensor([1.0, -0.5, 2.0]))
    assert torch.allclose(run_autograd(VECTOR).grads["x"], torch.tensor([1.0, 2.0, -1.0]) @ jacobian)


def test_untracked_leaves_get_no_grad_and_leave_the_graph():
    run = run_autograd(replace(SCALAR, requires_grad=("w",)))
    assert run.grads == {"x": None, "w": run.grads["w"], "b": None} and run.grads["w"].item() == 2.0
    leaves = [n.leaf for n in autograd_graph(run.output, run.leaves, run.steps) if n.leaf]
    assert leaves == ["w"]
    nothing = run_autograd(replace(SCALAR, requires_grad=()))
    assert nothing.error.message.key == "autograd_page.backward.no_grad_fn"
    assert autograd_graph(nothing.output, nothing.leaves, nothing.steps) == []


def test_no_grad_and_detach():
    facts = autograd_off_facts(SCALAR)
    assert (facts.requires_grad, facts.no_grad_grad_fn, facts.detach_requires_grad, facts.detach_grad_fn) == \
        ("True", "None", "False", "None")


def test_the_graph_is_the_one_torch_recorded():
    run = run_autograd(replace(SCALAR, expression="torch.sigmoid(w * x + b)"))
    nodes = autograd_graph(run.output, run.leaves, run.steps)
    assert [n.name for n in nodes] == ["SigmoidBackward0", "AddBackward0", "MulBackward0", "AccumulateGrad",
                                       "AccumulateGrad", "AccumulateGrad"]
    assert {n.leaf for n in nodes if n.leaf} == {"x", "w", "b"}
    add = nodes[1]
    assert add.text == "w * x + b" and add.value.item() == 7.0 and add.inputs == [2, 3]
    assert [n.depth for n in nodes] == [0, 1, 2, 2, 3, 3]
    assert nodes[0].value.item() == pytest.approx(torch.sigmoid(torch.tensor(7.0)).item())
    picture = graph_picture(nodes, run.grads)
    assert len(picture.arrows) == 5, "one arrow per edge"
    assert ">grad 0.0018" in picture.svg, "leaves' .grad"
    assert picture.height == 90 * 3 + 20, "three leaves: three rows, tight margins"


def test_a_shared_input_is_one_node_with_two_arrows():
    run = run_autograd(replace(SCALAR, expression="x * x + x"))
    nodes = autograd_graph(run.output, run.leaves, run.steps)
    assert sum(1 for n in nodes if n.leaf == "x") == 1
    assert run.grads["x"].item() == 5.0  # 2x + 1 at x = 2


def test_matching_presets_and_labels():
    assert matching_preset("w*x+b") is PRESETS["linear"] and matching_preset("x * w + b") is None
    assert matching_preset("((") is None
    assert short(torch.tensor([1.0, 2.5])) == "[1, 2.5]" and short(None) == ""


@pytest.mark.parametrize("settings", [
    SCALAR, VECTOR, replace(VECTOR, v=None), replace(SCALAR, calls=3), replace(SCALAR, calls=0),
    replace(SCALAR, requires_grad=("x",), expression="torch.sigmoid(w * x + b)"), replace(SCALAR, requires_grad=()),
    replace(VECTOR, expression=PRESETS["squared_error"].expression), replace(SCALAR, expression="2 + 3"),
], ids=["scalar", "vector", "vector-no-v", "three-calls", "zeroed", "only-x", "nothing", "mse", "constant"])
def test_the_code_prints_what_the_lab_computes(settings, tmp_path, monkeypatch):
    run = run_autograd(settings)
    code = autograd_code(settings, non_scalar=run.output.dim() > 0)
    out = run_script(code, tmp_path, monkeypatch)
    printed = printed_values(out)
    assert printed["out"] == str(run.output)
    for n in "xwb":
        assert printed[f"{n}.grad"] == str(run.grads[n]), n
    if run.error is not None:
        assert run.error.torch_message in out
    assert printed["no_grad: quiet.grad_fn"] == "None"
    drawn = {node.name for node in autograd_graph(run.output, run.leaves, run.steps)}
    walked = {line.removeprefix("graph:").strip() for line in out.splitlines() if line.startswith("graph:")}
    assert walked == drawn, "the code walks the graph the page draws"
