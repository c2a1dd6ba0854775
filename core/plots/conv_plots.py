"""Pictures for the conv arithmetic lab: the padded input with one output cell's receptive field."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import torch

from core.common.visual import to_uint8
from core.lessons.conv_arithmetic import LayerSettings, receptive_field
from core.plots.feature_plots import HoverWords, channel_heatmap

PAD_COLOUR = (190, 205, 225)  # padding cells: light blue-gray, clearly not part of the picture
FIELD = "#ee4c2c"  # the receptive field, in PyTorch orange


def receptive_field_figure(image: torch.Tensor, settings: LayerSettings, row: int, col: int,
                           width: int = 460) -> go.Figure:
    """(C, H, W) image in 0..1, padded as the layer pads it, with the cells output (row, col) reads."""
    channels, h, w = image.shape
    p = settings.padding
    rgb = to_uint8(image.expand(3, h, w) if channels == 1 else image[:3]).transpose(1, 2, 0)  # (H, W, 3)
    padded = np.empty((h + 2 * p, w + 2 * p, 3), dtype=np.uint8)
    padded[:] = PAD_COLOUR
    padded[p:p + h, p:p + w] = rgb
    fig = go.Figure(go.Image(z=padded, hoverinfo="skip"))
    cells = receptive_field(settings, row, col)
    shapes = [_cell(r, c, fill="rgba(238,76,44,0.35)", line=FIELD) for r, c in cells]
    rows, cols = [r for r, _ in cells], [c for _, c in cells]
    shapes.append(dict(type="rect", x0=min(cols) - 0.5, x1=max(cols) + 0.5, y0=min(rows) - 0.5, y1=max(rows) + 0.5,
                       line=dict(color=FIELD, width=2, dash="dot")))  # the window the kernel spans
    if p:
        shapes.append(dict(type="rect", x0=p - 0.5, x1=p + w - 0.5, y0=p - 0.5, y1=p + h - 0.5,
                           line=dict(color="#1f2d3d", width=1, dash="dash")))  # where the real picture ends
    fig.update_layout(shapes=shapes)
    return _picture_layout(fig, padded.shape[0], padded.shape[1], width)


def output_cell_figure(feature_map: torch.Tensor, row: int, col: int, words: HoverWords,
                       width: int = 360) -> go.Figure:
    """One output channel as a heatmap, the chosen cell outlined."""
    fig = channel_heatmap(feature_map, words, width=width)
    fig.update_layout(shapes=[_cell(row, col, fill="rgba(0,0,0,0)", line="#111111", width=3)])
    return fig


def _cell(r: int, c: int, fill: str, line: str, width: float = 1) -> dict:
    return dict(type="rect", x0=c - 0.5, x1=c + 0.5, y0=r - 0.5, y1=r + 0.5, fillcolor=fill,
                line=dict(color=line, width=width))


def _picture_layout(fig: go.Figure, rows: int, cols: int, width: int) -> go.Figure:
    fig.update_layout(height=int(width * rows / cols) + 20, margin=dict(l=0, r=0, t=10, b=10),
                      xaxis=dict(visible=False), yaxis=dict(visible=False))
    return fig
