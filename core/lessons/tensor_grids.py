"""Tensors drawn as grids of cells: each cell shows its value, coloured by which element it is.

A 1-D tensor is one row, a 2-D tensor a grid, a 3-D tensor a row of 2-D slices x[0], x[1], …
(wrapped onto more rows when they would not fit). `grid_layout` sizes the cells to the room the
page has: numbers shrink to a legible minimum, then cells show colour only (hover reads them),
and a tensor too big for that is not drawn at all, so the page can say so instead of squeezing.
Colours come from element ids (see core/lessons/tensor_ops.py), so an element keeps its colour
before and after an op, and a stretched (broadcast) element repeats its colour.

A grid is plain HTML built here (a <table> per slice, a title on every cell), not a chart: a page of
them costs a fresh browser tab nothing to compile, where one Plotly figure cost it about a second.
"""

from __future__ import annotations

import colorsys
import math
from dataclasses import dataclass
from html import escape

import torch

CELL = 46  # pixels per cell at most: room for a value like -0.53 or True at FONT_SIZE
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
LEFT_OUT = "rgba(128,128,128,.09)"  # a cell an index did not pick: faded (#f3f3f3 on white, a shade on dark)
LEFT_OUT_TEXT = "rgba(128,128,128,.6)"  # its number: #b3b3b3 on white, still legible on a dark theme
TEXT = "#1f2d3d"  # the numbers: dark on the light cell colours, whatever the page's theme
PICKED = f"inset 0 0 0 2px {TEXT},0 0 0 1.5px currentColor"  # a cell an index picked (or an edit changed):
# outlined inside in dark (on its light fill) and just outside in the page's text colour (on a dark theme too)

STYLE = f"""<style>
.tl-grid{{line-height:1.3;overflow-x:auto}}
.tl-grid-title{{font-size:14px;font-weight:600;margin:0 0 4px}}
.tl-grid-slices{{display:grid;column-gap:var(--slice-gap);row-gap:6px;align-items:start;justify-content:start}}
.tl-grid table{{border-collapse:separate;border-spacing:var(--gap);border:none;margin:0;width:auto;table-layout:fixed}}
.tl-grid caption{{caption-side:top;font-size:12px;opacity:.7;text-align:center;padding:0}}
.tl-grid tr{{background:none;border:none}}
.tl-grid td{{width:var(--cell);min-width:var(--cell);max-width:var(--cell);height:var(--cell);padding:0;border:none;
border-radius:2px;text-align:center;vertical-align:middle;overflow:hidden;white-space:nowrap;cursor:default;
font:var(--font)/1 "Source Code Pro",ui-monospace,monospace;-webkit-text-fill-color:{TEXT}}}
.tl-grid td.tl-out{{background:{LEFT_OUT};-webkit-text-fill-color:{LEFT_OUT_TEXT}}}
.tl-grid td.tl-picked{{box-shadow:{PICKED}}}
.tl-grid td:hover{{outline:2px solid #ee4c2c;outline-offset:-1px}}
</style>"""


@dataclass(frozen=True)
class GridLayout:
    """How one tensor is drawn in a given width: cell size, slices per row, the numbers' font (0: hidden)."""

    cell: int  # pixels per cell
    per_row: int  # slices side by side; more wrap onto another row of slices
    font: int  # font size of the numbers in the cells; 0 when they are too small to print
    width: int  # the drawing's pixels, margins included


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


def grid_html(t: torch.Tensor, ids: torch.Tensor | None, total: int, title: str = "", name: str = "",
              layout: GridLayout | None = None, picked: torch.Tensor | None = None, fade: bool = True) -> str:
    """One tensor as coloured cells, an HTML table per 2-D slice; `total` is how many element ids the picture uses.

    A 3-D tensor's slices are titled name[0], name[1], … as a learner would index them. `layout`
    comes from grid_layout (default: as wide as a small tensor needs); a tensor it cannot draw is an error.
    `picked` (t's shape, counts) outlines the cells an index picked and, with `fade`, pales the others.
    Every cell's title attribute says its index and value, so hovering reads a cell too small for its number.
    """
    layout = layout or grid_layout(t, 10_000)
    if layout is None:
        raise ValueError(f"a tensor of shape {tuple(t.shape)} is too big to draw; check grid_layout first")
    pieces = _slices(t.detach().cpu())
    id_pieces = _slices(ids) if ids is not None else [None] * len(pieces)
    picked_pieces = _slices(picked) if picked is not None else [None] * len(pieces)
    sliced = t.dim() >= 3
    tables = "".join(_slice_table(piece, piece_ids, piece_picked, total, k if sliced else None,
                                  f"{name}[{k}]" if sliced else title or name, fade)
                     for k, (piece, piece_ids, piece_picked) in enumerate(zip(pieces, id_pieces, picked_pieces)))
    gap = _gap(layout.cell)
    sizes = (f"--cell:{layout.cell - gap}px;--gap:{gap}px;--font:{layout.font}px;--slice-gap:{SLICE_GAP - gap}px;"
             f"grid-template-columns:repeat({min(layout.per_row, len(pieces))},max-content)")
    heading = f'<div class="tl-grid-title">{escape(title)}</div>' if title else ""
    return (f'{STYLE}<div class="tl-grid" role="group" aria-label="{escape(title or name)}" '
            f'data-cell="{layout.cell}" data-font="{layout.font}" data-width="{layout.width}" '
            f'style="max-width:{layout.width}px">{heading}'
            f'<div class="tl-grid-slices" style="{sizes}">{tables}</div></div>')


def _gap(cell: int) -> int:
    """Pixels between cells: about a twelfth of a cell, so neighbours read apart without wasting room."""
    return max(1, min(4, round(cell * 0.08)))


def _slice_table(piece: torch.Tensor, piece_ids, piece_picked, total: int, slice_index: int | None, label: str,
                 fade: bool) -> str:
    """One 2-D slice as a <table>: a caption with its name when it is one slice of several, a cell per element."""
    rows = []
    for r, cells in enumerate(piece.tolist()):
        tds = []
        for c, value in enumerate(cells):
            colour = NEW_VALUE if piece_ids is None else element_colour(int(piece_ids[r, c]), total)
            times = None if piece_picked is None else int(piece_picked[r, c])
            times = None if times == 0 and not fade else times
            kind = "" if times is None else ' class="tl-out"' if times == 0 else ' class="tl-picked"'
            index = [slice_index, r, c] if slice_index is not None else [r, c]
            hover = f"{index} = {value}" + (f"  ×{times}" if times and times > 1 else "")
            fill = "" if times == 0 else f' style="background:{colour}"'
            tds.append(f'<td{kind}{fill} title="{escape(hover)}">{escape(format_value(value))}</td>')
        rows.append(f"<tr>{''.join(tds)}</tr>")
    caption = f"<caption>{escape(label)}</caption>" if slice_index is not None else ""
    return f'<table aria-label="{escape(label)}">{caption}{"".join(rows)}</table>'


def id_total(*ids: torch.Tensor | None) -> int:
    """How many distinct element ids a picture colours (so all its grids share one palette)."""
    return max((int(i.max()) + 1 for i in ids if i is not None and i.numel()), default=1)
