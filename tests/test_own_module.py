"""Your own nn.Module (core/lessons/own_module*.py), checked against PyTorch itself: what model(x) calls,
named_parameters, children() against modules(), and nn.init's spreads against their formulas."""

import math

import pytest
import torch
from torch import nn

from core.common.i18n import LANGUAGES, translate
from core.lessons.own_module import (ACTIVATIONS, BATCH, KINDS, LAYOUTS, NetSpec, build_net, check_spec, child_list,
                                     freeze_all_but_head, module_list, parameter_rows, trace_call)
from core.lessons.own_module_init import BINS, SCHEMES, compare_init, expected_counts, expected_std, fans, weight_names

NET = NetSpec("convnet", channels=8, blocks=2)


def hooks_left(model: nn.Module) -> int:
    return sum(len(m._forward_hooks) + len(m._forward_pre_hooks) for m in model.modules())


def test_seed_002s_tudui_adds_one_and_has_nothing_to_learn():
    tudui, x = build_net(NetSpec("tudui", value=1.0))
    calls, out = trace_call(tudui, x)
    assert out.item() == 2.0 and list(tudui.parameters()) == []
    assert [(c.event, c.name, c.tensor) for c in calls] == [("forward_pre_hook", "", "tensor(1.)"),
                                                            ("forward_hook", "", "tensor(2.)")]
    assert child_list(tudui) == [] and module_list(tudui) == [("", "Tudui")]
    assert trace_call(tudui, x, direct=True)[0] == [], "forward itself runs no hook of the module"


def test_model_x_runs_each_forward_between_its_own_two_hooks():
    model, x = build_net(NET)
    calls, out = trace_call(model, x)
    assert out.shape == (BATCH, 10)
    assert (calls[0].event, calls[0].name) == ("forward_pre_hook", "") and (calls[-1].event, calls[-1].name) == (
        "forward_hook", "")
    open_ = []  # a stack: every hook closes the module most recently opened, so calls nest
    for call in calls:
        if call.event == "forward_pre_hook":
            open_.append(call.name)
        else:
            assert open_.pop() == call.name
    assert not open_ and len(calls) == 2 * len(module_list(model))
    conv = next(c for c in calls if c.name == "features.0" and c.event == "forward_hook")
    assert conv.tensor == f"shape {[BATCH, 8, 32, 32]}" and conv.depth == 2


def test_forward_skips_only_the_models_own_hooks():
    model, x = build_net(NET)
    through_call, out = trace_call(model, x)
    direct, same = trace_call(model, x, direct=True)
    assert torch.equal(out, same)
    assert direct == through_call[1:-1], "the layers forward calls still go through their __call__"


def test_no_hook_is_left_behind_even_after_an_error():
    model, x = build_net(NET)
    trace_call(model, x)
    assert hooks_left(model) == 0
    with pytest.raises(RuntimeError):
        trace_call(model, torch.zeros(1, 5, 32, 32))  # 5 channels into Conv2d(3, …)
    assert hooks_left(model) == 0


def test_both_layouts_build_the_same_weights_and_outputs():
    (seq, x), (attrs, _) = build_net(NET), build_net(NetSpec("convnet", layout="attributes"))
    assert [p.shape for p in seq.parameters()] == [p.shape for p in attrs.parameters()]
    assert all(torch.equal(a, b) for a, b in zip(seq.parameters(), attrs.parameters()))
    assert torch.equal(seq(x), attrs(x))
    assert [n for n, _ in seq.named_parameters()][:2] == ["features.0.weight", "features.0.bias"]
    assert [n for n, _ in attrs.named_parameters()][:2] == ["conv1.weight", "conv1.bias"]


def test_named_parameters_children_and_modules():
    model, _ = build_net(NET)
    rows = parameter_rows(model)
    assert sum(r.numel for r in rows) == sum(p.numel() for p in model.parameters()) == 216 + 8 + 1152 + 16 + 10250
    assert [r.shape for r in rows][-2:] == [(10, 16 * 8 * 8), (10,)]
    freeze_all_but_head(model)
    assert [r.name for r in parameter_rows(model) if r.requires_grad] == ["classifier.weight", "classifier.bias"]
    assert child_list(model) == [("features", "Sequential"), ("flatten", "Flatten"), ("classifier", "Linear")]
    assert [name for name, _ in module_list(model)] == ["", "features", *[f"features.{i}" for i in range(6)],
                                                         "flatten", "classifier"]
    flat, _ = build_net(NetSpec("convnet", blocks=1, layout="attributes"))
    assert [("", "SmallNet"), *child_list(flat)] == module_list(flat), "no nesting: modules = the model + children"


@pytest.mark.parametrize("spec", [NetSpec("lenet"), NetSpec("convnet", blocks=5), NetSpec("convnet", activation="x")])
def test_a_spec_that_cannot_be_built_says_why(spec):
    with pytest.raises(ValueError):
        check_spec(spec)


def test_default_init_is_kaiming_uniform_with_a_sqrt_5():
    weight = nn.Linear(2000, 500).weight
    fan_in, fan_out = fans(weight)
    assert (fan_in, fan_out) == (2000, 500)
    assert weight.std().item() == pytest.approx(expected_std("default", fan_in, fan_out, NET), rel=0.02)
    assert fans(nn.Conv2d(3, 8, 3).weight) == (27, 72)


@pytest.mark.parametrize("scheme, activation", [(s, "relu") for s in SCHEMES] + [
    ("kaiming_normal_", "tanh"), ("kaiming_uniform_", "leaky_relu"), ("kaiming_normal_", "sigmoid")])
def test_each_scheme_gives_the_std_its_formula_promises(scheme, activation):
    spec = NetSpec("convnet", channels=8, blocks=1, activation=activation)
    result = compare_init(spec, scheme, std=0.05, layer="classifier.weight")  # 10 × 2048 weights
    big = result.weights[-1]
    assert big.std_after == pytest.approx(big.expected_after, rel=0.03, abs=1e-9)
    assert big.std_before == pytest.approx(big.expected_before, rel=0.03)
    n = 10 * 8 * 16 * 16
    assert sum(result.counts_before) == sum(result.counts_after) == n
    if scheme != "zeros_":
        assert sum(result.expected_after) == pytest.approx(n, rel=0.01)
        worst = max(abs(c - e) for c, e in zip(result.counts_after, result.expected_after))
        assert worst < 5 * math.sqrt(n / BINS) + 5, "the bars follow the dotted line"


def test_the_spread_tells_the_lessons_the_page_states():
    deep = NetSpec("convnet", channels=8, blocks=4)
    convs = lambda r: [(b, a) for _, kind, b, a in r.spread if kind == "Conv2d"]  # noqa: E731
    default, kaiming = zip(*convs(compare_init(deep, "kaiming_normal_")))
    assert max(kaiming) / min(kaiming) < 2.5 and default[0] / default[-1] > 4, "level with kaiming, sinking by default"
    tiny = [a for _, a in convs(compare_init(deep, "normal_", std=0.01))]
    assert tiny[-1] < tiny[0] / 100, "vanishing"
    huge = compare_init(deep, "normal_", std=1.0).spread
    assert huge[-1][3] > 1000 * huge[0][3], "exploding"
    zeros = compare_init(deep, "zeros_").spread
    assert zeros[0][3] > 0 and all(after == 0 for *_, after in zeros[1:])


def test_expected_counts_cover_the_whole_draw():
    assert sum(expected_counts("xavier_normal_", 0.1, 1000, 1.0)) == pytest.approx(1000, rel=1e-6)
    assert sum(expected_counts("kaiming_uniform_", 0.1, 1000, 1.0)) == pytest.approx(1000)
    assert expected_counts("zeros_", 0.0, 1000, 1.0) == []


def test_the_weights_to_choose_from_are_the_ones_compared():
    spec = NetSpec("convnet", blocks=3, layout="attributes")
    assert weight_names(spec) == [w.name for w in compare_init(spec, "xavier_normal_").weights] == [
        "conv1.weight", "conv2.weight", "conv3.weight", "classifier.weight"]


def test_tudui_has_nothing_to_initialise():
    with pytest.raises(ValueError, match="Tudui"):
        compare_init(NetSpec("tudui"), "kaiming_normal_")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_the_tab_builds_from_data_exists(lang):
    keys = [f"own_module.kind_{k}" for k in KINDS] + [f"own_module.layout_{k}" for k in LAYOUTS]
    keys += [f"own_module.class_notes_{k}" for k in KINDS] + [f"own_module.lesson_{s}" for s in SCHEMES]
    keys += [f"own_module.children_explained_{k}" for k in ("tudui", *LAYOUTS)]
    assert all(translate(lang, key, before="1", after="2") for key in keys)
    assert len(ACTIVATIONS) == 5
