"""Tensors drawn as grids: one cell per element, 3-D as a row of slices, an element's colour kept through an op,
all as plain HTML (no chart library): read back here as a browser's parser would read it."""

import pytest
import torch
from grid_html_reader import Grid

from core.lessons.tensor_create import TensorSpec, create_tensor
from core.lessons.tensor_grids import (LEFT_OUT, MAX_CELLS, MIN_FONT, STYLE, element_colour, format_value, grid_html,
                                       grid_layout, id_total)
from core.lessons.tensor_ops import apply_op


def test_one_cell_per_element_with_its_value_and_a_hover_title():
    x = torch.tensor([[1.5, -2.0, 0.25], [3.0, 4.0, 5.0]])
    grid = Grid(grid_html(x, torch.arange(6).reshape(2, 3), 6, "x: [2, 3]", "x"))
    assert grid.texts == ["1.50", "-2.00", "0.25", "3.00", "4.00", "5.00"]
    assert len(set(grid.colours)) == 6, "six elements, six colours"
    assert [c["title"] for c in grid.cells][:2] == ["[0, 0] = 1.5", "[0, 1] = -2.0"], "hover says index and value"
    assert grid.titles == ["x: [2, 3]"] and grid.root["aria-label"] == "x: [2, 3]"


def test_3d_is_a_row_of_slices_and_1d_and_0d_are_one_row():
    grid = Grid(grid_html(torch.arange(12).reshape(2, 2, 3), torch.arange(12).reshape(2, 2, 3), 12, name="x"))
    assert grid.captions == ["x[0]", "x[1]"] and len(grid.tables) == 2
    assert grid.cells[6]["title"] == "[1, 0, 0] = 6", "a 3-D cell's index names its slice"
    assert len(Grid(grid_html(torch.arange(5), torch.arange(5), 5)).cells) == 5
    assert Grid(grid_html(torch.tensor(True), None, 1)).texts == ["True"]


def test_an_element_keeps_its_colour_through_permute():
    x = torch.arange(6).reshape(2, 3)
    result = apply_op("permute", x, {"dims": (1, 0)})
    total = id_total(result.operands[0].ids)
    before = Grid(grid_html(x, result.operands[0].ids, total))
    after = Grid(grid_html(result.output.tensor, result.output.ids, total))
    colour_of = dict(zip(before.texts, before.colours))
    assert [colour_of[v] for v in after.texts] == after.colours
    assert after.colours != before.colours, "the cells moved"


def test_new_values_are_grey_and_colours_are_stable():
    assert set(Grid(grid_html(torch.ones(2, 2), None, 1)).colours) == {"#e8e8e8"}
    assert element_colour(3, 10) == element_colour(3, 10) != element_colour(4, 10)
    assert format_value(True) == "True" and format_value(7) == "7" and format_value(0.125) == "0.12"
    assert format_value(110.0) == "110." and format_value(-250.5) == "-250."
    assert id_total(None, torch.tensor([0, 5])) == 6


def test_picked_cells_are_outlined_the_rest_faded_unless_told_not_to():
    x = torch.arange(6.0).reshape(2, 3)
    picked = torch.tensor([[0, 2, 0], [0, 1, 0]])
    grid = Grid(grid_html(x, torch.arange(6).reshape(2, 3), 6, picked=picked))
    assert [c.get("class") for c in grid.cells] == ["tl-out", "tl-picked", "tl-out"] * 2
    assert grid.colours[0] is None and LEFT_OUT in STYLE, "a left-out cell takes the faded fill, not its colour"
    assert grid.cells[1]["title"] == "[0, 1] = 1.0  ×2" and grid.cells[4]["title"] == "[1, 1] = 4.0"
    kept = Grid(grid_html(x, torch.arange(6).reshape(2, 3), 6, picked=picked, fade=False))
    assert [c.get("class") for c in kept.cells] == [None, "tl-picked", None] * 2 and None not in kept.colours


def test_words_are_escaped_not_read_as_html():
    grid = grid_html(torch.zeros(2, 2, 1), None, 1, title='<b>"x"</b> & y', name="<i>")
    assert "<b>" not in grid and "<i>" not in grid and "&lt;i&gt;[1]" in grid and "&amp; y" in grid
    assert Grid(grid).titles == ['<b>"x"</b> & y'], "shown as typed"


PAGE_WIDTHS = (520, 540, 900)  # half the page, the column beside the controls, the whole page (1400-px window)


def largest(kind: str, dtype: str) -> torch.Tensor:
    """The biggest x the page makes (5 × 5 × 5), in a dtype whose numbers print widest."""
    return create_tensor(TensorSpec(kind, (5, 5, 5), dtype, seed=3))


@pytest.mark.parametrize("width", PAGE_WIDTHS)
@pytest.mark.parametrize("kind, dtype", [("arange", "float32"), ("rand", "float64"), ("ones", "bool"),
                                         ("arange", "int64")])
def test_the_largest_tensors_fit_the_page_with_every_number_legible(kind, dtype, width):
    x = largest(kind, dtype)
    for t in (x, torch.cat([x, x], dim=2), torch.stack([x, x], dim=0)):  # 125 cells, and 250 after cat or stack
        layout = grid_layout(t, width)
        assert layout is not None, (tuple(t.shape), width)
        grid = Grid(grid_html(t, torch.arange(t.numel()).reshape(t.shape), t.numel(), "t", "t", layout))
        assert grid.width <= layout.width <= width, "wider than its place: the page would squeeze it"
        assert grid.root["data-width"] == str(layout.width) and grid.box + grid.gap == layout.cell
        assert grid.crowded() == [], (tuple(t.shape), width)
        assert grid.font >= MIN_FONT or layout.font == 0


def test_a_long_row_keeps_its_cells_and_hides_its_numbers():
    row = torch.arange(125.0)  # x.view(125): one row of 125 cells
    layout = grid_layout(row, 900)
    assert layout is not None and layout.font == 0 and layout.cell >= 6
    grid = Grid(grid_html(row, torch.arange(125), 125, "out", "out", layout))
    assert len(grid.cells) == 125 and grid.font == 0, "numbers at font size 0: read aloud, not drawn"
    assert all(c["title"] == f"[0, {i}] = {float(i)}" for i, c in enumerate(grid.cells)), "hover reads each value"


def test_too_big_to_draw_is_said_not_squeezed():
    assert grid_layout(torch.zeros(MAX_CELLS + 1), 10_000) is None, "more cells than the page draws"
    assert grid_layout(torch.zeros(1, 200), 520) is None, "200 cells in a row cannot be cells in 520 pixels"
    with pytest.raises(ValueError, match="too big"):
        grid_html(torch.zeros(300), None, 1)


def test_slices_wrap_onto_rows_before_numbers_shrink():
    layout = grid_layout(largest("arange", "float32"), 540)
    assert layout.per_row < 5 and layout.font >= 11
    html = grid_html(largest("arange", "float32"), None, 1, "", "x", layout)
    assert Grid(html).captions == [f"x[{k}]" for k in range(5)], "every slice titled"
    assert f"grid-template-columns:repeat({layout.per_row},max-content)" in html, "slices wrap after per_row"
