"""Conv arithmetic: the output-size formulas against nn.Conv2d and nn.MaxPool2d themselves."""

import itertools

import pytest
import torch
from torch import nn

from core.lessons.conv_arithmetic import (
    ConvSettingsError,
    LayerSettings,
    apply_activation,
    apply_layer,
    check_settings,
    conv_output_size,
    formula_latex,
    pool_output_size,
    receptive_field,
)

SIZES = (5, 7, 28, 32)
GRID = list(itertools.product((1, 2, 3, 5), (1, 2, 3), (0, 1, 2), (1, 2)))  # kernel, stride, padding, dilation


def _torch_size(layer: nn.Module, size: int) -> int | None:
    try:
        return layer(torch.zeros(1, 1, size, size)).shape[-1]
    except RuntimeError:  # PyTorch refuses: the output would be empty
        return None


@pytest.mark.parametrize("kernel, stride, padding, dilation", GRID)
def test_conv_formula_matches_conv2d(kernel, stride, padding, dilation):
    layer = nn.Conv2d(1, 1, kernel, stride=stride, padding=padding, dilation=dilation)
    for size in SIZES:
        expected = _torch_size(layer, size)
        predicted = conv_output_size(size, kernel, stride, padding, dilation)
        assert predicted == expected if expected is not None else predicted < 1, (size, predicted, expected)


@pytest.mark.parametrize("ceil_mode", [False, True])
@pytest.mark.parametrize("kernel, stride, padding, dilation", GRID)
def test_pool_formula_matches_maxpool2d(kernel, stride, padding, dilation, ceil_mode):
    if padding > kernel // 2:  # PyTorch's own rule, checked separately below
        return
    layer = nn.MaxPool2d(kernel, stride=stride, padding=padding, dilation=dilation, ceil_mode=ceil_mode)
    for size in SIZES:
        expected = _torch_size(layer, size)
        predicted = pool_output_size(size, kernel, stride, padding, dilation, ceil_mode)
        assert predicted == expected if expected is not None else predicted < 1, (size, predicted, expected)


def test_ceil_mode_drops_a_window_that_would_start_in_the_padding():
    # size 4, kernel 2, stride 3, padding 1: ceil((4 + 2 − 1 − 1) / 3) + 1 = 3 windows, but the third
    # would start at 2 · 3 = 6, past the input and its left padding (4 + 1): PyTorch drops it.
    assert pool_output_size(4, 2, 3, 1, ceil_mode=False) == 2
    assert pool_output_size(4, 2, 3, 1, ceil_mode=True) == 2  # ceil would say 3; the third starts at 6 ≥ 5
    assert nn.MaxPool2d(2, 3, 1, ceil_mode=True)(torch.zeros(1, 1, 4, 4)).shape[-1] == 2
    assert "- 1 = 2" in formula_latex(LayerSettings("pool", 2, 3, 1, ceil_mode=True), 4)


def test_seed_002_maxpool_with_ceil_mode_on_a_5x5_input():
    assert pool_output_size(5, 3, ceil_mode=True) == 2 and pool_output_size(5, 3) == 1


def test_seed_002_conv_on_cifar():
    out = apply_layer(LayerSettings("conv", 3, in_channels=3, out_channels=6), torch.rand(3, 32, 32))
    assert out.shape == (6, 30, 30)


def test_formula_shows_the_numbers_and_the_result():
    text = formula_latex(LayerSettings("conv", 5, 2, 1, 2), 28)  # (28 + 2 − 8 − 1) / 2 = 21 / 2, floor 10, + 1
    assert "28 + 2 \\cdot 1 - 2 \\cdot (5-1) - 1" in text and "\\frac{21}{2}" in text
    assert conv_output_size(28, 5, 2, 1, 2) == 11 and text.endswith("= 11\\end{aligned}")
    assert "\\lceil" in formula_latex(LayerSettings("pool", 3, 3, ceil_mode=True), 28)


@pytest.mark.parametrize("kernel, stride, padding, dilation", [(3, 1, 0, 1), (3, 2, 1, 1), (2, 2, 0, 2)])
def test_receptive_field_is_what_the_output_cell_reads(kernel, stride, padding, dilation):
    """Put a 1 on every cell of the field and a 0 elsewhere: a sum kernel of ones sees exactly k² ones."""
    settings = LayerSettings("conv", kernel, stride, padding, dilation)
    size, row, col = 9, 1, 2
    cells = receptive_field(settings, row, col)
    padded = torch.zeros(size + 2 * padding, size + 2 * padding)
    for r, c in cells:
        padded[r, c] = 1
    image = padded[padding:padding + size, padding:padding + size]  # the part that is real input
    conv = nn.Conv2d(1, 1, kernel, stride, padding, dilation, bias=False)
    with torch.no_grad():
        conv.weight.fill_(1)
        out = conv(image[None, None])[0, 0]
    inside = sum(padding <= r < padding + size and padding <= c < padding + size for r, c in cells)
    assert out[row, col] == inside and len(cells) == kernel * kernel


def test_impossible_settings_raise_readable_errors():
    with pytest.raises(ConvSettingsError, match="padding"):
        check_settings(LayerSettings("pool", 2, 2, padding=2), 28)
    with pytest.raises(ConvSettingsError) as info:
        check_settings(LayerSettings("conv", 5, dilation=3), 5)
    assert "empty" in str(info.value) and "空" in info.value.render("zh")


def test_relu_and_sigmoid_on_a_feature_map():
    x = torch.tensor([[1.0, -0.5], [-1.0, 3.0]])  # seed 002's input
    assert apply_activation("relu", x).tolist() == [[1.0, 0.0], [0.0, 3.0]]
    assert torch.allclose(apply_activation("sigmoid", x), torch.sigmoid(x))
