"""Conv and pooling arithmetic: how big the output is, and which input cells each output cell reads.

The formulas are the ones in the documentation of nn.Conv2d and nn.MaxPool2d; tests
check them against the layers themselves over a grid of settings.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import nn

from core.common.i18n import LocalizedError


class ConvSettingsError(LocalizedError, ValueError):
    """Settings PyTorch would refuse (an empty output, too much padding); the message says which."""


@dataclass(frozen=True)
class LayerSettings:
    """One Conv2d or MaxPool2d, with the same arguments the PyTorch layer takes."""

    kind: str  # "conv" (nn.Conv2d) or "pool" (nn.MaxPool2d)
    kernel: int
    stride: int = 1
    padding: int = 0  # zeros (conv) or -inf (pool) added on every side
    dilation: int = 1  # gap between the kernel's taps: 2 spreads a 3×3 kernel over 5×5
    ceil_mode: bool = False  # pooling only: round the window count up instead of down
    in_channels: int = 1  # conv only: must match the image's channels
    out_channels: int = 1  # conv only: one kernel (and one output map) per output channel

    @property
    def span(self) -> int:
        """How many input cells one window covers, counting the gaps dilation leaves."""
        return self.dilation * (self.kernel - 1) + 1


def conv_output_size(size: int, kernel: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    """nn.Conv2d: floor((size + 2·padding − dilation·(kernel − 1) − 1) / stride) + 1."""
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


def pool_output_size(size: int, kernel: int, stride: int | None = None, padding: int = 0,
                     dilation: int = 1, ceil_mode: bool = False) -> int:
    """nn.MaxPool2d: the conv formula, rounded up when ceil_mode is on; but a last window
    that would start in the right-hand padding (at size + padding or later) is dropped."""
    stride = stride or kernel  # MaxPool2d's default stride is the kernel size
    out = _rounded(size, kernel, stride, padding, dilation, ceil_mode)
    if ceil_mode and (out - 1) * stride >= size + padding:
        out -= 1
    return out


def _rounded(size: int, kernel: int, stride: int, padding: int, dilation: int, ceil_mode: bool) -> int:
    """The formula before ceil_mode's rule about the last window."""
    reach = size + 2 * padding - dilation * (kernel - 1) - 1
    return (math.ceil(reach / stride) if ceil_mode else reach // stride) + 1


def output_size(settings: LayerSettings, size: int) -> int:
    s = settings
    if s.kind == "pool":
        return pool_output_size(size, s.kernel, s.stride, s.padding, s.dilation, s.ceil_mode)
    return conv_output_size(size, s.kernel, s.stride, s.padding, s.dilation)


def check_settings(settings: LayerSettings, size: int) -> int:
    """The output size, or a ConvSettingsError saying what PyTorch would complain about."""
    s = settings
    if s.kind == "pool" and s.padding > s.kernel // 2:
        raise ConvSettingsError("errors.pool_padding", padding=s.padding, kernel=s.kernel, most=s.kernel // 2)
    out = output_size(settings, size)
    if out < 1:
        raise ConvSettingsError("errors.output_empty", size=size, padding=s.padding, span=s.span, out=out)
    return out


def formula_latex(settings: LayerSettings, size: int) -> str:
    """The output-size formula as LaTeX, then with this layer's numbers, then worked out."""
    s = settings
    ceil = s.kind == "pool" and s.ceil_mode
    left, right = ("\\left\\lceil", "\\right\\rceil") if ceil else ("\\left\\lfloor", "\\right\\rfloor")
    reach = size + 2 * s.padding - s.dilation * (s.kernel - 1) - 1
    result = output_size(settings, size)
    dropped = " - 1" if ceil_mode_dropped_a_window(settings, size) else ""
    return ("\\begin{aligned}"
            f"H_{{out}} &= {left} \\frac{{H_{{in}} + 2p - d\\,(k-1) - 1}}{{s}} {right} + 1 \\\\"
            f"&= {left} \\frac{{{size} + 2 \\cdot {s.padding} - {s.dilation} \\cdot ({s.kernel}-1) - 1}}{{{s.stride}}} "
            f"{right} + 1 \\\\"
            f"&= {left} \\frac{{{reach}}}{{{s.stride}}} {right} + 1{dropped} = {result}"
            "\\end{aligned}")


def receptive_field(settings: LayerSettings, row: int, col: int) -> list[tuple[int, int]]:
    """The input cells output cell (row, col) reads, in coordinates of the *padded* input
    (0 is the first padding cell); with dilation they are spread `dilation` apart."""
    s = settings
    taps = [a * s.dilation for a in range(s.kernel)]
    return [(row * s.stride + dr, col * s.stride + dc) for dr in taps for dc in taps]


def build_layer(settings: LayerSettings) -> nn.Module:
    """The PyTorch layer itself; a conv's random weights come from seed 0, so they repeat."""
    s = settings
    if s.kind == "pool":
        return nn.MaxPool2d(s.kernel, stride=s.stride, padding=s.padding, dilation=s.dilation, ceil_mode=s.ceil_mode)
    with torch.random.fork_rng():  # seed 0 for these weights only, the global generator untouched
        torch.manual_seed(0)
        return nn.Conv2d(s.in_channels, s.out_channels, s.kernel, stride=s.stride, padding=s.padding,
                         dilation=s.dilation)


@torch.no_grad()
def apply_layer(settings: LayerSettings, image: torch.Tensor) -> torch.Tensor:
    """(C, H, W) image -> (C_out, H_out, W_out): the layer run on a batch of one."""
    check_settings(settings, image.shape[-1])
    return build_layer(settings)(image.unsqueeze(0))[0]  # (1, C, H, W) in, first item out


ACTIVATIONS = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid}  # the two seed 002 applies to a feature map


@torch.no_grad()
def apply_activation(name: str, feature_map: torch.Tensor) -> torch.Tensor:
    """ReLU keeps the positive values and zeroes the rest; Sigmoid squashes every value into (0, 1)."""
    return ACTIVATIONS[name]()(feature_map)


def ceil_mode_dropped_a_window(settings: LayerSettings, size: int) -> bool:
    """True when ceil_mode's rule removed a last window that would have started in the padding."""
    s = settings
    ceil = s.kind == "pool" and s.ceil_mode
    return ceil and _rounded(size, s.kernel, s.stride, s.padding, s.dilation, ceil) != output_size(settings, size)


def most_mixed_channel(output: torch.Tensor) -> int:
    """The (C, H, W) output's channel with the most even share of positive and negative values:
    the one where an activation function visibly changes something."""
    positive = (output > 0).flatten(1).float().mean(1)  # (C,)
    negative = (output < 0).flatten(1).float().mean(1)
    return int(torch.minimum(positive, negative).argmax())
