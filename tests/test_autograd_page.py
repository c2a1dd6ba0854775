"""The Autograd page under AppTest, in both languages, and the code it shows run as a learner would run it."""

import pytest
import torch
from apptest_pages import click_tab, open_code, open_page, open_page_on_tab
from grid_html_reader import page_grids
from markdown_tables import tables
from run_snippet import run_script

from core.common.typed_text import literal

TABS = ("lab", "retain", "reduce", "vector_w", "freeze")


def no_exception(at):
    assert not at.exception, [e.value for e in at.exception]


def lab(at):
    """The first tab, "Your expression": the page's original lab (the other tabs draw charts and tables too)."""
    return at.tabs[0]


def show(at, name: str, lang: str = "en"):
    """Click the tab `name` (only the open tab runs); returns it."""
    click_tab(at, "autograd.tab", f"autograd_page.tabs.{name}", lang)
    no_exception(at)
    return at.tabs[TABS.index(name)]


def grads_table(at) -> dict[str, str]:
    """leaf -> its .grad cell, as the page shows it."""
    return {row[0]: row[2] for row in tables(lab(at))[0][1:]}


def graphs(block) -> list[str]:
    """The autograd graphs drawn in `block`: SVG pictures passed to the page as markdown's raw HTML."""
    return [m.value for m in block.markdown if m.value.startswith("<svg ")]


def shown_code(at) -> str:
    """Open the lab's code panel (closed, it builds no code) and read its script."""
    assert not any(c.value.startswith("import torch") for c in at.code), "the code is built once its panel opens"
    return next(c.value for c in open_code(at, "autograd.code.lab").code if c.value.startswith("import torch"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_first_preset_shows_graph_grads_and_hand_formulas(lang):
    at = open_page("pages/autograd.py", lang=lang)
    no_exception(at)
    assert len(graphs(lab(at))) == 1, "the computation graph"
    assert not at.get("echarts_chart"), "the graph is SVG: no chart library's code for a fresh tab to load"
    assert not at.get("plotly_chart"), "no plotly in any tab: its code alone takes a fresh tab a second"
    assert not lab(at).dataframe and not lab(at).table, "markdown tables: Arrow's code costs a fresh tab"
    assert not lab(at).code, "no code block on arrival: its highlighter costs a fresh tab a third of a second"
    assert grads_table(at) == {"x": "tensor(3.)", "w": "tensor(2.)", "b": "tensor(1.)"}
    table = tables(lab(at))[0]
    assert table[2][3] == "∂out/∂w = x" and table[2][4] == "2"
    if lang == "zh":
        assert any("计算图" in m.value for m in at.markdown)
        assert [tab.label for tab in at.tabs][1:] == ["叶子与非叶子：retain_grad()", "归约：x.sum(dim)", "向量或矩阵 w",
                                                      "冻结模型：requires_grad_()"]
        # opened from the start: AppTest cannot rerun a zh page holding the lab's picker (it formats
        # the picker's value outside the page's language)
        at = open_page_on_tab("pages/autograd.py", lang, "autograd.tab", "autograd_page.tabs.freeze")
        no_exception(at)
        assert at.tabs[4].metric[0].label == "可训练参数（requires_grad=True）" and not lab(at).children


def test_only_the_open_tab_runs_and_the_lab_comes_back_as_it_was_left():
    at = open_page("pages/autograd.py")
    assert all(not tab.children for tab in at.tabs[1:]), "a fresh page draws the lab alone"
    at.slider(key="autograd.w").set_value(-1.5).run()
    assert show(at, "freeze").metric and not lab(at).children
    assert not at.get("slider") or all(s.key != "autograd.w" for s in at.slider), "the lab's inputs are not drawn"
    show(at, "lab")
    assert at.slider(key="autograd.w").value == -1.5 and grads_table(at)["x"] == "tensor(-1.5000)"


def test_a_typed_expression_and_a_refused_one():
    at = open_page("pages/autograd.py")
    at.text_input(key="autograd.expression").set_value("x * x + torch.sin(w)").run()
    no_exception(at)
    assert grads_table(at)["x"] == "tensor(4.)" and grads_table(at)["b"].startswith("None")
    assert len(tables(lab(at))[0][0]) == 3, "no hand formula for a custom expression"
    at.text_input(key="autograd.expression").set_value("__import__('os').system('ls')").run()
    no_exception(at)
    assert any("not one of the functions allowed" in e.value for e in at.error)
    assert not graphs(lab(at))


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
    assert tables(lab(at))[0][1][4] == f"{(s * (1 - s) * 3).item():.4g}", "σ(1−σ)·w, by hand"


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
    assert any("`x.grad = tensor(6.)`  \n`w.grad = tensor(4.)`" in m.value for m in at.markdown), "what accumulated"
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
    off = tables(lab(at))[-1][1:]
    for expression, value in off:
        assert f"{expression} = {value}" in out


def test_integer_dims_stay_integers():
    at = open_page("pages/autograd.py")
    at.segmented_control(key="autograd.x_mode").set_value("vector").run()
    at.text_input(key="autograd.expression").set_value("(w * x).sum(0)").run()
    no_exception(at)
    assert not lab(at).error, [e.value for e in lab(at).error]
    assert grads_table(at)["x"] == "tensor([3., 3., 3.])"
    at.text_input(key="autograd.expression").set_value("(w * x).mean(dim=-1, keepdim=True)").run()
    assert not lab(at).error and grads_table(at)["x"] == "tensor([1., 1., 1.])", "w / 3, dim= by keyword"


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


def retain_table(at) -> dict[str, list[str]]:
    """tensor -> [is_leaf, requires_grad, grad_fn, .grad], as the retain_grad tab shows them (open)."""
    table = at.tabs[1].table[0].value
    return {row[0]: list(row[1:]) for row in table.itertuples(index=False)}


def test_retain_grad_on_a_picked_non_leaf():
    at = open_page("pages/autograd.py")
    tab = show(at, "retain")
    assert retain_table(at)["h"] == ["False", "True", "MulBackward0", "None"]
    assert retain_table(at)["x"] == ["True", "True", "None", "tensor(3.)"]
    assert any("UserWarning: The .grad attribute of a Tensor that is not a leaf" in c.value for c in tab.code)
    at.toggle(key="autograd.retain.on").set_value(True).run()
    no_exception(at)
    assert retain_table(at)["h"][3] == "tensor(1.)" and len(at.tabs[1].success) == 1
    at.selectbox(key="autograd.retain.piece").set_value("w * x + b").run()
    assert list(retain_table(at)) == ["x", "w", "b", "out"] and retain_table(at)["out"][3] == "tensor(1.)"
    assert not at.tabs[1].warning, "out retained: no non-leaf left to warn about"
    show(at, "lab")
    at.text_input(key="autograd.expression").set_value("x * w * b").run()
    show(at, "retain")
    assert at.selectbox(key="autograd.retain.piece").value == "x * w", "a new expression: its innermost piece"


def test_retain_grad_with_nothing_to_pick():
    at = open_page("pages/autograd.py")
    at.pills(key="autograd.requires_grad").set_value([]).run()
    no_exception(at)
    assert len(show(at, "retain").info) == 1 and not at.tabs[1].table


def test_the_retain_code_prints_the_table(tmp_path, monkeypatch):
    at = open_page("pages/autograd.py")
    at.segmented_control(key="autograd.x_mode").set_value("vector").run()
    at.number_input(key="autograd.v.0").set_value(2.0).run()
    show(at, "retain")  # works on the lab's expression, x and v, as the lab left them
    at.toggle(key="autograd.retain.on").set_value(True).run()
    assert not any("h.retain_grad()" in c.value for c in at.tabs[1].code), "the code is built once its panel opens"
    code = open_code(at, "autograd.code.retain").tabs[1].code[-1].value
    assert "v = torch.tensor([2.0, 1.0, 1.0])" in code and "h.retain_grad()" in code
    with pytest.warns(UserWarning, match="not a leaf Tensor"):  # out.grad: out is a non-leaf too
        out = run_script(code, tmp_path, monkeypatch)
    for name, (leaf, requires, grad_fn, grad) in retain_table(at).items():
        assert f"{name}: is_leaf={leaf} requires_grad={requires} grad_fn={grad_fn} grad = {grad}" in out, out


def test_reductions_draw_forward_and_back_and_refuse_a_bad_dim(tmp_path, monkeypatch):
    at = open_page("pages/autograd.py")
    tab = show(at, "reduce")
    assert len(page_grids(tab)) == 4, "x, out, x.grad, v"
    assert any("[2, 3] → [3]" in m.value for m in tab.markdown)
    at.segmented_control(key="autograd.reduce.op").set_value("mean").run()
    at.segmented_control(key="autograd.reduce.dim").set_value("1").run()
    at.toggle(key="autograd.reduce.keepdim").set_value(True).run()
    at.number_input(key="autograd.reduce.v.1").set_value(3.0).run()
    no_exception(at)
    tab = open_code(at, "autograd.code.reduce").tabs[2]
    assert any("[2, 3] → [2, 1]" in m.value for m in tab.markdown)
    assert any("✓" in c.value for c in tab.caption), "the hand rule agrees with autograd"
    out = run_script(tab.code[-1].value, tmp_path, monkeypatch)
    assert "x.grad = [[0.3333333432674408, 0.3333333432674408, 0.3333333432674408], [1.0, 1.0, 1.0]]" in out
    at.segmented_control(key="autograd.reduce.dim").set_value("2").run()
    no_exception(at)
    assert any("has no dim=2" in e.value for e in at.tabs[2].error)
    assert any(c.value.startswith("IndexError: Dimension out of range") for c in at.tabs[2].code)


def test_a_vector_w_and_a_matrix_w():
    at = open_page("pages/autograd.py")
    table = show(at, "vector_w").table[0].value
    assert table["w.grad[i]"].tolist() == table["x[i]"].tolist(), "w.grad = x"
    at.segmented_control(key="autograd.vw.form").set_value("matrix").run()
    at.selectbox(key="autograd.vw.m").set_value(3).run()
    at.number_input(key="autograd.vw.v.2").set_value(-1.0).run()
    no_exception(at)
    tab = at.tabs[3]
    assert any("scalar output" in e.value for e in tab.error), "backward() without v, explained"
    w, w_grad = (d.value.to_numpy() for d in tab.table[:2])
    x = torch.tensor([1.0, 2.0, 3.0])
    assert torch.allclose(torch.tensor(w_grad), torch.outer(torch.tensor([1.0, 1.0, -1.0]), x)), "W.grad = v xᵀ"
    assert w.shape == (3, 3)


def test_freezing_a_model_in_the_page():
    at = open_page("pages/autograd.py")
    tab = show(at, "freeze")
    assert tab.metric[0].value == "8 / 23"
    at.pills(key="autograd.freeze.unfreeze").set_value([]).run()
    no_exception(at)
    assert at.tabs[4].metric[0].value == "0 / 23" and len(at.tabs[4].error) == 1
    at.toggle(key="autograd.freeze.all").set_value(False).run()
    grads = at.tabs[4].table[0].value.iloc[:, 4].tolist()
    assert at.tabs[4].metric[0].value == "23 / 23" and all(g.startswith("norm ") for g in grads)
