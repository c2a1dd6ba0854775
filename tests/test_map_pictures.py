"""The Feature maps tab's pictures (core/plots/map_pictures.py): every number lands in its tile's pixel, in
plotly's colours, with the same number sent beside it for hover; a linear layer's output becomes bars."""

import base64
import io

import numpy as np
import pytest
import torch
from PIL import Image

from core.models import create_model
from core.plots.feature_plots import grid_shape
from core.plots.map_pictures import MapPicture, diverging_rgba, layer_pictures, map_picture
from core.vision.activations import feature_maps


def pixels(picture: MapPicture) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(picture.src.split(",", 1)[1]))))


def numbers(picture: MapPicture) -> np.ndarray:
    return np.frombuffer(base64.b64decode(picture.values), dtype="<f4").reshape(picture.height, picture.width)


def test_each_channel_lands_in_its_tile_with_its_numbers_beside_it():
    maps = torch.randn(10, 24, 24)
    maps[7, 3, 4] = maps.abs().max() + 1  # the largest value: the scale's darkest red
    picture = map_picture(maps)
    rows, cols = grid_shape(10)
    assert (picture.height, picture.width, picture.cols, picture.channels) == (rows * 25 - 1, cols * 25 - 1, cols, 10)
    top, left = (7 // cols) * 25, (7 % cols) * 25
    np.testing.assert_array_equal(numbers(picture)[top:top + 24, left:left + 24], maps[7].numpy())
    assert tuple(pixels(picture)[top + 3, left + 4]) == (103, 0, 31, 255), "channel 7's tile, row 3, column 4"
    assert picture.limit == pytest.approx(maps[7, 3, 4].item())
    assert pixels(picture)[24, :, 3].max() == 0 and np.isnan(numbers(picture)[24]).all(), "gaps: see-through, no value"
    assert (pixels(picture)[:24, :24, 3] == 255).all()


def test_a_row_of_tiles_and_a_numbered_first_tile():
    picture = map_picture(torch.randn(6, 3, 3), cols=6, first=16)
    assert (picture.height, picture.width, picture.first) == (3, 6 * 4 - 1, 16)
    assert map_picture(torch.zeros(4, 6, 6)).limit > 0, "a dead ReLU still gets a scale"


def test_colours_are_plotlys_diverging_scale_centred_on_zero():
    rgba = diverging_rgba(np.array([[-2.0, 0.0, 2.0, np.nan, 5.0]]), limit=2.0)
    assert [tuple(c) for c in rgba[0, [0, 1, 2, 4]]] == [(5, 48, 97, 255), (247, 247, 247, 255), (103, 0, 31, 255),
                                                         (103, 0, 31, 255)], "blue, white, red, red beyond the scale"
    assert rgba[0, 3, 3] == 0, "no value (a gap): see-through"


def test_the_convnets_layers_are_pictures_nothing_and_bars():
    maps = feature_maps(create_model("convnet"), torch.randn(1, 28, 28))
    pictures = layer_pictures(maps, [str(d) for d in range(10)])
    kinds = [type(p).__name__ if p is not None else None for p in pictures]
    assert kinds == ["MapPicture"] * 5 + [None] + ["VectorPicture"] * 3
    last = pictures[-1]
    assert last.labels == [str(d) for d in range(10)] and last.highlight == max(range(10), key=maps.probs.__getitem__)
    assert pictures[6].labels is None and len(pictures[6].values) == 500, "500 hidden units: no class names"
