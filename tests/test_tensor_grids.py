"""Tensors drawn as grids: one cell per element, 3-D as a row of slices, an element's colour kept through an op."""

import pytest
import torch
from grid_geometry import crowded_numbers, smallest_font

from core.lessons.tensor_create import TensorSpec, create_tensor
from core.lessons.tensor_grids import MAX_CELLS, MIN_FONT, element_colour, format_value, grid_figure, grid_layout, id_total
from core.lessons.tensor_ops import apply_op


def cells(fig) -> list[str]:
    """Cell colours in drawing order (one rectangle per element)."""
    return [shape.fillcolor for shape in fig.layout.shapes]


def texts(fig) -> list[str]:
    return [text for trace in fig.data for text in trace.text]


def test_one_cell_per_element_with_its_value():
    x = torch.tensor([[1.5, -2.0, 0.25], [3.0, 4.0, 5.0]])
    fig = grid_figure(x, torch.arange(6).reshape(2, 3), 6, "x")
    assert texts(fig) == ["1.50", "-2.00", "0.25", "3.00", "4.00", "5.00"]
    assert len(cells(fig)) == 6 and len(set(cells(fig))) == 6, "six elements, six colours"


def test_3d_is_a_row_of_slices_and_1d_and_0d_are_one_row():
    fig = grid_figure(torch.arange(12).reshape(2, 2, 3), torch.arange(12).reshape(2, 2, 3), 12, name="x")
    assert len(fig.data) == 2 and [a.text for a in fig.layout.annotations] == ["x[0]", "x[1]"]
    assert len(texts(grid_figure(torch.arange(5), torch.arange(5), 5))) == 5
    assert texts(grid_figure(torch.tensor(True), None, 1)) == ["True"]


def test_an_element_keeps_its_colour_through_permute():
    x = torch.arange(6).reshape(2, 3)
    result = apply_op("permute", x, {"dims": (1, 0)})
    total = id_total(result.operands[0].ids)
    before = grid_figure(x, result.operands[0].ids, total)
    after = grid_figure(result.output.tensor, result.output.ids, total)
    colour_of = dict(zip(texts(before), cells(before)))
    assert [colour_of[v] for v in texts(after)] == cells(after)
    assert cells(after) != cells(before), "the cells moved"


def test_new_values_are_grey_and_colours_are_stable():
    assert set(cells(grid_figure(torch.ones(2, 2), None, 1))) == {"#e8e8e8"}
    assert element_colour(3, 10) == element_colour(3, 10) != element_colour(4, 10)
    assert format_value(True) == "True" and format_value(7) == "7" and format_value(0.125) == "0.12"
    assert format_value(110.0) == "110." and format_value(-250.5) == "-250."
    assert id_total(None, torch.tensor([0, 5])) == 6


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
        figure = grid_figure(t, torch.arange(t.numel()).reshape(t.shape), t.numel(), "t", "t", layout).to_dict()
        assert figure["layout"]["width"] <= width, "wider than its place: the browser would squeeze the numbers"
        assert crowded_numbers(figure) == [], (tuple(t.shape), width)
        assert smallest_font(figure) >= MIN_FONT or layout.font == 0


def test_a_long_row_keeps_its_cells_and_hides_its_numbers():
    row = torch.arange(125.0)  # x.view(125): one row of 125 cells
    layout = grid_layout(row, 900)
    assert layout is not None and layout.font == 0 and layout.cell >= 6
    figure = grid_figure(row, torch.arange(125), 125, "out", "out", layout)
    assert len(figure.layout.shapes) == 125 and figure.layout.width <= 900
    assert figure.data[0].mode == "markers" and len(figure.data[0].hovertext) == 125, "hover still reads each value"


def test_too_big_to_draw_is_said_not_squeezed():
    assert grid_layout(torch.zeros(MAX_CELLS + 1), 10_000) is None, "more cells than the page draws"
    assert grid_layout(torch.zeros(1, 200), 520) is None, "200 cells in a row cannot be cells in 520 pixels"
    with pytest.raises(ValueError, match="too big"):
        grid_figure(torch.zeros(300), None, 1)


def test_slices_wrap_onto_rows_before_numbers_shrink():
    layout = grid_layout(largest("arange", "float32"), 540)
    assert layout.per_row < 5 and layout.font >= 11
    figure = grid_figure(largest("arange", "float32"), None, 1, "", "x", layout)
    assert [a.text for a in figure.layout.annotations] == [f"x[{k}]" for k in range(5)], "every slice titled"
