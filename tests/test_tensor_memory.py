"""Where a tensor's numbers live, on the Tensors page: torch.Tensor(5, 3) / empty / zeros and uniform_ in place,
torch.Tensor vs torch.tensor, NumPy ↔ tensor sharing or copying, and a + a number. Each shown script is run and
its prints compared with what the page computed (uninitialised memory: shapes and dtypes only)."""

import numpy as np
import pytest
import torch
from run_snippet import run_script
from snippet_prints import printed_values

from core.code.tensor_snippets import broadcast_scalar_code, fresh_code, numpy_code
from core.lessons.tensor_fresh import RangeError, compare_constructors, make_fresh
from core.lessons.tensor_grids import format_value
from core.lessons.tensor_numpy import MAX_EDITS, Edit, add_edit, replay
from core.lessons.tensor_ops import broadcast_scalar


def test_fresh_tensors_are_what_torch_makes():
    fresh = make_fresh((5, 3), -1.0, 1.0)
    for tensor in (fresh.uninitialised, fresh.empty, fresh.zeros, fresh.filled):
        assert tensor.shape == (5, 3) and tensor.dtype == torch.float32
    assert torch.equal(fresh.zeros, torch.zeros(5, 3))
    torch.manual_seed(0)
    assert torch.equal(fresh.filled, torch.Tensor(5, 3).uniform_(-1.0, 1.0)), "the page's generator = manual_seed"
    assert fresh.returns_x and fresh.same_memory
    assert ((fresh.filled >= -1) & (fresh.filled < 1)).all()


def test_a_range_backwards_is_refused_in_words():
    with pytest.raises(RangeError) as caught:
        make_fresh((2, 2), 1.0, 0.0)
    assert "a ≤ b" in str(caught.value) and caught.value.render("zh") != str(caught.value)


def test_torch_tensor_and_torch_tensor_differ_as_the_table_says():
    rows = {row.code: row for row in compare_constructors()}
    assert rows["torch.Tensor(5, 3)"].shape == (5, 3) and rows["torch.Tensor(5, 3)"].values is None
    data_capital, data_lower = rows["torch.Tensor([5, 3])"], rows["torch.tensor([5, 3])"]
    assert data_capital.values == "tensor([5., 3.])" and data_capital.dtype == "torch.float32", "a list is data"
    assert data_lower.values == "tensor([5, 3])" and data_lower.dtype == "torch.int64", "its kind kept"
    assert rows["torch.tensor(5, 3)"].error.startswith("TypeError: ")


def test_the_fresh_code_prints_what_the_page_shows(tmp_path, monkeypatch):
    fresh, rows = make_fresh((4, 2), -2.0, 3.0), compare_constructors()
    out = printed_values(run_script(fresh_code((4, 2), -2.0, 3.0, rows, "zh"), tmp_path, monkeypatch))
    for name in ("x", "e"):  # uninitialised: shape and dtype only
        assert out[f"{name}.shape"] == "torch.Size([4, 2])" and out[f"{name}.dtype"] == "torch.float32"
    assert out["z"] == str(fresh.zeros) and out["x"] == str(fresh.filled) and out["u is x"] == "True"
    for row in rows:
        if row.error:
            assert out[row.code] == row.error
        elif row.values is None:
            assert out[f"{row.code}.shape"] == str(torch.Size(row.shape))
        else:
            assert out[row.code] == row.values and out[f"{row.code}.dtype"] == row.dtype


def test_from_numpy_shares_and_tensor_copies():
    edits = add_edit(add_edit(add_edit([], "a", (0, 1)), "t", (1, 2)), "c", (0, 0))
    bridge = replay(edits)
    assert bridge.a[0, 1] == bridge.t[0, 1] == 11 and bridge.a[1, 2] == bridge.t[1, 2] == 15, "one set of numbers"
    assert bridge.c[0, 1] == 1 and bridge.c[0, 0] == 10 and bridge.a[0, 0] == 0, "c is a copy, both ways"
    assert bridge.shares == {"a": True, "t": True, "c": False} and bridge.back_shares
    assert bridge.changed["c"].sum() == 1 and bridge.changed["a"].sum() == 2
    assert bridge.t.dtype == bridge.c.dtype == torch.float64


def test_edits_add_up_on_one_cell_and_stay_few():
    edits = add_edit(add_edit([], "t", (0, 0)), "t", (0, 0))
    assert edits == [Edit("t", (0, 0), 20)] and edits[0].code == "t[0, 0] += 20"
    for i in range(MAX_EDITS + 5):
        edits = add_edit(edits, "a" if i % 2 else "c", (0, 0))
    assert len(edits) == MAX_EDITS
    with pytest.raises(ValueError):
        add_edit([], "t", (2, 0))


def test_the_numpy_code_prints_what_the_grids_show(tmp_path, monkeypatch):
    edits = add_edit(add_edit([], "a", (0, 1)), "c", (1, 1))
    bridge = replay(edits)
    out = printed_values(run_script(numpy_code(edits), tmp_path, monkeypatch))
    assert out["a"] == str(bridge.a) and out["t"] == str(bridge.t) and out["c"] == str(bridge.c)
    assert out["np.shares_memory(a, t.numpy())"] == "True" and out["np.shares_memory(a, c.numpy())"] == "False"


@pytest.mark.parametrize("shape, number", [((3, 1), 1), ((2, 3), -3), ((1, 5), 0)])
def test_a_number_broadcasts_to_every_cell(shape, number, tmp_path, monkeypatch):
    result = broadcast_scalar(shape, number)
    a = torch.arange(int(np.prod(shape))).reshape(shape)
    assert torch.equal(result.output.tensor, a + number)
    stretched = result.stretched[0]
    assert stretched.tensor.stride() == (0,) * len(shape) and set(stretched.ids.reshape(-1).tolist()) == {a.numel()}
    out = printed_values(run_script(broadcast_scalar_code(shape, number), tmp_path, monkeypatch))
    written = str(number) if number >= 0 else f"({number})"
    assert out[f"a + {written}"] == str(result.output.tensor)
    assert out[f"torch.tensor({number}).expand(a.shape)"] == str(stretched.tensor)


def test_cells_show_what_uninitialised_memory_holds_honestly():
    assert format_value(1.4e-45) == "1e-45" and format_value(-1.7e29) == "-2e+29", "not 0.00, not a cell-wide number"
    assert format_value(float("nan")) == "nan" and format_value(float("-inf")) == "-inf"
    assert format_value(0.0) == "0.00" and format_value(0.125) == "0.12" and format_value(99999.0) == "99999."
