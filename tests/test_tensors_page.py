"""The Tensors page under AppTest, in both languages, and the code it shows run as a learner would run it."""

import pytest
import torch
from apptest_pages import open_page
from run_snippet import run_script
from snippet_prints import printed_values

from core.tensor_create import TensorSpec, create_tensor
from core.tensor_ops import apply_op, broadcast


def no_exception(at):
    assert not at.exception, [e.value for e in at.exception]


def codes(at) -> list[str]:
    return [c.value for c in at.code if c.language == "python" and c.value.startswith("import torch")]


def param(at, name: str):
    """The widget of an op parameter (its key carries the op and x's shape)."""
    return next(w for w in (*at.text_input, *at.number_input, *at.selectbox)
                if w.key and w.key.startswith(f"tensors.{name}."))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_page_draws_x_its_facts_and_a_view(lang):
    at = open_page("pages/tensors.py", lang=lang)
    no_exception(at)
    assert len(at.get("plotly_chart")) >= 3 + 5, "x, before/after, and the broadcasting grids"
    facts = at.dataframe[0].value
    assert facts.iloc[0].tolist() == ["x.shape", "torch.Size([2, 3])"]
    assert "x = torch.arange(6, dtype=torch.float32).reshape(2, 3)" in codes(at)[0]
    assert "out = x.view(3, 2)" in codes(at)[0]
    assert any("RuntimeError" in c.value for c in at.code), ".item() on 6 elements, explained"
    if lang == "zh":
        assert any("创建张量" in s.value for s in at.subheader)


def test_view_on_a_transposed_x_is_refused_and_reshape_copies():
    at = open_page("pages/tensors.py")
    at.toggle(key="tensors.transpose").set_value(True).run()
    no_exception(at)
    assert any("not contiguous" in e.value for e in at.error), [e.value for e in at.error]
    assert any("view size is not compatible" in c.value for c in at.code)
    assert any("x in memory" in m.value for m in at.markdown), "the storage strip explains why"
    assert len(at.tabs[0].get("plotly_chart")) == 2, "the transposed x that view refused, and its memory"
    at.selectbox(key="tensors.op").set_value("reshape").run()
    assert not at.error and any("is_contiguous() = False" in i.value for i in at.info)


def test_every_op_draws_and_bad_parameters_are_explained():
    at = open_page("pages/tensors.py")
    for op in ("squeeze", "unsqueeze", "permute", "flatten", "transpose", "cat", "stack", "reshape"):
        at.selectbox(key="tensors.op").set_value(op).run()
        no_exception(at)
        assert not at.error, (op, [e.value for e in at.error])
    param(at, "reshape.shape").set_value("4, 2").run()
    assert any("x has 6" in e.value for e in at.error)
    param(at, "reshape.shape").set_value("four").run()
    assert any("whole numbers" in e.value for e in at.error) and not at.exception


def test_typed_lists_and_dtypes():
    at = open_page("pages/tensors.py")
    at.radio(key="tensors.kind").set_value("list").run()
    at.text_input(key="tensors.list").set_value("[[1, 2], [3]]").run()
    assert any("different lengths" in e.value for e in at.error) and not at.exception
    at.text_input(key="tensors.list").set_value("[[7]]").run()
    at.selectbox(key="tensors.dtype").set_value("int64").run()
    no_exception(at)
    assert any(c.value == "7" for c in at.code), ".item() of a one-element tensor"
    at.radio(key="tensors.kind").set_value("rand").run()
    assert any("float" in e.value for e in at.error), "rand needs a float dtype"


def test_broadcasting_tab_and_a_shape_that_does_not_broadcast():
    at = open_page("pages/tensors.py")
    at.text_input(key="tensors.shape_a").set_value("3, 2").run()
    assert any("do not broadcast" in e.value for e in at.error) and not at.exception
    at.text_input(key="tensors.shape_a").set_value("2, 3, 1").run()
    no_exception(at)
    assert "b = torch.arange(4).reshape(1, 4) * 10" in codes(at)[-1]


def printed(code: str, tmp_path, monkeypatch) -> dict[str, str]:
    return printed_values(run_script(code, tmp_path, monkeypatch))


def test_the_shown_code_prints_what_the_page_shows(tmp_path, monkeypatch):
    at = open_page("pages/tensors.py")
    at.selectbox(key="tensors.op").set_value("permute").run()
    out = printed(codes(at)[0], tmp_path, monkeypatch)
    for expr, value in at.dataframe[0].value.itertuples(index=False):
        assert out[expr] == value, expr
    x = create_tensor(TensorSpec())
    assert out["out"] == str(apply_op("permute", x, {"dims": (1, 0)}).output.tensor)
    assert out["out.is_contiguous()"] == "False"


def test_the_shown_code_prints_the_same_refusal(tmp_path, monkeypatch):
    at = open_page("pages/tensors.py")
    at.toggle(key="tensors.transpose").set_value(True).run()
    torch_words = next(c.value for c in at.code if c.language == "text" and "view size" in c.value)
    assert f"RuntimeError: {torch_words}" in run_script(codes(at)[0], tmp_path, monkeypatch)


def test_the_broadcast_code_prints_the_grids_values(tmp_path, monkeypatch):
    at = open_page("pages/tensors.py")
    out = printed(codes(at)[-1], tmp_path, monkeypatch)
    result = broadcast((3, 1), (1, 4))
    assert out["a + b"] == str(result.output.tensor)
    assert out["a.expand(shape)"] == str(result.stretched[0].tensor)
    assert out["shape"] == str(torch.Size([3, 4]))


@pytest.mark.parametrize("make", ["scalar", "1-D", "3-D bool"])
def test_every_op_on_unusual_tensors_never_raises(make):
    at = open_page("pages/tensors.py")
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
