"""Tensors drawn as grids of cells: each cell shows its value, coloured by which element it is.

A 1-D tensor is one row, a 2-D tensor a grid, a 3-D tensor a row of 2-D slices x[0], x[1], …
(wrapped onto more rows when they would not fit). `grid_layout` sizes the cells to the room the
page has: numbers shrink to a legible minimum, then cells show colour only (hover reads them),
and a tensor too big for that is not drawn at all, so the page can say so instead of squeezing.
Colours come from element ids (see core/lessons/tensor_ops.py), so an element keeps its colour
before and after an op, and a stretched (broadcast) element repeats its colour.
"""

from __future__ import annotations

import colorsys
import math
from dataclasses import dataclass

import plotly.graph_objects as go
import torch
from plotly.subplots import make_subplots

CELL = 46  # pixels per cell at most: room for a value like -0.53 or True at FONT's size
MIN_CELL = 6  # pixels per cell at least: smaller than this a cell is no longer a cell you can point at
MAX_CELLS = 250  # the most cells one grid draws: two 5 × 5 × 5 tensors joined by cat or stack
MAX_HEIGHT = 900  # pixels: a grid taller than a screen is cut to smaller cells
SLICE_GAP = 24  # pixels between the slices x[0], x[1], … of a 3-D tensor
TITLE_PX = 28  # pixels above a row of slices for their titles
FONT_SIZE = 13  # the cells' numbers at full size; smaller cells get a smaller font
COMFORT_FONT = 11  # a number this size reads at a glance: wrapping slices onto more rows is worth it
MIN_FONT = 9  # below this a number is no longer legible: cells show colour only, hover shows the value
CHAR_WIDTH = 0.6  # a monospace character's width per pixel of font size
NEW_VALUE = "#e8e8e8"  # cells that hold a freshly computed value (a + b), not an element that moved
LEFT_OUT = "#f4f4f4"  # a cell an index did not pick: faded, so the picked ones stand out
LEFT_OUT_TEXT = "#b4b4b4"
PICKED_BORDER = dict(color="#1f2d3d", width=2.5)  # a cell an index picked (or an edit changed): outlined
FONT = dict(family="monospace", size=FONT_SIZE, color="#1f2d3d")


@dataclass(frozen=True)
class GridLayout:
    """How one tensor is drawn in a given width: cell size, slices per row, the numbers' font (0: hidden)."""

    cell: int  # pixels per cell
    per_row: int  # slices side by side; more wrap onto another row of slices
    font: int  # font size of the numbers in the cells; 0 when they are too small to print
    width: int  # the figure's pixels


def grid_layout(t: torch.Tensor, max_width: int) -> GridLayout | None:
    """The largest legible drawing of t in max_width pixels, or None when t is too big to draw cell by cell.

    A 3-D tensor's slices wrap onto more rows before its cells shrink past the point where their
    numbers still fit; when no arrangement fits the numbers, cells show colour only.
    """
    if t.numel() > MAX_CELLS or t.numel() == 0:  # an empty tensor has no cell to draw: the page says so instead
        return None
    pieces = _slices(t.detach().cpu())
    rows, cols, count = pieces[0].shape[0], pieces[0].shape[1], len(pieces)
    chars = max((len(format_value(v)) for p in pieces for row in p.tolist() for v in row), default=1)
    options = []  # one layout per number of slices side by side, the most first
    for per_row in range(count, 0, -1):
        panel_rows = -(-count // per_row)  # ceil
        titles = TITLE_PX * panel_rows if count > 1 else 0
        cell = min(CELL, (max_width - 20 - (per_row - 1) * SLICE_GAP) // (per_row * cols),
                   (MAX_HEIGHT - titles) // (panel_rows * rows))
        font = min(FONT_SIZE, int((cell - 4) / (CHAR_WIDTH * chars)))
        options.append(GridLayout(cell, per_row, font if font >= MIN_FONT else 0,
                                  per_row * cols * cell + (per_row - 1) * SLICE_GAP + 20))
    for least in (COMFORT_FONT, MIN_FONT):  # numbers at a glance, else numbers at all, with the fewest rows
        readable = [o for o in options if o.font >= least]
        if readable:
            return readable[0]
    best = max(options, key=lambda o: o.cell)
    return best if best.cell >= MIN_CELL else None


def element_colour(element: int, total: int) -> str:
    """A light hue per element id, spread round the colour wheel, dark text stays readable."""
    hue = (element / max(total, 1)) * 0.85  # stop short of red again, so first and last differ
    r, g, b = colorsys.hls_to_rgb(hue, 0.78, 0.75)
    return f"rgb({int(r * 255)},{int(g * 255)},{int(b * 255)})"


def format_value(value) -> str:
    """How a cell prints its value: ints as is, floats with 2 decimals (none from 100 up), bools as True/False;
    a float that 2 decimals would hide (3e-41) or that would not fit a cell (2e+29) in short scientific form."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return str(value)  # nan, inf, -inf: what uninitialised memory may hold
    if value != 0 and (abs(value) < 0.005 or abs(value) >= 100_000):
        return f"{value:.0e}"  # honest about the size: 0.00 would claim a zero
    return f"{value:.2f}" if abs(value) < 100 else f"{value:.0f}."  # 100. as torch prints it: fits a cell


def _slices(t: torch.Tensor) -> list[torch.Tensor]:
    """The 2-D pieces a tensor is drawn as: 0-D and 1-D become one row, 3-D one slice per t[k]."""
    if t.dim() == 0:
        return [t.reshape(1, 1)]
    if t.dim() == 1:
        return [t.reshape(1, -1)]
    if t.dim() == 2:
        return [t]
    return list(t.reshape(t.shape[0], t.shape[1], -1))  # (D0, D1, rest): 4-D and up drawn flattened


def grid_figure(t: torch.Tensor, ids: torch.Tensor | None, total: int, title: str = "", name: str = "",
                layout: GridLayout | None = None, picked: torch.Tensor | None = None, fade: bool = True) -> go.Figure:
    """One tensor as coloured cells; `total` is how many element ids the whole picture uses.

    A 3-D tensor's slices are titled name[0], name[1], … as a learner would index them. `layout`
    comes from grid_layout (default: as wide as a small tensor needs); a tensor it cannot draw is an error.
    `picked` (t's shape, counts) outlines the cells an index picked and, with `fade`, pales the others.
    """
    layout = layout or grid_layout(t, 10_000)
    if layout is None:
        raise ValueError(f"a tensor of shape {tuple(t.shape)} is too big to draw; check grid_layout first")
    pieces = _slices(t.detach().cpu())
    id_pieces = _slices(ids) if ids is not None else [None] * len(pieces)
    picked_pieces = _slices(picked) if picked is not None else [None] * len(pieces)
    rows, cols = pieces[0].shape
    panel_rows = -(-len(pieces) // layout.per_row)
    titles = [f"{name}[{k}]" for k in range(len(pieces))] if t.dim() >= 3 else None
    plot_width = layout.width - 20
    plot_height = panel_rows * rows * layout.cell + (panel_rows - 1) * TITLE_PX
    fig = make_subplots(rows=panel_rows, cols=layout.per_row, subplot_titles=titles,
                        horizontal_spacing=SLICE_GAP / plot_width if layout.per_row > 1 else 0,
                        vertical_spacing=TITLE_PX / plot_height if panel_rows > 1 else 0)
    shapes = []  # every cell's rectangle, handed to plotly once (one add_shape per cell takes seconds)
    for k, (piece, piece_ids, piece_picked) in enumerate(zip(pieces, id_pieces, picked_pieces)):
        row, col = k // layout.per_row + 1, k % layout.per_row + 1
        axis = "" if k == 0 else str(k + 1)  # make_subplots numbers the axes of its grid row by row
        shapes += _draw_cells(fig, piece, piece_ids, total, row, col, axis, k if t.dim() >= 3 else None, layout,
                              piece_picked, fade)
        fig.update_xaxes(range=[-0.5, cols - 0.5], row=row, col=col)
        fig.update_yaxes(range=[rows - 0.5, -0.5], scaleanchor=f"x{axis}", row=row, col=col)
    fig.update_layout(shapes=shapes)
    top = 50 if title or titles else 10
    fig.update_xaxes(visible=False)  # every axis, also those of an empty place in the last row of slices
    fig.update_yaxes(visible=False)
    fig.update_layout(title=dict(text=title, font=dict(size=14), x=0, xanchor="left"), showlegend=False,
                      width=max(layout.width, 160), height=plot_height + top + 10,
                      margin=dict(l=10, r=10, t=top, b=10),
                      plot_bgcolor="rgba(0,0,0,0)", paper_bgcolor="rgba(0,0,0,0)")
    if titles:
        fig.update_annotations(font=dict(size=12, color="#555"))
    return fig


def _draw_cells(fig: go.Figure, piece: torch.Tensor, piece_ids, total: int, row: int, col: int, axis: str,
                slice_index, layout: GridLayout, piece_picked=None, fade: bool = True) -> list[dict]:
    """One slice's numbers (or invisible hover points) as a trace; returns its cells' rectangles."""
    values = piece.tolist()
    xs, ys, texts, hovers, shapes, text_colours = [], [], [], [], [], []
    border = dict(color="#ffffff", width=1 if layout.cell >= 12 else 0)  # tiny cells: colour, no white seams
    for r, cells in enumerate(values):
        for c, value in enumerate(cells):
            colour = NEW_VALUE if piece_ids is None else element_colour(int(piece_ids[r, c]), total)
            times = None if piece_picked is None else int(piece_picked[r, c])
            times = None if times == 0 and not fade else times
            line, inset = border, 0.46
            if times == 0:
                colour = LEFT_OUT
            elif times:
                line, inset = PICKED_BORDER, 0.42  # inside the cell: neighbours' outlines do not merge
            shapes.append(dict(type="rect", x0=c - inset, x1=c + inset, y0=r - inset, y1=r + inset, fillcolor=colour,
                               line=line, layer="below", xref=f"x{axis}", yref=f"y{axis}"))
            index = (slice_index, r, c) if slice_index is not None else (r, c)
            xs.append(c)
            ys.append(r)
            texts.append(format_value(value))
            text_colours.append(LEFT_OUT_TEXT if times == 0 else FONT["color"])
            hovers.append(f"{list(index)} = {value}" + (f"  ×{times}" if times and times > 1 else ""))
    if layout.font:
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="text", text=texts, hovertext=hovers, hoverinfo="text",
                                 textfont=FONT | dict(size=layout.font, color=text_colours)), row=row, col=col)
    else:  # too small for numbers: an invisible marker per cell still answers the pointer
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="markers", hovertext=hovers, hoverinfo="text",
                                 marker=dict(size=layout.cell, opacity=0)), row=row, col=col)
    return shapes


def id_total(*ids: torch.Tensor | None) -> int:
    """How many distinct element ids a picture colours (so all its grids share one palette)."""
    return max((int(i.max()) + 1 for i in ids if i is not None and i.numel()), default=1)
