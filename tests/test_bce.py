"""Two classes on the Losses page: BCELoss(sigmoid) against BCEWithLogitsLoss, checked against the formulas and
torch itself; the script the page shows, run; the tab under AppTest in both languages."""

import json
import math

import pytest
import torch
from apptest_pages import open_page_on_tab
from markdown_tables import tables
from run_snippet import run_script

from core.code.loss_snippets import BINARY_LINE, binary_code, figure
from core.lessons.bce import GRAD_EPS, LOG_CLAMP, binary_curves, binary_losses, saturation_logit

PAGE = "pages/losses.py"


def softplus(x: float) -> float:
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


@pytest.mark.parametrize("logit", [-5.0, -0.5, 0.0, 1.25, 4.0])
@pytest.mark.parametrize("target", [0, 1])
def test_moderate_logits_give_the_same_loss_and_the_textbook_gradient(logit, target):
    r = binary_losses(logit, target, "float64", pos_weight=2.5)
    exact = softplus(logit) if target == 0 else softplus(-logit)  # −log(1 − σ(z)) or −log σ(z)
    sigma = 1 / (1 + math.exp(-logit))
    assert r.verdict == "agree"
    assert r.bce == pytest.approx(exact, rel=1e-9) and r.with_logits == pytest.approx(exact, rel=1e-12)
    assert r.bce_grad == pytest.approx(sigma - target, rel=1e-9) and r.with_logits_grad == pytest.approx(sigma - target)
    assert r.cross_entropy == pytest.approx(exact) and r.cross_entropy_grad == pytest.approx(sigma - target)
    weight = 2.5 if target == 1 else 1.0  # pos_weight scales the positives only
    assert r.weighted == pytest.approx(weight * exact) and r.weighted_grad == pytest.approx(weight * (sigma - target))


@pytest.mark.parametrize("logit", [20.0, 50.0, 100.0])
def test_a_large_wrong_logit_saturates_float32_sigmoid_and_bce_clamps_to_100_with_no_gradient(logit):
    r = binary_losses(logit, 0, "float32")
    assert r.probability == 1.0 and torch.sigmoid(torch.tensor(logit)).item() == 1.0, "exactly 1.0 in float32"
    assert r.bce == LOG_CLAMP and r.bce_grad == 0.0, "log(1 − 1.0) = −inf, clamped to −100; nothing flows back"
    assert r.with_logits == pytest.approx(logit) and r.with_logits_grad == 1.0, "the truth: loss ≈ z, grad σ(z) − 0"
    assert r.verdict == "saturated"


def test_where_each_dtype_saturates():
    assert saturation_logit("float32") == 16.75 and saturation_logit("float64") == 36.75
    assert binary_losses(16.5, 0, "float32").probability < 1.0 <= binary_losses(16.75, 0, "float32").probability
    assert binary_losses(20.0, 0, "float64").verdict != "saturated", "float64 has digits left at 20"
    assert binary_losses(40.0, 0, "float64").verdict == "saturated"


def test_the_gradient_goes_wrong_long_before_the_loss_does():
    r = binary_losses(-30.0, 1, "float32")
    assert r.bce == pytest.approx(30.0) and r.with_logits == pytest.approx(30.0), "the losses still agree"
    assert r.with_logits_grad == pytest.approx(-1.0)
    # BCELoss's backward divides by max(p(1 − p), 1e-12): (p − 1)·p(1 − p) / 1e-12 ≈ −p·1e12
    assert r.bce_grad == pytest.approx(-r.probability / GRAD_EPS, rel=1e-3) and abs(r.bce_grad) < 0.1
    assert r.verdict == "grad_off" and r.p_times_q < GRAD_EPS


def test_the_log_clamp_caps_the_loss_at_100_even_when_sigmoid_is_not_zero():
    r = binary_losses(-105.0, 1, "float64")
    assert 0 < r.probability < 1e-45, "float64 still holds σ(−105)"
    assert r.bce == LOG_CLAMP and r.with_logits == pytest.approx(105.0) and r.verdict == "log_clamp"
    assert binary_losses(-105.0, 1, "float32").verdict == "saturated", "float32's σ(−105) is exactly 0.0"


def test_loss_off_is_digits_lost_near_1():
    r = binary_losses(12.0, 0, "float32")
    assert r.verdict == "loss_off" and 1e-4 < abs(r.bce - 12.0) / 12.0 < 1e-2
    assert r.with_logits == pytest.approx(12.0, rel=1e-6)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("target", [0, 1])
def test_the_curves_are_the_per_logit_numbers_and_each_verdict_has_its_cause(dtype, target):
    curves = binary_curves(target, dtype, (-110.0, 110.0), 221)  # 1 apart
    assert len(curves.logits) == len(curves.bce) == len(curves.with_logits_grad) == 221
    for k in range(0, 221, 5):
        r = binary_losses(curves.logits[k], target, dtype)
        assert curves.with_logits[k] == pytest.approx(r.with_logits, rel=1e-5, abs=1e-30)
        assert curves.bce_grad[k] == pytest.approx(r.bce_grad, rel=1e-3, abs=1e-30)
        if r.verdict == "grad_off":
            assert r.p_times_q < GRAD_EPS, "a gradient only goes wrong through backward's clamp"
        if r.verdict == "loss_off":
            assert target == 0 and 1 - r.probability < 1e-3, "a loss only drifts when 1 − p lost its digits"


def test_bad_settings_are_refused():
    with pytest.raises(ValueError, match="dtype"):
        binary_losses(1.0, 0, "float16")
    with pytest.raises(ValueError, match="0 or 1"):
        binary_losses(1.0, 2)
    with pytest.raises(ValueError, match="pos_weight"):
        binary_losses(1.0, 1, pos_weight=0.0)
    with pytest.raises(ValueError, match="dtype"):
        binary_code(1.0, 0, "torch.float32; import os", 1.0)


@pytest.mark.parametrize("logit,target,dtype,lang", [(2.0, 0, "float32", "en"), (20.0, 0, "float32", "zh"),
                                                      (-30.0, 1, "float32", "en"), (-105.0, 1, "float64", "en")])
def test_the_script_prints_the_page_numbers(logit, target, dtype, lang, tmp_path, monkeypatch):
    printed = run_script(binary_code(logit, target, dtype, 4.0, lang), tmp_path, monkeypatch)
    r = binary_losses(logit, target, dtype, 4.0)
    assert f"sigmoid(logit): {r.probability!r}" in printed
    for name, loss, grad in (("BCELoss(sigmoid(logit))", r.bce, r.bce_grad),
                             ("BCEWithLogitsLoss(logit)", r.with_logits, r.with_logits_grad),
                             ("BCEWithLogitsLoss(pos_weight)", r.weighted, r.weighted_grad),
                             ("CrossEntropyLoss([0, logit])", r.cross_entropy, r.cross_entropy_grad)):
        assert BINARY_LINE.format(name=name, loss=figure(loss), grad=figure(grad)) in printed, name


def test_figure_never_writes_minus_zero():
    assert figure(-0.0) == "0" and figure(-0.09357623755931854) == "-0.09357624" and figure(100.0) == "100"


def chart(at, key: str) -> dict:
    """An ECharts chart of the page, as the option the browser gets."""
    return next(json.loads(c.proto.spec) for c in at.get("echarts_chart") if c.proto.id and key in c.proto.id)


def with_code_open(at):
    at.session_state["losses.code.binary"] = True  # the tab's code is built once its expander is opened
    return at.run()


def test_the_tab_shows_both_losses_and_breaks_bce_at_20():
    at = with_code_open(open_page_on_tab(PAGE, "zh", "losses.tab", "losses_page.tab_binary"))
    at.slider(key="losses.bce.logit").set_value(20.0).run()
    assert not at.exception
    rows = tables(at)[-1][1:]
    assert [row[1] for row in rows] == ["100", "20"] and [row[2] for row in rows] == ["0", "1"]
    assert any("−100" in e.value and "100" in e.value for e in at.error), "the clamp, said in words"
    assert "logit = torch.tensor([20.0], dtype=torch.float32" in at.code[-1].value
    loss_chart = chart(at, "losses.bce.losses")
    dots = [d["value"] for s in loss_chart["series"] if s["type"] == "scatter" for d in s["data"]]
    assert sorted(dots) == [[20.0, 20.0], [20.0, 100.0]], "one dot per loss, at the slider's logit"


def test_pills_target_dtype_and_pos_weight_drive_everything():
    at = with_code_open(open_page_on_tab(PAGE, "en", "losses.tab", "losses_page.tab_binary"))
    at.pills(key="losses.bce.jump").set_value(-30.0).run()
    assert at.slider(key="losses.bce.logit").value == -30.0 and at.pills(key="losses.bce.jump").value is None
    at.segmented_control(key="losses.bce.target").set_value(1).run()
    at.slider(key="losses.bce.pos_weight").set_value(2.0).run()
    assert not at.exception
    r = binary_losses(-30.0, 1, "float32", 2.0)
    assert any("1e-12" in w.value and figure(r.bce_grad) in w.value for w in at.warning), "the gradient went wrong"
    losses = [m.value for m in at.metric if m.label == "loss"]  # pos_weight's, then two-output CrossEntropy's
    assert losses == [figure(r.weighted), figure(r.with_logits)] and figure(r.weighted) == "60"
    at.segmented_control(key="losses.bce.dtype").set_value("float64").run()
    assert "dtype=torch.float64" in at.code[-1].value and "[2.0]" in at.code[-1].value
    assert tables(at)[-1][1][2] == figure(binary_losses(-30.0, 1, "float64").bce_grad)
