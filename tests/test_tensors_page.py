"""The Tensors page under AppTest, in both languages, and the code it shows run as a learner would run it."""

import pytest
import torch
from apptest_pages import click_tab, open_code, open_page
from grid_html_reader import page_grids
from markdown_tables import tables
from run_snippet import run_script
from snippet_prints import printed_values

from core.common.i18n import translate
from core.lessons.tensor_create import TensorSpec, create_tensor
from core.lessons.tensor_index import index_tensor
from core.lessons.tensor_numpy import replay
from core.lessons.tensor_ops import apply_op, broadcast, broadcast_scalar


TABS = ("ops", "broadcast", "index", "fresh", "numpy")  # lazy: only the open one runs
CODE_PANELS = {f"tensors.code.{tab}": True for tab in TABS}  # each tab's plain-PyTorch panel: built once opened


def open_tensors(tab: str = "ops", lang: str = "en"):
    """The page on one of its tabs, with every code panel open (closed, they build no code)."""
    return open_page("pages/tensors.py", lang, state=CODE_PANELS | {
        "tensors.tab": translate(lang, f"tensors_page.tabs.{tab}")})


def to_tab(at, name: str, lang: str = "en"):
    return click_tab(at, "tensors.tab", f"tensors_page.tabs.{name}", lang)


def no_exception(at):
    assert not at.exception, [e.value for e in at.exception]


def codes(at) -> list[str]:
    return [c.value for c in at.code if c.language == "python" and c.value.startswith("import torch")]


def broadcast_script(at) -> str:
    return next(code for code in codes(at) if "torch.broadcast_shapes" in code)


def param(at, name: str):
    """The widget of an op parameter (its key carries the op and x's shape)."""
    return next(w for w in (*at.text_input, *at.number_input, *at.selectbox)
                if w.key and w.key.startswith(f"tensors.{name}."))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_page_draws_x_its_facts_and_a_view(lang):
    at = open_page("pages/tensors.py", lang=lang)
    no_exception(at)
    assert not at.get("plotly_chart"), "grids are HTML: Plotly's code alone costs a fresh tab a second"
    assert len(page_grids(at)) == 4, "x, x before and out after, x's memory: the other tabs are not drawn"
    facts = tables(at)[0]
    assert facts[:2] == [["表达式" if lang == "zh" else "expression", "值" if lang == "zh" else "value"],
                         ["x.shape", "torch.Size([2, 3])"]], "a markdown table: no Arrow code on a fresh tab"
    assert not at.table and not at.dataframe, "nor a dataframe's"
    assert not at.code, "x.tolist() and .item() inline, the code panel closed: a fresh tab loads no highlighter"
    assert any("`[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]`" in m.value for m in at.markdown), "x.tolist()"
    assert any("`RuntimeError: a Tensor with 6 elements" in w.value for w in at.warning), ".item() on 6, explained"
    open_code(at, "tensors.code.ops")
    assert "x = torch.arange(6, dtype=torch.float32).reshape(2, 3)" in codes(at)[0]
    assert "out = x.view(3, 2)" in codes(at)[0]
    assert len(at.subheader) == 2, "make x, then use it"
    assert not any("out = x[:, 1]" in code for code in codes(at)), "the indexing tab is not drawn until opened"
    assert [bool(tab.children) for tab in at.tabs] == [True] + [False] * 4, "only the open tab runs"
    to_tab(at, "broadcast", lang)
    assert len(page_grids(at)) == 1 + 5, "x, and the broadcasting grids"
    to_tab(at, "index", lang)
    open_code(at, "tensors.code.index")
    assert any("out = x[:, 1]" in code for code in codes(at)), "the indexing tab, on the same x"
    if lang == "zh":
        assert "挑选格子：索引与切片" in [tab.label for tab in at.tabs] and any("是视图" in i.value for i in at.info)
    to_tab(at, "fresh", lang)
    constructors = tables(at)[1]
    assert len(constructors) == 5 and constructors[4][3].startswith("TypeError: tensor() takes"), constructors
    if lang == "zh":
        assert any("创建张量" in s.value for s in at.subheader)


def test_view_on_a_transposed_x_is_refused_and_reshape_copies():
    at = open_tensors()
    at.toggle(key="tensors.transpose").set_value(True).run()
    no_exception(at)
    assert any("not contiguous" in e.value for e in at.error), [e.value for e in at.error]
    assert any("view size is not compatible" in c.value for c in at.code)
    assert any("x in memory" in m.value for m in at.markdown), "the storage strip explains why"
    assert len(page_grids(at.tabs[0])) == 2, "the transposed x that view refused, and its memory"
    at.selectbox(key="tensors.op").set_value("reshape").run()
    assert not at.error and any("is_contiguous() = False" in i.value for i in at.info)


def test_every_op_draws_and_bad_parameters_are_explained():
    at = open_tensors()
    for op in ("squeeze", "unsqueeze", "permute", "flatten", "transpose", "cat", "stack", "reshape"):
        at.selectbox(key="tensors.op").set_value(op).run()
        no_exception(at)
        assert not at.error, (op, [e.value for e in at.error])
    param(at, "reshape.shape").set_value("4, 2").run()
    assert any("x has 6" in e.value for e in at.error)
    param(at, "reshape.shape").set_value("four").run()
    assert any("whole numbers" in e.value for e in at.error) and not at.exception


def test_typed_lists_and_dtypes():
    at = open_tensors()
    at.radio(key="tensors.kind").set_value("list").run()
    at.text_input(key="tensors.list").set_value("[[1, 2], [3]]").run()
    assert any("different lengths" in e.value for e in at.error) and not at.exception
    at.text_input(key="tensors.list").set_value("[[7]]").run()
    at.selectbox(key="tensors.dtype").set_value("int64").run()
    no_exception(at)
    assert any(m.value.endswith(" `7`") for m in at.markdown), ".item() of a one-element tensor"
    at.radio(key="tensors.kind").set_value("rand").run()
    assert any("float" in e.value for e in at.error), "rand needs a float dtype"


def test_broadcasting_tab_and_a_shape_that_does_not_broadcast():
    at = open_tensors("broadcast")
    at.text_input(key="tensors.shape_a").set_value("3, 2").run()
    assert any("do not broadcast" in e.value for e in at.error) and not at.exception
    at.text_input(key="tensors.shape_a").set_value("2, 3, 1").run()
    no_exception(at)
    assert "b = torch.arange(4).reshape(1, 4) * 10" in broadcast_script(at)


def printed(code: str, tmp_path, monkeypatch) -> dict[str, str]:
    return printed_values(run_script(code, tmp_path, monkeypatch))


def test_the_shown_code_prints_what_the_page_shows(tmp_path, monkeypatch):
    at = open_tensors()
    at.selectbox(key="tensors.op").set_value("permute").run()
    out = printed(codes(at)[0], tmp_path, monkeypatch)
    for expr, value in tables(at)[0][1:]:
        assert out[expr] == value, expr
    x = create_tensor(TensorSpec())
    assert out["out"] == str(apply_op("permute", x, {"dims": (1, 0)}).output.tensor)
    assert out["out.is_contiguous()"] == "False"


def test_the_shown_code_prints_the_same_refusal(tmp_path, monkeypatch):
    at = open_tensors()
    at.toggle(key="tensors.transpose").set_value(True).run()
    torch_words = next(c.value for c in at.code if c.language == "text" and "view size" in c.value)
    assert f"RuntimeError: {torch_words}" in run_script(codes(at)[0], tmp_path, monkeypatch)


def test_the_shown_code_prints_the_same_refusal_of_a_size_past_int64(tmp_path, monkeypatch):
    at = open_tensors()
    param(at, "view.shape").set_value("1" + "0" * 30).run()
    assert any("64-bit" in e.value for e in at.error)
    torch_words = next(c.value for c in at.code if c.language == "text" and "Overflow" in c.value)
    assert f"TypeError: {torch_words}" in run_script(codes(at)[0], tmp_path, monkeypatch)


def test_the_broadcast_code_prints_the_grids_values(tmp_path, monkeypatch):
    at = open_tensors("broadcast")
    out = printed(broadcast_script(at), tmp_path, monkeypatch)
    result = broadcast((3, 1), (1, 4))
    assert out["a + b"] == str(result.output.tensor)
    assert out["a.expand(shape)"] == str(result.stretched[0].tensor)
    assert out["shape"] == str(torch.Size([3, 4]))


@pytest.mark.parametrize("make", ["scalar", "1-D", "3-D bool"])
def test_every_op_on_unusual_tensors_never_raises(make):
    at = open_tensors()
    if make == "scalar":
        at.radio(key="tensors.kind").set_value("list").run()
        at.text_input(key="tensors.list").set_value("3.5").run()
    else:
        at.segmented_control(key="tensors.dims").set_value(1 if make == "1-D" else 3).run()
    if make == "3-D bool":
        at.radio(key="tensors.kind").set_value("ones").run()
        at.selectbox(key="tensors.dtype").set_value("bool").run()
    for op in ("view", "reshape", "squeeze", "unsqueeze", "permute", "flatten", "transpose", "cat", "stack"):
        at.selectbox(key="tensors.op").set_value(op).run()
        no_exception(at)


FULL_PAGE = 900  # pixels of page a grid may take in a 1400-pixel window (ui/tensors/tensor_shapes.py)


def largest_x(at) -> None:
    """x = torch.arange(125).reshape(5, 5, 5): the biggest x the page makes."""
    at.segmented_control(key="tensors.dims").set_value(3).run()
    for i in range(3):
        at.number_input(key=f"tensors.size.3.{i}").set_value(5).run()


@pytest.mark.parametrize("op, value", [("view", "125"), ("view", "125, 1"), ("reshape", "1, 1, 5, 25"),
                                       ("permute", "2, 0, 1"), ("cat", 2), ("stack", 3), ("unsqueeze", -4)])
def test_on_the_largest_x_every_result_is_drawn_within_the_page_with_legible_numbers(op, value):
    at = open_tensors()
    largest_x(at)
    at.selectbox(key="tensors.op").set_value(op).run()
    param(at, op).set_value(value).run()
    no_exception(at)
    assert not at.error, [e.value for e in at.error]
    drawn = page_grids(at)
    assert len(drawn) >= 3, "x, and x and out before and after"
    for grid in drawn:
        assert grid.width <= int(grid.root["data-width"]) <= FULL_PAGE, "a wider grid is squeezed: numbers overprint"
        assert grid.crowded() == []
    numberless = [grid for grid in drawn if grid.font == 0]
    assert len([c for c in at.caption if "too small here to print" in c.value]) == len(numberless)


def test_unsqueeze_states_the_range_torch_accepts():
    at = open_tensors()
    largest_x(at)
    at.selectbox(key="tensors.op").set_value("unsqueeze").run()
    dim = param(at, "unsqueeze.dim")
    assert "torch accepts -4 to 3" in dim.help, "unsqueeze on a 3-D x: four places, -4 … 3"
    dim.set_value(4).run()
    assert any("torch accepts dim from -4 to 3" in e.value for e in at.error), [e.value for e in at.error]
    assert any("[-4, 3]" in c.value for c in at.code if c.language == "text"), "torch's own words say the same"
    at.selectbox(key="tensors.op").set_value("squeeze").run()
    assert param(at, "squeeze.dim").options == ["every size-1 dim", "-3", "-2", "-1", "0", "1", "2"]


def test_typed_text_is_echoed_literally():
    at = open_tensors()
    param(at, "view.shape").set_value("__x__").run()
    assert any("`__x__`" in e.value for e in at.error), "a code span: not bold"


def test_indexing_numpy_fresh_memory_and_a_number_and_the_code_they_show(tmp_path, monkeypatch):
    at = open_tensors("index")
    example = next(b for b in at.button if b.label == "`x[x > 2]`")
    example.click().run()
    no_exception(at)
    assert at.text_input(key="tensors.index").value == "x[x > 2]" and not at.error
    assert any("A copy" in i.value for i in at.info) and any("The mask" in m.value for m in at.markdown)
    code = next(c for c in codes(at) if "out = x[x > 2]" in c)
    out = printed(code, tmp_path, monkeypatch)
    assert out["out"] == str(index_tensor(create_tensor(TensorSpec()), "x[x > 2]").out) and out["view"] == "False"
    at.text_input(key="tensors.index").set_value("x[5]").run()
    assert any("past the end" in e.value for e in at.error) and not at.exception
    assert any(c.value.startswith("IndexError: index 5") for c in at.code if c.language == "text")
    at.text_input(key="tensors.index").set_value("x[__import__('os')]").run()
    assert any("cannot go inside" in e.value for e in at.error) and not at.exception
    numpy_edits_fresh_memory_and_a_number_broadcast(at, tmp_path, monkeypatch)  # one page opened: tests stay fast


def numpy_edits_fresh_memory_and_a_number_broadcast(at, tmp_path, monkeypatch):
    to_tab(at, "numpy")
    at.button(key="tensors.numpy.change").click().run()
    at.segmented_control(key="tensors.numpy.target").set_value("c").run()
    at.selectbox(key="tensors.numpy.cell").set_value(5).run()
    at.button(key="tensors.numpy.change").click().run()
    no_exception(at)
    edits = at.session_state["tensors.numpy_edits"]
    assert [e.code for e in edits] == ["a[0, 1] += 10", "c[1, 2] += 10"]
    numpy_script = next(c.value for c in at.code if c.value.startswith("import numpy"))
    out = printed(numpy_script, tmp_path, monkeypatch)
    bridge = replay(edits)
    assert out["a"] == str(bridge.a) and out["t"] == str(bridge.t) and out["c"] == str(bridge.c)
    assert bridge.t[0, 1] == 11 and bridge.c[0, 1] == 1, "a's edit shows in t = from_numpy(a), not in the copy c"
    to_tab(at, "fresh")
    fresh = printed(next(c for c in codes(at) if "torch.Tensor(5, 3)" in c), tmp_path, monkeypatch)
    assert fresh["x.shape"] == "torch.Size([5, 3])" and fresh["u is x"] == "True"
    at.number_input(key="tensors.fresh.low").set_value(2.0).run()
    assert any("a ≤ b" in e.value for e in at.error) and not at.exception
    to_tab(at, "broadcast")
    at.segmented_control(key="tensors.bc_kind").set_value("number").run()
    no_exception(at)
    scalar = printed(next(c for c in codes(at) if "a + 1 =" in c), tmp_path, monkeypatch)
    assert scalar["a + 1"] == str(broadcast_scalar((3, 1), 1).output.tensor)
