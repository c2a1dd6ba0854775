"""Why did the model say that? Grad-CAM and gradient saliency maps on the 28×28 input.

The model a page passes in is shared by every session, so nothing here touches
it: each explanation runs on a private, frozen copy (about 1 ms for the shipped
ConvNet), and hooks live only inside `_capture`, removed in `finally`.
"""

from __future__ import annotations

import copy
from contextlib import contextmanager

import torch
import torch.nn.functional as F
from torch import nn

from core.threads import one_thread


def last_conv_layer(model: nn.Module) -> nn.Conv2d | None:
    """Grad-CAM looks at the last convolution: the most abstract map that still has a place."""
    convs = [m for m in model.modules() if isinstance(m, nn.Conv2d)]
    return convs[-1] if convs else None


@contextmanager
def _capture(layer: nn.Module):
    """Record `layer`'s output and the gradient flowing back into it."""
    seen: dict[str, torch.Tensor] = {}

    def forward_hook(_module, _inputs, output):
        seen["activation"] = output
        output.register_hook(lambda grad: seen.__setitem__("gradient", grad))

    handle = layer.register_forward_hook(forward_hook)
    try:
        yield seen
    finally:
        handle.remove()


def grad_cam(model: nn.Module, x: torch.Tensor, target: int) -> torch.Tensor:
    """(28, 28) map in 0..1 of where the last conv layer's evidence for `target` lies.

    Selvaraju et al. 2017: weight each channel by its mean gradient, sum, keep the positive part.
    Falls back to saliency for models without convolutions (e.g. `linear`).
    """
    if last_conv_layer(model) is None:
        return saliency(model, x, target)
    clone = frozen_copy(model)
    with _capture(last_conv_layer(clone)) as seen, torch.enable_grad(), one_thread():
        pixels = x.detach().clone().unsqueeze(0).requires_grad_(True)  # (1, 1, 28, 28): gives the graph
        clone(pixels)[0, target].backward()
    activation, gradient = seen["activation"].detach(), seen["gradient"]  # (1, C, h, w) each
    weights = gradient.mean(dim=(2, 3), keepdim=True)  # (1, C, 1, 1): importance per channel
    cam = F.relu((weights * activation).sum(dim=1, keepdim=True))  # (1, 1, h, w)
    cam = F.interpolate(cam, size=x.shape[-2:], mode="bilinear", align_corners=False)[0, 0]
    return _unit(cam)


def saliency(model: nn.Module, x: torch.Tensor, target: int) -> torch.Tensor:
    """(28, 28) map in 0..1: how much each pixel's change would move the `target` score."""
    clone = frozen_copy(model)
    with torch.enable_grad(), one_thread():
        pixels = x.detach().clone().unsqueeze(0).requires_grad_(True)  # (1, 1, 28, 28)
        clone(pixels)[0, target].backward()
    return _unit(pixels.grad[0, 0].abs())


def frozen_copy(model: nn.Module) -> nn.Module:
    """A private eval-mode copy whose weights need no gradient: the shared model stays untouched."""
    clone = copy.deepcopy(model).eval()
    clone.requires_grad_(False)
    return clone


def _unit(m: torch.Tensor) -> torch.Tensor:
    top = m.max()
    return m / top if top > 0 else m
