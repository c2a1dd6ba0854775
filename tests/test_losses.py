"""The Losses page's maths, checked against torch itself and the textbook formulas."""

import json
import math

import pytest
import torch
import torch.nn.functional as F
from run_snippet import run_script

from core.code.loss_snippets import LOSS_LINE, classification_code, numbers, regression_code
from core.lessons.losses import (PREDICTION_RANGE, REDUCTIONS, START_PREDICTIONS, TARGETS, classify, error_limit, loss_curves,
                         regression_losses)
from core.plots.loss_plots import LOSS_COLOURS, curve_chart, gradient_chart, probability_chart
from core.plots.train_plots import ORANGE, ChartText

PRED, TARG = [0.8, -1.2, 2.1, 3.0], [0.5, -1.0, 2.0, 0.0]


def by_name(results):
    return {r.name: r for r in results}


def test_regression_values_and_grads_match_the_formulas():
    r = by_name(regression_losses(PRED, TARG, beta=1.0, reduction="mean"))
    e = [p - t for p, t in zip(PRED, TARG)]
    n = len(e)
    assert r["L1"].values[0] == pytest.approx(sum(abs(x) for x in e) / n)
    assert r["MSE"].values[0] == pytest.approx(sum(x * x for x in e) / n)
    assert r["L1"].grads == pytest.approx([math.copysign(1, x) / n for x in e])
    assert r["MSE"].grads == pytest.approx([2 * x / n for x in e])
    # SmoothL1 with beta 1: quadratic 0.5 e² inside |e| < 1, linear |e| - 0.5 outside
    smooth = [0.5 * x * x if abs(x) < 1 else abs(x) - 0.5 for x in e]
    assert r["SmoothL1"].values[0] == pytest.approx(sum(smooth) / n)
    assert r["SmoothL1"].grads == pytest.approx([(x if abs(x) < 1 else math.copysign(1, x)) / n for x in e])


@pytest.mark.parametrize("name", ["L1", "MSE", "SmoothL1"])
def test_reductions_agree(name):
    none = by_name(regression_losses(PRED, TARG, 0.5, "none"))[name]
    mean = by_name(regression_losses(PRED, TARG, 0.5, "mean"))[name]
    total = by_name(regression_losses(PRED, TARG, 0.5, "sum"))[name]
    assert len(none.values) == 4 and len(mean.values) == len(total.values) == 1
    assert mean.values[0] == pytest.approx(sum(none.values) / 4)
    assert total.values[0] == pytest.approx(sum(none.values))
    assert total.grads == pytest.approx(none.grads)  # sum's gradient is each element's own
    assert mean.grads == pytest.approx([g / 4 for g in none.grads])


def test_smooth_l1_limits():
    small = by_name(regression_losses(PRED, TARG, beta=1e-6, reduction="none"))
    assert small["SmoothL1"].values == pytest.approx(small["L1"].values, abs=1e-5), "beta → 0 gives L1"
    big = by_name(regression_losses(PRED, TARG, beta=100.0, reduction="none"))
    # for |e| < beta, SmoothL1 = 0.5 e² / beta: times beta it is half of MSE
    assert [v * 100 for v in big["SmoothL1"].values] == pytest.approx([0.5 * v for v in big["MSE"].values])


def test_bad_reduction_is_refused():
    with pytest.raises(ValueError, match="reduction"):
        regression_losses(PRED, TARG, reduction="avg")


def test_loss_curves_have_the_right_shape_and_slopes():
    curves = loss_curves(beta=1.0, limit=3.0, points=61)
    e = torch.tensor(curves.errors)
    assert torch.allclose(torch.tensor(curves.values["MSE"]), e ** 2)
    assert torch.allclose(torch.tensor(curves.values["L1"]), e.abs())
    assert torch.allclose(torch.tensor(curves.slopes["MSE"]), 2 * e)
    expected = F.smooth_l1_loss(e, torch.zeros(61), reduction="none")
    assert torch.allclose(torch.tensor(curves.values["SmoothL1"]), expected)
    # SmoothL1's slope is e inside beta, ±1 outside: never steeper than L1
    assert max(abs(s) for s in curves.slopes["SmoothL1"]) == pytest.approx(1.0)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_the_slope_curves_are_the_gradient_backward_gives_with_that_reduction(reduction):
    curves = loss_curves(beta=0.5, limit=6.0, points=49, reduction=reduction, count=4)
    assert curves.reduction == reduction
    for k in range(0, 49, 4):
        e = curves.errors[k]
        pred = torch.tensor([e, 0.0, 0.0, 0.0], requires_grad=True)  # four predictions, three on their target
        for name, loss_fn in (("L1", F.l1_loss), ("MSE", F.mse_loss),
                              ("SmoothL1", lambda p, t, reduction: F.smooth_l1_loss(p, t, reduction=reduction,
                                                                                   beta=0.5))):
            pred.grad = None
            loss_fn(pred, torch.zeros(4), reduction=reduction).sum().backward()
            assert curves.slopes[name][k] == pytest.approx(pred.grad[0].item(), abs=1e-6), (name, e)


def test_the_curves_reach_every_error_the_sliders_can_make():
    worst = max(abs(end - t) for end in PREDICTION_RANGE for t in TARGETS)
    assert error_limit() == worst == 6.0
    curves = loss_curves(limit=error_limit(), points=11)
    assert curves.errors[0] == -worst and curves.errors[-1] == worst


@pytest.mark.parametrize("logits,target", [([2.0, 1.0, 0.1], 0), ([0.0, -3.0, 4.0, 1.5, 0.2], 1),
                                           ([10.0] * 10, 9)])
def test_cross_entropy_is_nll_of_log_softmax_and_its_grad_is_softmax_minus_onehot(logits, target):
    r = classify(logits, target)
    z, y = torch.tensor([logits]), torch.tensor([target])
    assert r.cross_entropy == pytest.approx(F.cross_entropy(z, y).item())
    assert r.identity_gap < 1e-6
    assert r.grad_gap < 1e-6
    p = torch.softmax(z, 1)[0]
    assert r.probabilities == pytest.approx(p.tolist()) and sum(r.probabilities) == pytest.approx(1.0)
    assert r.cross_entropy == pytest.approx(-math.log(p[target].item()), rel=1e-5)
    assert r.nll_on_logits == pytest.approx(-logits[target]), "NLLLoss only picks -input[target]"
    assert r.nll_on_probabilities == pytest.approx(-p[target].item())
    assert -1 <= r.nll_on_probabilities <= 0, "a 'loss' that can never be positive"


def test_target_outside_the_classes_is_refused():
    with pytest.raises(ValueError, match="outside"):
        classify([1.0, 2.0], 2)


def series_named(option: dict, name: str, kind: str) -> dict:
    return next(s for s in option["series"] if s["name"] == name and s["type"] == kind)


def test_charts_are_strict_json_echarts_options_built_from_the_numbers():
    curves = loss_curves(points=11)
    option = curve_chart(curves.errors, curves.values, {"MSE": ([1.0], [1.0])}, ChartText("t", "x", "y"), (0, 4))
    json.dumps(option, allow_nan=False)  # Streamlit refuses NaN
    assert [s["type"] for s in option["series"]] == ["line", "scatter"] * 3, "a curve and its dots per loss"
    dots = series_named(option, "MSE", "scatter")
    assert [d["value"] for d in dots["data"]] == [[1.0, 1.0]] and "e = 1.00" in dots["data"][0]["tooltip"]["formatter"]
    assert (option["yAxis"]["min"], option["yAxis"]["max"]) == (0, 4) and option["legend"]["data"] == list(LOSS_COLOURS)
    for name, colour in LOSS_COLOURS.items():
        assert series_named(option, name, "line")["lineStyle"]["color"] == colour
        assert series_named(option, name, "scatter")["itemStyle"]["color"] == colour, "one colour per loss"
    wide = curve_chart(curves.errors, curves.values, {"L1": ([-5.0, 0.5], [5.0, 0.5])}, ChartText("t"), (0, 4), (-3, 3))
    assert wide["xAxis"]["min"] < -5.0 and wide["xAxis"]["max"] == 3, "the view grows to keep the far dot in sight"
    assert wide["yAxis"]["max"] > 5.0 and not wide["xAxis"]["axisLabel"]["showMinLabel"], "no label at −5.66"
    bars = probability_chart([0.2, 0.8], 1, ChartText("p"))["series"][0]["data"]
    assert [b["value"] for b in bars] == [0.2, 0.8] and bars[1]["itemStyle"]["color"] == ORANGE != bars[0]["itemStyle"]["color"]
    assert [b["label"]["formatter"] for b in bars] == ["0.20", "0.80"], "each value on top of its bar"
    grads = gradient_chart([0.1, -0.1], [0.1, -0.1], ChartText("g", raw_name="a", smooth_name="b"))
    assert [d["name"] for d in grads["series"]] == ["a", "b"] and grads["legend"]["data"] == ["a", "b"]
    assert (grads["yAxis"]["min"], grads["yAxis"]["max"]) == (-1.05, 1.05)


def test_a_long_title_breaks_onto_a_second_line_and_the_plot_makes_room():
    short = curve_chart([0.0], {"L1": [0.0]}, {}, ChartText("short"))
    long = curve_chart([0.0], {"L1": [0.0]}, {}, ChartText("每个预测自己的损失（reduction=none）"))
    assert "overflow" not in short["title"]["textStyle"] and long["title"]["textStyle"]["overflow"] == "break"
    assert long["title"]["text"] == "每个预测自己的损失\n（reduction=none）", "the bracket starts the second line"
    assert long["grid"]["top"] > short["grid"]["top"]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_regression_snippet_prints_the_page_numbers(reduction, lang, tmp_path, monkeypatch):
    printed = run_script(regression_code(START_PREDICTIONS, TARGETS, 0.5, reduction, lang), tmp_path, monkeypatch)
    for r in regression_losses(START_PREDICTIONS, TARGETS, 0.5, reduction):
        assert LOSS_LINE.format(name=r.name, loss=numbers(r.values), grad=numbers(r.grads)) in printed


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_classification_snippet_prints_the_page_numbers(lang, tmp_path, monkeypatch):
    logits, target = [1.5, -0.5, 3.0, 0.2], 1
    printed = run_script(classification_code(logits, target, lang), tmp_path, monkeypatch)
    r = classify(logits, target)
    assert f"softmax: {numbers(r.probabilities)}" in printed
    assert f"CrossEntropyLoss: {r.cross_entropy:.6f}" in printed
    assert f"NLLLoss(log_softmax): {r.nll:.6f}" in printed
    assert f"grad: {numbers(r.grad)}" in printed and f"softmax - one_hot: {numbers(r.expected_grad)}" in printed
    assert f"NLLLoss(logits): {r.nll_on_logits:.6f}" in printed
    assert f"NLLLoss(softmax): {r.nll_on_probabilities:.6f}" in printed
    gap = float(printed.split("difference: ")[1].split()[0])
    assert gap < 1e-6
