"""The Autograd page under AppTest, in both languages, and the code it shows run as a learner would run it."""

import pytest
import torch
from apptest_pages import open_page
from run_snippet import run_script

from core.common.typed_text import literal


def no_exception(at):
    assert not at.exception, [e.value for e in at.exception]


def grads_table(at) -> dict[str, str]:
    """leaf -> its .grad cell, as the page shows it."""
    table = at.dataframe[0].value
    return dict(zip(table.iloc[:, 0], table.iloc[:, 2]))


def shown_code(at) -> str:
    return next(c.value for c in at.code if c.value.startswith("import torch"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_first_preset_shows_graph_grads_and_hand_formulas(lang):
    at = open_page("pages/autograd.py", lang=lang)
    no_exception(at)
    assert len(at.get("plotly_chart")) == 1, "the computation graph"
    assert grads_table(at) == {"x": "tensor(3.)", "w": "tensor(2.)", "b": "tensor(1.)"}
    table = at.dataframe[0].value
    assert table.iloc[1, 3] == "∂out/∂w = x" and table.iloc[1, 4] == "2"
    if lang == "zh":
        assert any("计算图" in m.value for m in at.markdown)


def test_a_typed_expression_and_a_refused_one():
    at = open_page("pages/autograd.py")
    at.text_input(key="autograd.expression").set_value("x * x + torch.sin(w)").run()
    no_exception(at)
    assert grads_table(at)["x"] == "tensor(4.)" and grads_table(at)["b"].startswith("None")
    assert at.dataframe[0].value.shape[1] == 3, "no hand formula for a custom expression"
    at.text_input(key="autograd.expression").set_value("__import__('os').system('ls')").run()
    no_exception(at)
    assert any("not one of the functions allowed" in e.value for e in at.error)
    assert not at.get("plotly_chart")


def test_the_preset_picker_follows_what_is_typed():
    at = open_page("pages/autograd.py")
    at.text_input(key="autograd.expression").set_value("x.exp()*w").run()
    assert at.selectbox(key="autograd.preset").value == "exp"
    at.text_input(key="autograd.expression").set_value("x.exp() * b").run()
    assert at.selectbox(key="autograd.preset").value == "custom" and not at.exception


def test_presets_fill_the_expression():
    at = open_page("pages/autograd.py")
    at.selectbox(key="autograd.preset").set_value("sigmoid").run()
    assert at.text_input(key="autograd.expression").value == "torch.sigmoid(w * x + b)"
    no_exception(at)
    s = torch.sigmoid(torch.tensor(7.0))  # w·x + b = 3·2 + 1
    assert at.dataframe[0].value.iloc[0, 4] == f"{(s * (1 - s) * 3).item():.4g}", "σ(1−σ)·w, by hand"


def test_a_vector_x_explains_backward_and_takes_v():
    at = open_page("pages/autograd.py")
    at.segmented_control(key="autograd.x_mode").set_value("vector").run()
    no_exception(at)
    assert any("scalar output" in e.value for e in at.error), "backward() on a vector, explained"
    assert grads_table(at)["x"] == "tensor([3., 3., 3.])"
    at.number_input(key="autograd.v.1").set_value(2.0).run()
    assert grads_table(at)["x"] == "tensor([3., 6., 3.])" and grads_table(at)["b"] == "tensor(4.)"


def test_backward_again_accumulates_and_zero_resets():
    at = open_page("pages/autograd.py")
    at.button(key="autograd.again").click().run()
    assert grads_table(at)["x"] == "tensor(6.)"
    at.button(key="autograd.again").click().run()
    assert grads_table(at)["w"] == "tensor(6.)"
    at.button(key="autograd.zero").click().run()
    assert grads_table(at) == {"x": "tensor(0.)", "w": "tensor(0.)", "b": "tensor(0.)"}
    no_exception(at)


def test_untracking_leaves_and_tracking_nothing():
    at = open_page("pages/autograd.py")
    at.pills(key="autograd.requires_grad").set_value(["x"]).run()
    assert grads_table(at)["w"].startswith("—") and grads_table(at)["x"] == "tensor(3.)"
    at.pills(key="autograd.requires_grad").set_value([]).run()
    no_exception(at)
    assert any("requires_grad=True" in e.value for e in at.error)
    assert any("no grad_fn" in i.value for i in at.info)


@pytest.mark.parametrize("vector", [False, True])
def test_the_shown_code_prints_what_the_page_shows(vector, tmp_path, monkeypatch):
    at = open_page("pages/autograd.py")
    at.selectbox(key="autograd.preset").set_value("squared_error").run()
    if vector:
        at.segmented_control(key="autograd.x_mode").set_value("vector").run()
    at.button(key="autograd.again").click().run()
    out = run_script(shown_code(at), tmp_path, monkeypatch)
    for leaf, grad in grads_table(at).items():
        assert f"{leaf}.grad = {grad}" in out, (leaf, out)
    off = at.dataframe[-1].value
    for expression, value in off.itertuples(index=False):
        assert f"{expression} = {value}" in out


def test_integer_dims_stay_integers():
    at = open_page("pages/autograd.py")
    at.segmented_control(key="autograd.x_mode").set_value("vector").run()
    at.text_input(key="autograd.expression").set_value("(w * x).sum(0)").run()
    no_exception(at)
    assert not at.error, [e.value for e in at.error]
    assert grads_table(at)["x"] == "tensor([3., 3., 3.])"


def test_what_torch_refuses_is_shown_whole():
    at = open_page("pages/autograd.py")
    at.text_input(key="autograd.expression").set_value("x.sum(w)").run()
    no_exception(at)
    try:
        torch.tensor(2.0).sum(torch.tensor(3.0))
    except TypeError as error:
        whole = f"TypeError: {error}".rstrip()
    assert "\n" in whole, "torch's message runs over several lines"
    assert any(c.value == whole for c in at.code), [c.value for c in at.code]


def test_typed_text_is_shown_literally_not_as_markdown():
    at = open_page("pages/autograd.py")
    at.text_input(key="autograd.expression").set_value("__class__ * x").run()
    assert any(literal("__class__") in e.value for e in at.error), [e.value for e in at.error]
    at.text_input(key="autograd.expression").set_value("x*w*b").run()
    assert any(literal("x * w * b") in m.value for m in at.markdown), "the forward line quotes the expression"
