"""The "Build your own nn.Module" script (core/code/module_snippets.py) run as a person would: it prints
the page's hook trace, named_parameters, children, modules, nn.init's spreads and histogram counts."""

import ast

import pytest
from run_snippet import run_script
from snippet_prints import printed_values

from core.code.module_snippets import PARAM_LINE, SPREAD_LINE, WEIGHT_LINE, class_source, module_script
from core.lessons.own_module import (NetSpec, build_net, child_list, freeze_all_but_head, module_list,
                                     parameter_rows, trace_call, trace_line)
from core.lessons.own_module_init import compare_init


def page_lines(spec: NetSpec, direct: bool, frozen: bool) -> tuple[list[str], list[str]]:
    """What the page shows above nn.init, in the script's formats: the hook trace, then named_parameters."""
    model, x = build_net(spec)
    root = "tudui" if spec.kind == "tudui" else "model"
    calls, _ = trace_call(model, x, direct)
    if frozen:
        freeze_all_but_head(model)
    params = [PARAM_LINE.format(name=r.name, shape=str(list(r.shape)), requires_grad=r.requires_grad, numel=r.numel)
              for r in parameter_rows(model)]
    return [trace_line(c, root) for c in calls], params


def init_lines(spec: NetSpec, scheme: str, std: float, layer: str) -> tuple[list[str], object]:
    result = compare_init(spec, scheme, std, layer)
    weights = [WEIGHT_LINE.format(name=w.name, fan_in=w.fan_in, fan_out=w.fan_out, before=w.std_before,
                                  after=w.std_after) for w in result.weights]
    spread = [SPREAD_LINE.format(name=n, kind=k, before=b, after=a) for n, k, b, a in result.spread]
    return weights + spread, result


def test_tudui_script_prints_x_plus_one_and_no_parameters(tmp_path, monkeypatch):
    spec, lang = NetSpec("tudui", value=2.5), "zh"  # the comments in Chinese: still a script that runs
    out = run_script(module_script(spec, lang=lang), tmp_path, monkeypatch)
    assert out.splitlines()[:2] == page_lines(spec, False, False)[0]
    values = printed_values(out)
    assert values["out"] == "tensor(3.5000)" and values["parameters"] == "0"
    assert values["children"] == "[]" and values["modules"] == """["'' (Tudui)"]"""
    assert "nn.init" not in module_script(spec, lang=lang)


@pytest.mark.parametrize("spec, direct, frozen, scheme, std, layer", [
    (NetSpec("convnet"), False, False, "kaiming_normal_", 0.01, ""),
    (NetSpec("convnet", 4, 3, "tanh", "attributes"), True, True, "xavier_uniform_", 0.01, "conv2.weight"),
    (NetSpec("convnet", 16, 1, "leaky_relu"), False, True, "normal_", 0.5, "classifier.weight"),
    (NetSpec("convnet", 8, 2, "gelu"), False, False, "zeros_", 0.01, "features.3.weight"),
], ids=["default", "attributes-forward-frozen", "normal", "zeros"])
def test_conv_script_prints_the_pages_numbers(tmp_path, monkeypatch, spec, direct, frozen, scheme, std, layer):
    out = run_script(module_script(spec, direct, frozen, scheme, std, layer), tmp_path, monkeypatch)
    lines = out.splitlines()
    trace, params = page_lines(spec, direct, frozen)
    assert lines[:len(trace)] == trace
    assert lines[len(trace)] == "out = shape [8, 10]"
    assert lines[len(trace) + 1:len(trace) + 1 + len(params)] == params
    model, _ = build_net(spec)
    values = printed_values(out)
    assert values["out"] == "shape [8, 10]"
    assert values["parameters"] == str(sum(p.numel() for p in model.parameters()))
    assert ast.literal_eval(values["children"]) == [f"{n!r} ({k})" for n, k in child_list(model)]
    assert ast.literal_eval(values["modules"]) == [f"{n!r} ({k})" for n, k in module_list(model)]
    numbers, result = init_lines(spec, scheme, std, layer or None)
    for line in numbers:
        assert line in lines
    assert values["limit"] == f"{result.limit:.6f}"
    assert ast.literal_eval(values["histogram before"]) == result.counts_before
    assert ast.literal_eval(values["histogram after"]) == result.counts_after


@pytest.mark.parametrize("layout", ["sequential", "attributes"])
def test_the_class_shown_is_the_class_the_page_runs(layout):
    """The shown source, executed, builds the page's net: same names, shapes and (seeded) weights."""
    import torch
    from torch import nn

    spec = NetSpec("convnet", 8, 3, "sigmoid", layout)
    namespace = {"nn": nn}
    exec(class_source(spec), namespace)  # noqa: S102 (our own generated source)
    torch.manual_seed(0)
    shown = namespace["SmallNet"]()
    ours, _ = build_net(spec)
    assert [(n, p.shape) for n, p in shown.named_parameters()] == [(n, p.shape) for n, p in ours.named_parameters()]
    assert all(torch.equal(a, b) for a, b in zip(shown.parameters(), ours.parameters()))
    assert module_list(shown) == module_list(ours)
