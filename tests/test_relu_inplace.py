"""nn.ReLU(inplace=True) overwrites its input: the lab checked against torch, the script the page shows run and
compared, and the Save & load page's section under AppTest (in Chinese)."""

import pytest
import torch
from apptest_pages import open_page_on_tab
from run_snippet import run_script

from core.code.save_load_snippets import relu_inplace_code
from core.lessons.inplace_lab import PRECEDING, ValuesError, apply_relu, parse_values, relu_backward

VALUES = [-2.0, -0.5, 0.0, 1.5, 3.0]


def test_inplace_true_overwrites_the_input_and_returns_it():
    r = apply_relu(VALUES, inplace=True)
    assert r.before == VALUES and r.after == r.output == [0.0, 0.0, 0.0, 1.5, 3.0], "x itself lost its negatives"
    assert r.same_object and r.same_memory and (r.version_before, r.version_after) == (0, 1)


def test_inplace_false_keeps_the_input_and_returns_a_new_tensor():
    r = apply_relu(VALUES, inplace=False)
    assert r.after == r.before == VALUES and r.output == [0.0, 0.0, 0.0, 1.5, 3.0]
    assert not r.same_object and not r.same_memory and r.version_after == 0


def test_what_autograd_says_after_each_op():
    w = torch.tensor(VALUES)
    mul = relu_backward(VALUES, "mul", inplace=True)
    assert mul.error is None and mul.grad == (2 * (2 * w > 0).float()).tolist(), "Linear/Conv then ReLU(inplace): fine"
    sig = relu_backward(VALUES, "sigmoid", inplace=True)
    assert sig.failed_in == "backward" and "modified by an inplace operation" in sig.error
    assert "output 0 of Sigmoid, is at version 1; expected version 0" in sig.error
    leaf = relu_backward(VALUES, "leaf", inplace=True)
    assert leaf.failed_in == "forward" and "a leaf Variable that requires grad" in leaf.error
    s = torch.sigmoid(w)
    assert relu_backward(VALUES, "sigmoid", inplace=False).grad == pytest.approx((s * (1 - s)).tolist())
    assert relu_backward(VALUES, "leaf", inplace=False).grad == [0.0, 0.0, 0.0, 1.0, 1.0]


@pytest.mark.parametrize("text,expected", [("-2, -0.5, 0, 1.5, 3", VALUES), ("[1 2,3]", [1.0, 2.0, 3.0]),
                                           (" 4 ", [4.0])])
def test_numbers_are_read_with_commas_or_spaces(text, expected):
    assert parse_values(text) == expected


@pytest.mark.parametrize("text,key", [("1, x", "err_relu_not_numbers"), ("", "err_relu_count"),
                                      ("1 2 3 4 5 6 7 8 9", "err_relu_count"), ("nan, 1", "err_relu_count"),
                                      ("1e999", "err_relu_count")])
def test_bad_numbers_get_a_message(text, key):
    with pytest.raises(ValuesError) as caught:
        parse_values(text)
    assert caught.value.message.key == f"save_load_page.{key}" and caught.value.render("zh")


@pytest.mark.parametrize("inplace", [True, False])
@pytest.mark.parametrize("preceding", PRECEDING)
def test_the_script_prints_what_the_page_shows(inplace, preceding, tmp_path, monkeypatch):
    values = [-1.25, 0.5, 2.0]
    printed = run_script(relu_inplace_code(values, inplace, preceding, "zh" if inplace else "en"), tmp_path,
                         monkeypatch).splitlines()
    r = apply_relu(values, inplace)
    assert printed[:5] == [f"x before: {r.before} version {r.version_before}",
                           f"x after:  {r.after} version {r.version_after}", f"y:        {r.output}",
                           f"y is x: {r.same_object}", f"same memory: {r.same_memory}"]
    outcome = relu_backward(values, preceding, inplace)
    assert printed[5] == (f"w.grad: {outcome.grad}" if outcome.error is None else f"RuntimeError: {outcome.error}")


def test_the_section_in_chinese():
    at = open_page_on_tab("pages/save_load.py", "zh", "save_load.tab", "save_load_page.tabs.inplace")
    table = at.table[-1].value
    assert list(table.iloc[1, 1:]) == ["0", "0", "0", "1.5", "3"], "x after ReLU(inplace=True)"
    assert any("教程 002" in i.value and "True 替换输入" in i.value for i in at.info)
    assert any("is at version 1; expected version 0" in c.value for c in at.code), "sigmoid, then ReLU(inplace)"
    at.segmented_control(key="save_load.inplace").set_value(False).run()
    table = at.table[-1].value
    assert list(table.iloc[1, 1:]) == ["-2", "-0.5", "0", "1.5", "3"], "x untouched"
    assert [m.value for m in at.metric][-3:] == ["False", "False", "0 → 0"]
    at.segmented_control(key="save_load.relu_input").set_value("mul").run()
    at.text_input(key="save_load.relu_values").input("3, -1").run()
    assert any("w.grad：2, 0" in s.value for s in at.success)
    at.session_state["save_load.code.relu"] = True  # the code is built once its expander opens
    at.run()
    assert any("nn.ReLU(inplace=False)(x)" in c.value and "h = w * 2" in c.value for c in at.code)
    at.text_input(key="save_load.relu_values").input("3, drei").run()
    assert any("不是一串数" in e.value for e in at.error) and not at.exception
