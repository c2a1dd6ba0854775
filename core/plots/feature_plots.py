"""Feature maps and kernels as plotly figures, for the charts a person opens: the Kernels tab, the conv lab.

(The Feature maps tab's first view draws no plotly chart: core/plots/map_pictures.py.)
A layer's channels are tiled into *one* heatmap (NaN gaps between tiles) rather than a
subplot per channel: one trace builds and serialises many times faster than dozens.
Colours are diverging and centred on zero (blue negative, white 0, red positive), with one
scale per figure, so channels of a layer compare honestly and ReLU visibly removes the blue.
A 224-px model's layers have 64 maps of 112×112 or 512 of 7×7: a grid draws only its first
channels (channels_drawn), so one chart stays near a small model's size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import torch

DIVERGING = "RdBu_r"
GAP = 1  # empty cells between tiles
MAX_CELLS = 32 * 32 * 32  # numbers in one grid: CifarNet's widest output (32 maps of 32×32) still fits whole
MAX_TILES = 128  # channels in one grid: ResNet's 512 would be tiles of a few pixels
MIN_TILES = 1  # a 224×224 input (50,176 numbers a channel) still shows its first channel


@dataclass(frozen=True)
class HoverWords:
    """Words for the hover boxes, in the reader's language."""

    channel: str  # "channel"
    value: str  # "value"
    kernel: str = ""  # "kernel" (output channel), for kernel grids
    row: str = ""  # "row", for single maps
    column: str = ""  # "column"
    click: str = ""  # "click to look closer", for grids whose channels can be picked


def grid_shape(count: int) -> tuple[int, int]:
    """Rows and columns for `count` tiles: at least as wide as tall, at most about three times,
    with as few empty places as possible (10 channels: 2 × 5; 20: 4 × 5; 32: 4 × 8)."""
    narrowest, widest = math.ceil(math.sqrt(count)), max(1, math.ceil(math.sqrt(3 * count)))
    cols = min(range(narrowest, widest + 1), key=lambda c: (math.ceil(count / c) * c - count, -c))
    return math.ceil(count / cols), cols


def channels_drawn(channels: int, height: int, width: int) -> int:
    """How many of a layer's channels (the first ones) a grid draws: every one of a small model's;
    of a 224-px model's, about MAX_CELLS numbers' worth (2 of 112×112, 10 of 56×56, 41 of 28×28)."""
    return min(channels, MAX_TILES, max(MIN_TILES, MAX_CELLS // (height * width)))


def tile(blocks: np.ndarray, gap: int = GAP, fill: float = np.nan) -> np.ndarray:
    """(R, C, h, w) -> one (R·(h+gap)−gap, C·(w+gap)−gap) image, the blocks separated by `fill`."""
    rows, cols, h, w = blocks.shape[:4]
    padded = np.full((rows, cols, h + gap, w + gap, *blocks.shape[4:]), fill, dtype=blocks.dtype)
    padded[:, :, :h, :w] = blocks
    out = padded.swapaxes(1, 2).reshape(rows * (h + gap), cols * (w + gap), *blocks.shape[4:])  # (R·(h+g), C·(w+g))
    return out[:out.shape[0] - gap, :out.shape[1] - gap]


def channel_grid(maps: torch.Tensor, words: HoverWords, width: int = 640) -> go.Figure:
    """(C, H, W) feature maps -> a grid of heatmaps, channel 0 top left, numbered on hover."""
    channels, h, w = maps.shape
    rows, cols = grid_shape(channels)
    blocks = np.full((rows * cols, h, w), np.nan, dtype=np.float32)
    blocks[:channels] = maps.detach().float().cpu().numpy()
    ids = np.zeros((rows * cols, h, w), dtype=_index_type(channels))
    ids[:channels] = np.arange(channels)[:, None, None]
    z = tile(blocks.reshape(rows, cols, h, w))
    index = tile(ids.reshape(rows, cols, h, w), fill=0)  # gaps show no hover, so 0 is harmless there
    hover = f"{words.channel} %{{customdata}}<br>{words.value} %{{z:.3f}}<extra></extra>"
    return _heatmap(z, index, hover, width)


def kernel_grid(weight: torch.Tensor, words: HoverWords, width: int = 640, first: int = 0) -> go.Figure:
    """(O, I, k, k) conv weights -> one row per kernel (output channel), one k×k tile per input channel;
    `first` is the number of the top row's kernel, for hover, when only some kernels are shown."""
    out_c, in_c, kh, kw = weight.shape
    z = tile(weight.detach().float().cpu().numpy())  # rows: output channels, columns: input channels
    kernels, inputs = np.meshgrid(np.arange(first, first + out_c), np.arange(in_c), indexing="ij")  # (O, I) each
    ids = np.broadcast_to(np.stack([kernels, inputs], -1)[:, :, None, None], (out_c, in_c, kh, kw, 2))
    index = tile(ids.astype(_index_type(max(first + out_c, in_c))), fill=0)  # (rows, cols, 2): kernel, input channel
    hover = (f"{words.kernel} %{{customdata[0]}}<br>{words.channel} %{{customdata[1]}}"
             f"<br>{words.value} %{{z:.3f}}<extra></extra>")
    fig = _heatmap(z, index, hover, width)
    if out_c > 1:  # a grid of several kernels: number the rows and columns at the tiles' centres
        fig.update_layout(xaxis=_numbered_axis(words.channel, in_c, kw, 0, side="top"),
                          yaxis=_numbered_axis(words.kernel, out_c, kh, first), margin=dict(l=50, t=50))
    return fig


def _numbered_axis(title: str, count: int, size: int, first: int, side: str | None = None) -> dict:
    """An axis that numbers `count` tiles of `size` cells at their centres."""
    axis = dict(visible=True, title=dict(text=title, font=dict(size=11)), showgrid=False, zeroline=False,
                tickvals=np.arange(count) * (size + GAP) + (size - 1) / 2, ticktext=list(range(first, first + count)))
    return axis | ({"side": side} if side else {})


def rgb_kernels(weight: torch.Tensor, width: int = 640) -> go.Figure:
    """(O, 3, k, k) first-layer weights as colour pictures, each stretched to its own 0..255."""
    w = weight.detach().float().cpu()
    low = w.amin(dim=(1, 2, 3), keepdim=True)
    high = w.amax(dim=(1, 2, 3), keepdim=True)
    unit = ((w - low) / (high - low).clamp(min=1e-12)).permute(0, 2, 3, 1).numpy()  # (O, k, k, 3) in 0..1
    rows, cols = grid_shape(len(unit))
    blocks = np.ones((rows * cols, *unit.shape[1:]), dtype=np.float32)
    blocks[:len(unit)] = unit
    image = (tile(blocks.reshape(rows, cols, *unit.shape[1:]), fill=1.0) * 255).round().astype(np.uint8)
    fig = go.Figure(go.Image(z=image, hoverinfo="skip"))
    return _square_layout(fig, image.shape[0], image.shape[1], width)


def channel_heatmap(feature_map: torch.Tensor, words: HoverWords, width: int = 420,
                    limit: float | None = None) -> go.Figure:
    """One (H, W) map, large; small maps get their numbers written in the cells."""
    z = feature_map.detach().float().cpu().numpy()
    hover = f"{words.row} %{{y}}, {words.column} %{{x}}<br>{words.value} %{{z:.3f}}<extra></extra>"
    fig = _heatmap(z, None, hover, width, limit)
    if max(z.shape) <= 12:
        fig.update_traces(texttemplate="%{z:.2f}", textfont=dict(size=10))
    return fig


def _index_type(count: int) -> type:
    """The smallest integer type for channel numbers: uint8 makes the hover data 4× smaller to send."""
    return np.uint8 if count <= 256 else np.uint16


def _heatmap(z: np.ndarray, index: np.ndarray | None, hover: str, width: int,
             limit: float | None = None) -> go.Figure:
    finite = z[np.isfinite(z)]
    if limit is None:
        limit = float(np.abs(finite).max()) if finite.size else 1.0
    limit = max(limit, 1e-6)  # an all-zero map (a dead ReLU) still gets a scale
    fig = go.Figure(go.Heatmap(z=z, customdata=index, colorscale=DIVERGING, zmid=0, zmin=-limit, zmax=limit,
                               hoverongaps=False, hovertemplate=hover,
                               colorbar=dict(thickness=8, len=0.8, tickfont=dict(size=10))))
    return _square_layout(fig, z.shape[0], z.shape[1], width)


def _square_layout(fig: go.Figure, rows: int, cols: int, width: int) -> go.Figure:
    """Square cells, no axes, and a height that fits the picture at about `width` pixels wide."""
    height = int(min(max(width * rows / cols, 110), 640)) + 20
    fig.update_layout(
        height=height, margin=dict(l=0, r=0, t=10, b=10), plot_bgcolor="rgba(0,0,0,0)",
        xaxis=dict(visible=False, constrain="domain"),
        yaxis=dict(visible=False, autorange="reversed", scaleanchor="x", constrain="domain"),
    )
    return fig
