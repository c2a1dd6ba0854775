"""The Losses page under AppTest, in both languages: sliders move the numbers, the code follows them."""

import pytest
from apptest_pages import open_page

from core.loss_snippets import numbers
from core.losses import TARGETS, classify, regression_losses

PAGE = "pages/losses.py"


def codes(at) -> list[str]:
    return [c.value for c in at.code]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_opens_with_tables_charts_and_code(lang):
    at = open_page(PAGE, lang)
    assert len(at.get("plotly_chart")) == 4, "loss and slope curves, probabilities and gradients"
    assert len(at.code) == 2 and "nn.SmoothL1Loss" in codes(at)[0] and "nn.NLLLoss()" in codes(at)[1]
    assert at.success, "the gradient check passes"
    if lang == "zh":
        assert any("损失" in m.value for m in at.markdown)


def test_dragging_a_prediction_changes_table_and_code():
    at = open_page(PAGE)
    at.slider(key="losses.pred.3").set_value(-2.5).run()
    at.segmented_control(key="losses.reduction").set_value("sum").run()
    at.slider(key="losses.beta").set_value(0.5).run()
    assert not at.exception
    preds = [at.slider(key=f"losses.pred.{i}").value for i in range(4)]
    assert preds[3] == -2.5
    table = at.dataframe[0].value
    expected = regression_losses(preds, TARGETS, 0.5, "sum")
    assert list(table.iloc[:, 1]) == [numbers(r.values) for r in expected]
    assert list(table.iloc[:, 2]) == [numbers(r.grads) for r in expected]
    assert "-2.5" in codes(at)[0] and 'reduction="sum"' in codes(at)[0] and "beta=0.5" in codes(at)[0]


def test_reduction_none_keeps_one_loss_per_prediction():
    at = open_page(PAGE)
    at.segmented_control(key="losses.reduction").set_value("none").run()
    assert len(at.dataframe[0].value.iloc[0, 1].split()) == 4
    assert "loss.sum().backward()" in codes(at)[0]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_logits_classes_and_target_drive_the_classification(lang):
    at = open_page(PAGE, lang)
    at.slider(key="losses.classes").set_value(7).run()
    at.selectbox(key="losses.target").set_value(5).run()
    at.slider(key="losses.logit.5").set_value(-3.0).run()
    assert not at.exception
    logits = [at.slider(key=f"losses.logit.{i}").value for i in range(7)]
    r = classify(logits, 5)
    metrics = [m.value for m in at.metric]
    assert f"{r.cross_entropy:.6f}" in metrics and f"{r.nll_on_logits:.6f}" in metrics
    assert f"{r.nll_on_probabilities:.6f}" in metrics
    assert "(1, 7)" in codes(at)[1] and "target = torch.tensor([5])" in codes(at)[1]
    assert at.success and at.warning


def test_fewer_classes_than_the_chosen_target_falls_back_to_class_0():
    at = open_page(PAGE)
    at.slider(key="losses.classes").set_value(10).run()
    at.selectbox(key="losses.target").set_value(9).run()
    at.slider(key="losses.classes").set_value(3).run()
    assert not at.exception and at.selectbox(key="losses.target").value == 0
    assert "(1, 3)" in codes(at)[1]
