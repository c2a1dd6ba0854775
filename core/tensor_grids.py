"""Tensors drawn as grids of cells: each cell shows its value, coloured by which element it is.

A 1-D tensor is one row, a 2-D tensor a grid, a 3-D tensor a row of 2-D slices x[0], x[1], …
Colours come from element ids (see core/tensor_ops.py), so an element keeps its colour
before and after an op, and a stretched (broadcast) element repeats its colour.
"""

from __future__ import annotations

import colorsys

import plotly.graph_objects as go
import torch
from plotly.subplots import make_subplots

CELL = 46  # pixels per cell: room for a value like -0.53 or True
NEW_VALUE = "#e8e8e8"  # cells that hold a freshly computed value (a + b), not an element that moved
FONT = dict(family="monospace", size=13, color="#1f2d3d")


def element_colour(element: int, total: int) -> str:
    """A light hue per element id, spread round the colour wheel, dark text stays readable."""
    hue = (element / max(total, 1)) * 0.85  # stop short of red again, so first and last differ
    r, g, b = colorsys.hls_to_rgb(hue, 0.78, 0.75)
    return f"rgb({int(r * 255)},{int(g * 255)},{int(b * 255)})"


def format_value(value) -> str:
    """How a cell prints its value: ints as is, floats with 2 decimals (none from 100 up), bools as True/False."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
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


def grid_figure(t: torch.Tensor, ids: torch.Tensor | None, total: int, title: str = "", name: str = "") -> go.Figure:
    """One tensor as coloured cells; `total` is how many element ids the whole picture uses.

    A 3-D tensor's slices are titled name[0], name[1], … as a learner would index them.
    """
    pieces = _slices(t.detach().cpu())
    id_pieces = _slices(ids) if ids is not None else [None] * len(pieces)
    rows = max(p.shape[0] for p in pieces)
    cols = max(p.shape[1] for p in pieces)
    titles = [f"{name}[{k}]" for k in range(len(pieces))] if t.dim() >= 3 else None
    fig = make_subplots(rows=1, cols=len(pieces), subplot_titles=titles, horizontal_spacing=0.4 / max(len(pieces), 1)
                        / max(cols, 1))
    for k, (piece, piece_ids) in enumerate(zip(pieces, id_pieces), start=1):
        _draw_cells(fig, piece, piece_ids, total, col=k, slice_index=k - 1 if t.dim() >= 3 else None)
        fig.update_xaxes(range=[-0.5, cols - 0.5], visible=False, row=1, col=k)
        fig.update_yaxes(range=[rows - 0.5, -0.5], visible=False, scaleanchor=f"x{k if k > 1 else ''}", row=1, col=k)
    width = len(pieces) * cols * CELL + (len(pieces) - 1) * 24 + 20
    fig.update_layout(title=dict(text=title, font=dict(size=14), x=0, xanchor="left"), showlegend=False,
                      width=max(width, 160), height=rows * CELL + (70 if title or titles else 30),
                      margin=dict(l=10, r=10, t=50 if title or titles else 10, b=10),
                      plot_bgcolor="rgba(0,0,0,0)", paper_bgcolor="rgba(0,0,0,0)")
    if titles:
        fig.update_annotations(font=dict(size=12, color="#555"))
    return fig


def _draw_cells(fig: go.Figure, piece: torch.Tensor, piece_ids, total: int, col: int, slice_index) -> None:
    values = piece.tolist()
    xs, ys, texts, hovers = [], [], [], []
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            colour = NEW_VALUE if piece_ids is None else element_colour(int(piece_ids[r, c]), total)
            fig.add_shape(type="rect", x0=c - 0.46, x1=c + 0.46, y0=r - 0.46, y1=r + 0.46, fillcolor=colour,
                          line=dict(color="#ffffff", width=1), layer="below", row=1, col=col)
            index = (slice_index, r, c) if slice_index is not None else (r, c)
            xs.append(c)
            ys.append(r)
            texts.append(format_value(value))
            hovers.append(f"{list(index)} = {value}")
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="text", text=texts, hovertext=hovers, hoverinfo="text",
                             textfont=FONT), row=1, col=col)


def id_total(*ids: torch.Tensor | None) -> int:
    """How many distinct element ids a picture colours (so all its grids share one palette)."""
    return max((int(i.max()) + 1 for i in ids if i is not None and i.numel()), default=1)
