"""Indexing x on the Tensors page: the typed index is read by a whitelist (never run), torch is the oracle for
what it picks, view-or-copy is what the memory says, refusals are explained, and the shown code prints the same."""

import pytest
import torch
from run_snippet import run_script
from snippet_prints import printed_values

from core.code.tensor_snippets import index_code
from core.lessons.tensor_create import TensorSpec, create_tensor
from core.lessons.tensor_index import (BASIC, IndexRefusal, IndexTextError, index_examples, index_tensor,
                                       written_index)

X = torch.arange(12.0).reshape(3, 4)  # rows 0 4 8: every value says where it sits


def oracle(x: torch.Tensor, index: str) -> torch.Tensor:
    """What Python and torch make of the same index (our own test literals only)."""
    return eval(index, {"x": x, "torch": torch})


GOOD = ["x[0]", "x[-1]", "x[:, 1]", "x[1:3, ::2]", "x[0, -1]", "x[..., -1]", "x[None]", "x[:, None, 2]",
        "x[x > 5]", "x[x % 2 == 0]", "x[(x > 1) & (x < 4)]", "x[~(x > 2) | (x == 11)]", "x[[0, 2]]", "x[[2, 0, 2]]",
        "x[torch.tensor([1, 0])]", "x[torch.tensor([[0, 1], [2, 2]])]", "x[[0, 1], [3, 0]]", "x[[True, False, True]]",
        "x[1:, [0, 3]]", "x[0][1]", "x[5:]", "x[[]]", "x[True]", "x[...]", "x[1:100]", "x[x >= 4.5]"]


@pytest.mark.parametrize("index", GOOD)
def test_every_allowed_index_picks_what_torch_picks_and_tracks_each_cell(index):
    result = index_tensor(X, index)
    expected = oracle(X, index)
    assert torch.equal(result.out, expected) and result.code == written_index(index)
    assert torch.equal(X.reshape(-1)[result.out_ids], expected), "ids say which cell of x each cell of out holds"
    counts = torch.bincount(expected.reshape(-1).long(), minlength=X.numel()).reshape(X.shape)
    assert torch.equal(result.picked, counts), "values of X are their own positions: picks counted by value"
    shares = expected.untyped_storage().data_ptr() == X.untyped_storage().data_ptr()
    assert result.view == shares == all(kind in BASIC for kind in result.kinds), result.kinds


@pytest.mark.parametrize("text, key", [
    ("", "empty"), ("x[" + "0, " * 40 + "0]", "too_long"), ("x[", "syntax"), ("y[0]", "not_x"), ("x", "not_x"),
    ("x()", "not_x"), ("x[__import__('os')]", "not_allowed"), ("x[x.sum()]", "not_allowed"), ("x['a']", "not_allowed"),
    ("x[1:a]", "slice_part"), ("x[[[0]]]", "nested_list"), ("x[[a]]", "list_item"),
    ("x[torch.tensor([[[[0]]]])]", "too_deep"), ("x[x > 1 > 0]", "not_allowed"), ("x[2 ** 64]", "not_allowed"),
    ("x[torch.tensor([0], dtype=torch.long)]", "not_allowed"), ("x[open('f')]", "not_allowed"),
])
def test_what_the_whitelist_refuses_is_named(text, key):
    with pytest.raises(IndexTextError) as caught:
        index_tensor(X, text)
    assert caught.value.message.key == f"tensors_page.index_errors.{key}"
    assert caught.value.render("zh") != str(caught.value), "both languages"


@pytest.mark.parametrize("index, key, words", [
    ("x[3]", "out_of_bounds", "from -3 to 2"), ("x[:, -5]", "out_of_bounds", "from -4 to 3"),
    ("x[0, 0, 0]", "too_many", "x has 2 dimension"), ("x[::-1]", "negative_step", "x.flip(0)"),
    ("x[::0]", "zero_step", "cannot be 0"), ("x[torch.tensor([True, False])]", "mask_shape", "mask"),
    ("x[0.5]", "not_an_index", "fractional"), ("x[0:1.5]", "slice_not_int", "whole numbers"),
    ("x[torch.tensor([1.0])]", "index_dtype", "floats"), ("x[[0, 1], [0, 1, 2]]", "fancy_broadcast", "broadcast"),
    ("x[99999999999999999999]", "overflow", "64 bits"), ("x[torch.tensor([[0], [1, 2]])]", "other", "refused"),
])
def test_what_torch_refuses_is_explained_with_its_own_words(index, key, words):
    with pytest.raises(IndexRefusal) as caught:
        index_tensor(X, index)
    assert caught.value.message.key == f"tensors_page.index_reasons.{key}"
    assert words in str(caught.value)
    with pytest.raises(Exception) as direct:  # torch's own words, whole, behind the type name
        oracle(X, index)
    assert caught.value.torch_message.split(": ", 1)[1] == str(direct.value)


def test_a_zero_d_x_is_explained():
    with pytest.raises(IndexRefusal) as caught:
        index_tensor(torch.tensor(3.5), "x[0]")
    assert caught.value.message.key == "tensors_page.index_reasons.zero_dim"


@pytest.mark.parametrize("spec", [TensorSpec(), TensorSpec("rand", (5,), seed=3), TensorSpec("ones", (2, 2, 3), "bool"),
                                  TensorSpec("list", text="3.5"), TensorSpec("arange", (1, 1), "int64"),
                                  TensorSpec("zeros", (5, 5, 5), "uint8")])
def test_every_example_works_on_the_x_it_was_made_for(spec):
    x = create_tensor(spec)
    for example in index_examples(x):
        result = index_tensor(x, example)
        assert torch.equal(result.out, oracle(x, example)), example


def test_a_mask_is_drawn_as_torch_computes_it():
    result = index_tensor(X, "x[(x > 1) & (x < 4)]")
    assert [m.code for m in result.masks] == ["(x > 1) & (x < 4)"]
    assert torch.equal(result.masks[0].tensor, (X > 1) & (X < 4))


@pytest.mark.parametrize("index", ["x[:, 1]", "x[x > 5]", "x[[2, 0, 2]]", "x[0, -1]", "x[1:, [0, 3]]"])
def test_the_shown_code_prints_what_the_page_computed(index, tmp_path, monkeypatch):
    spec = TensorSpec("arange", (3, 4))
    x = create_tensor(spec)
    result = index_tensor(x, index)
    out = printed_values(run_script(index_code(spec, result.code, [m.code for m in result.masks]), tmp_path,
                                    monkeypatch))
    assert out["out"] == str(result.out) and out["out.shape"] == str(result.out.shape)
    assert out["view"] == str(result.view) and out["out.stride()"] == str(result.out.stride())
    for mask in result.masks:
        assert out[mask.code] == str(mask.tensor)


def test_the_shown_code_prints_the_same_refusal(tmp_path, monkeypatch):
    spec = TensorSpec()
    with pytest.raises(IndexRefusal) as caught:
        index_tensor(create_tensor(spec), "x[5]")
    printed = run_script(index_code(spec, written_index("x[5]"), [], "zh"), tmp_path, monkeypatch)
    assert printed.strip() == caught.value.torch_message
