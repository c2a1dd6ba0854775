"""Feature maps as pictures for the browser: the Feature maps tab's first view draws no plotly chart.

Plotly's code is 4.7 MB of JavaScript that a fresh browser tab compiles before its first chart (about
1.2 s on a 2-core machine, measured by bench/page_times.py), and each heatmap of thousands of numbers then
keeps the browser busy again. Here a layer's channels are tiled into one picture, coloured on the server
in plotly's own diverging scale (blue negative, white 0, red positive, one scale a layer) and sent as a
PNG with one pixel a number, with the numbers themselves beside it (float32, base64) so the page can
still say a cell's channel and value on hover. A vector (a linear layer's output) becomes bars.
"""

from __future__ import annotations

import base64
import math
from dataclasses import asdict, dataclass

import numpy as np
import plotly.colors
import torch

from core.common.visual import png_data_uri
from core.plots.feature_plots import DIVERGING, channels_drawn, grid_shape, tile
from core.vision.activations import FeatureMaps, LayerOutput


@dataclass(frozen=True)
class MapPicture:
    """(C, H, W) maps tiled into one picture, channel `first` top left, row by row, GAP empty pixels between."""

    src: str  # data: URI of an RGBA PNG, one pixel a number, the gaps see-through
    values: str  # base64 of the same numbers, little-endian float32, row by row (NaN in the gaps)
    width: int  # pixels of the whole picture
    height: int
    tile_width: int  # one channel's map
    tile_height: int
    cols: int  # tiles in a row
    channels: int
    limit: float  # the colours run from -limit (blue) through 0 (white) to +limit (red)
    first: int = 0  # the number of the first tile

    def data(self) -> dict:
        """What the browser gets: plain JSON."""
        return asdict(self)


@dataclass(frozen=True)
class VectorPicture:
    """An (F,) output as bars: the class names under a model's final scores, the winner marked."""

    values: list[float]
    labels: list[str] | None = None
    highlight: int | None = None


def colour_stops(scale: str = DIVERGING) -> list[tuple[float, tuple[int, int, int]]]:
    """Plotly's colour scale as (position 0..1, RGB) stops."""
    return [(position, tuple(plotly.colors.unlabel_rgb(colour)))
            for position, colour in plotly.colors.get_colorscale(scale)]


def _colour_table(steps: int = 257) -> np.ndarray:
    """(steps, 3) uint8, interpolated linearly in RGB as plotly does; an odd count puts 0 on the middle colour."""
    stops = colour_stops()
    where = [position for position, _ in stops]
    rgb = np.array([colour for _, colour in stops], dtype=np.float64)
    x = np.linspace(0, 1, steps)
    return np.stack([np.interp(x, where, rgb[:, i]) for i in range(3)], -1).round().astype(np.uint8)


COLOURS = _colour_table()


def diverging_rgba(z: np.ndarray, limit: float) -> np.ndarray:
    """(H, W) values -> (H, W, 4) uint8 in DIVERGING's colours, -limit..limit with white at 0, NaN see-through."""
    finite = np.isfinite(z)
    unit = (np.where(finite, z, 0.0) / limit + 1) / 2  # -limit..limit -> 0..1
    rgba = np.zeros((*z.shape, 4), dtype=np.uint8)
    rgba[..., :3] = COLOURS[np.clip(np.round(unit * (len(COLOURS) - 1)), 0, len(COLOURS) - 1).astype(np.intp)]
    rgba[..., 3] = np.where(finite, 255, 0)
    return rgba


def map_picture(maps: torch.Tensor, cols: int | None = None, limit: float | None = None,
                first: int = 0) -> MapPicture:
    """(C, H, W) maps -> one picture, `cols` tiles a row (grid_shape's choice by default); colours span
    ±limit (the largest |value| by default, so a layer's channels compare on one scale)."""
    channels, h, w = maps.shape
    cols = grid_shape(channels)[1] if cols is None else cols
    rows = math.ceil(channels / cols)
    blocks = np.full((rows * cols, h, w), np.nan, dtype=np.float32)
    blocks[:channels] = maps.detach().float().cpu().numpy()
    z = tile(blocks.reshape(rows, cols, h, w))
    if limit is None:
        finite = z[np.isfinite(z)]
        limit = float(np.abs(finite).max()) if finite.size else 1.0
    limit = max(limit, 1e-6)  # an all-zero map (a dead ReLU) still gets a scale
    values = base64.b64encode(z.astype("<f4").tobytes()).decode("ascii")
    return MapPicture(png_data_uri(diverging_rgba(z, limit)), values, z.shape[1], z.shape[0], w, h, cols, channels,
                      limit, first)


def layer_pictures(maps: FeatureMaps, classes: list[str],
                   layers: list[LayerOutput] | None = None) -> list[MapPicture | VectorPicture | None]:
    """What the See inside page draws for each layer (maps.layers, or the `layers` it picked, e.g.
    maps.blocks): a picture of channels (channels_drawn of them) for an (N, C, H, W) output, bars for an
    (N, F) one (class names under the final scores), None for Flatten, whose numbers are the previous
    layer's in one row."""
    layers = maps.layers if layers is None else layers
    winner = max(range(len(maps.probs)), key=maps.probs.__getitem__)
    pictures: list[MapPicture | VectorPicture | None] = []
    for index, layer in enumerate(layers):
        if layer.kind == "Flatten":
            pictures.append(None)
        elif layer.has_channels:
            pictures.append(map_picture(layer.output[0, :channels_drawn(*layer.shape[1:])]))
        else:
            last = index == len(layers) - 1 and layer.name == maps.layers[-1].name  # the model's output
            scores = last and layer.shape[1] == len(classes)
            pictures.append(VectorPicture(layer.output[0].float().tolist(), classes if scores else None,
                                          winner if scores else None))
    return pictures
