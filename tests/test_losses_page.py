"""The Losses page under AppTest, in both languages: sliders move the numbers, the code follows them."""

import json

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from apptest_pages import click_tab, open_page, open_page_on_tab
from markdown_tables import tables

from core.code.loss_snippets import numbers
from core.lessons.losses import REDUCTIONS, TARGETS, classify, regression_losses

PAGE = "pages/losses.py"


CODE_PANELS = ("regression", "classification", "binary")  # losses.code.<tab>: built once opened


def on_tab(name: str, lang: str = "en"):
    """The page opened on one of its lazy tabs (regression, classification, binary): only the open tab runs."""
    return open_page_on_tab(PAGE, lang, "losses.tab", f"losses_page.tab_{name}")


def codes(at) -> list[str]:
    return [c.value for c in at.code]


def with_code_open(at):
    """Open every tab's "same in plain PyTorch" expander (each builds its code only once opened)."""
    for name in CODE_PANELS:
        at.session_state[f"losses.code.{name}"] = True
    return at.run()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_opens_with_tables_charts_and_code(lang):
    at = open_page(PAGE, lang)
    assert not at.code, "closed expanders build no code: st.code's highlighter costs a fresh tab"
    assert [bool(tab.children) for tab in at.tabs] == [True, False, False], "only the open tab is drawn"
    expected = {"regression": "nn.SmoothL1Loss", "classification": "nn.NLLLoss()", "binary": "nn.BCEWithLogitsLoss()"}
    for name, code in expected.items():
        at = with_code_open(click_tab(at, "losses.tab", f"losses_page.tab_{name}", lang))
        assert len(at.get("echarts_chart")) == 2, (name, "each tab: its two charts, and no other tab's")
        assert not at.get("plotly_chart") and not at.dataframe and not at.table, "no Plotly, no Arrow: each costs a fresh tab"
        assert len(at.code) == 1 and code in codes(at)[0], name
        if name == "classification":
            assert at.success, "the gradient check passes"
    if lang == "zh":
        assert any("损失" in m.value for m in at.markdown)


def test_dragging_a_prediction_changes_table_and_code():
    at = with_code_open(open_page(PAGE))
    at.slider(key="losses.pred.3").set_value(-2.5).run()
    at.segmented_control(key="losses.reduction").set_value("sum").run()
    at.slider(key="losses.beta").set_value(0.5).run()
    assert not at.exception
    preds = [at.slider(key=f"losses.pred.{i}").value for i in range(4)]
    assert preds[3] == -2.5
    rows = tables(at)[0][1:]
    expected = regression_losses(preds, TARGETS, 0.5, "sum")
    assert [row[1] for row in rows] == [numbers(r.values) for r in expected]
    assert [row[2] for row in rows] == [numbers(r.grads) for r in expected]
    assert "-2.5" in codes(at)[0] and 'reduction="sum"' in codes(at)[0] and "beta=0.5" in codes(at)[0]


def test_reduction_none_keeps_one_loss_per_prediction():
    at = with_code_open(open_page(PAGE))
    at.segmented_control(key="losses.reduction").set_value("none").run()
    assert len(tables(at)[0][1][1].split()) == 4
    assert "loss.sum().backward()" in codes(at)[0]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_logits_classes_and_target_drive_the_classification(lang):
    at = with_code_open(on_tab("classification", lang))
    at.slider(key="losses.classes").set_value(7).run()
    at.selectbox(key="losses.target").set_value(5).run()
    at.slider(key="losses.logit.5").set_value(-3.0).run()
    assert not at.exception
    logits = [at.slider(key=f"losses.logit.{i}").value for i in range(7)]
    r = classify(logits, 5)
    metrics = [m.value for m in at.metric]
    assert f"{r.cross_entropy:.6f}" in metrics and f"{r.nll_on_logits:.6f}" in metrics
    assert f"{r.nll_on_probabilities:.6f}" in metrics
    assert "(1, 7)" in codes(at)[0] and "target = torch.tensor([5])" in codes(at)[0]
    assert at.success and at.warning


def test_fewer_classes_than_the_chosen_target_falls_back_to_class_0():
    at = with_code_open(on_tab("classification"))
    at.slider(key="losses.classes").set_value(10).run()
    at.selectbox(key="losses.target").set_value(9).run()
    at.slider(key="losses.classes").set_value(3).run()
    assert not at.exception and at.selectbox(key="losses.target").value == 0
    assert "(1, 3)" in codes(at)[0]


def chart(at, key: str) -> dict:
    """An ECharts chart of the page, as the option the browser gets."""
    return next(json.loads(c.proto.spec) for c in at.get("echarts_chart") if c.proto.id and key in c.proto.id)


def marks(option: dict) -> dict[str, tuple[list[float], list[float]]]:
    """name -> (x, y) of the dots (the curves are the line series)."""
    return {s["name"]: ([d["value"][0] for d in s["data"]], [d["value"][1] for d in s["data"]])
            for s in option["series"] if s["type"] == "scatter"}


def curve(option: dict, name: str) -> tuple[np.ndarray, np.ndarray]:
    line = next(s for s in option["series"] if s["type"] == "line" and s["name"] == name)
    return np.array([p[0] for p in line["data"]]), np.array([p[1] for p in line["data"]])


def autograd_grads(preds, reduction: str, beta: float) -> dict[str, list[float]]:
    """d loss / d prediction straight from torch: the oracle for the table and the slope chart."""
    out = {}
    for name, fn in (("L1", F.l1_loss), ("MSE", F.mse_loss)):
        p = torch.tensor(preds, requires_grad=True)
        fn(p, torch.tensor(TARGETS), reduction=reduction).sum().backward()
        out[name] = p.grad.tolist()
    p = torch.tensor(preds, requires_grad=True)
    F.smooth_l1_loss(p, torch.tensor(TARGETS), reduction=reduction, beta=beta).sum().backward()
    out["SmoothL1"] = p.grad.tolist()
    return out


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_every_prediction_stays_on_both_charts_and_the_slopes_are_the_tables(reduction):
    at = open_page(PAGE)
    low, high = at.slider(key="losses.pred.0").min, at.slider(key="losses.pred.0").max  # the sliders' ends
    for i, value in enumerate((low, high, 2.1, high)):  # errors -4.5, 5, 0.1 and 4: most beyond ±3
        at.slider(key=f"losses.pred.{i}").set_value(value).run()
    at.segmented_control(key="losses.reduction").set_value(reduction).run()
    assert not at.exception
    preds = [at.slider(key=f"losses.pred.{i}").value for i in range(4)]
    errors = [p - t for p, t in zip(preds, TARGETS)]
    table = {row[0]: row[2] for row in tables(at)[0][1:]}
    oracle = autograd_grads(preds, reduction, 1.0)
    for key in ("losses.curves", "losses.slopes"):
        figure = chart(at, key)
        far = float("inf")  # an axis without a range set is autoscaled to show everything
        x_low, x_high = figure["xAxis"].get("min", -far), figure["xAxis"].get("max", far)
        y_low, y_high = figure["yAxis"].get("min", -far), figure["yAxis"].get("max", far)
        for name, (xs, ys) in marks(figure).items():
            assert xs == pytest.approx(errors), (key, name, "one dot per prediction, none dropped")
            assert all(x_low < x < x_high for x in xs) and all(y_low < y < y_high for y in ys), (key, name)
            line_x, line_y = curve(figure, name)
            assert line_x.min() <= min(xs) and line_x.max() >= max(xs), "the curve reaches every dot"
            for x, y in zip(xs, ys):
                if abs(x) > 0.05:  # away from L1's kink at 0, where the slope jumps
                    assert np.interp(x, line_x, line_y) == pytest.approx(y, abs=0.02), (key, name, x)
            if key == "losses.slopes":
                assert ys == pytest.approx(oracle[name], abs=1e-6), "the dots are backward()'s gradients"
                assert numbers(ys) == table[name], "and the table's, with the same reduction"
    assert f"reduction={reduction}" in chart(at, "losses.slopes")["title"]["text"]
