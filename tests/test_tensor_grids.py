"""Tensors drawn as grids: one cell per element, 3-D as a row of slices, an element's colour kept through an op."""

import torch

from core.tensor_grids import element_colour, format_value, grid_figure, id_total
from core.tensor_ops import apply_op


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
