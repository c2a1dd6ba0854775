"""core.plots.feature_plots: tiles land where they belong, and every figure is one small trace (the Kernels tab's
and the conv lab's plotly charts; the Feature maps tab's pictures are tests/test_map_pictures.py's)."""

import numpy as np
import pytest
import torch

from core.plots.feature_plots import HoverWords, channel_grid, channel_heatmap, grid_shape, kernel_grid, rgb_kernels, tile

WORDS = HoverWords("channel", "value", "kernel", "row", "column")


def test_tile_places_blocks_row_by_row_with_gaps():
    blocks = np.arange(2 * 3 * 2 * 2, dtype=np.float32).reshape(2, 3, 2, 2)
    out = tile(blocks)
    assert out.shape == (2 * 3 - 1, 3 * 3 - 1)
    np.testing.assert_array_equal(out[0:2, 3:5], blocks[0, 1])
    np.testing.assert_array_equal(out[3:5, 6:8], blocks[1, 2])
    assert np.isnan(out[2]).all() and np.isnan(out[:, 2]).all()


@pytest.mark.parametrize("count", [1, 3, 10, 20, 32, 64, 512])
def test_grid_holds_every_channel_and_is_wider_than_tall(count):
    rows, cols = grid_shape(count)
    assert rows * cols >= count > (rows - 1) * cols
    assert cols >= rows


def test_channel_grid_is_one_heatmap_with_the_channel_on_hover():
    maps = torch.randn(10, 24, 24)
    fig = channel_grid(maps, WORDS)
    assert len(fig.data) == 1 and fig.data[0].type == "heatmap"
    z, index = np.asarray(fig.data[0].z), np.asarray(fig.data[0].customdata)
    rows, cols = grid_shape(10)
    assert z.shape == index.shape == (rows * 25 - 1, cols * 25 - 1)
    np.testing.assert_allclose(z[25:49, 50:74], maps[cols + 2].numpy())  # second row, third tile
    assert index[30, 60] == cols + 2 and "channel %{customdata}" in fig.data[0].hovertemplate
    assert fig.data[0].zmid == 0 and fig.data[0].zmax == pytest.approx(maps.abs().max().item())


def test_kernel_grid_has_a_row_per_kernel_and_a_column_per_input_channel():
    weight = torch.randn(20, 10, 3, 3)
    fig = kernel_grid(weight, WORDS)
    z, index = np.asarray(fig.data[0].z), np.asarray(fig.data[0].customdata)
    assert z.shape == (20 * 4 - 1, 10 * 4 - 1)
    np.testing.assert_allclose(z[4 * 7:4 * 7 + 3, 4 * 5:4 * 5 + 3], weight[7, 5].numpy())
    assert tuple(index[4 * 7, 4 * 5]) == (7, 5)


def test_rgb_kernels_are_colour_pictures():
    fig = rgb_kernels(torch.randn(6, 3, 5, 5))
    image = np.asarray(fig.data[0].z)
    assert fig.data[0].type == "image" and image.dtype == np.uint8 and image.shape[-1] == 3


def test_small_maps_show_their_numbers():
    assert channel_heatmap(torch.randn(5, 5), WORDS).data[0].texttemplate == "%{z:.2f}"
    assert channel_heatmap(torch.randn(24, 24), WORDS).data[0].texttemplate is None


def test_an_all_zero_map_still_has_a_colour_scale():
    fig = channel_grid(torch.zeros(4, 6, 6), WORDS)
    assert fig.data[0].zmax > 0
