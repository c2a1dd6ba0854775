"""Why did the model say that? Grad-CAM and gradient saliency maps on the 28×28 input.

Grad-CAM is computed exactly as torch-cam's GradCAM (checked numerically against torch-cam
0.5 on the shipped ConvNet: identical 10×10 maps): on the last layer whose output still has
a place (4-D, more than 1×1), the ReLU after the last convolution in our nets. Its coarse map
is then laid on the input where its cells actually look, by receptive-field arithmetic: the
ConvNet's 10×10 cells are centred on input pixels 4.5, 6.5, …, 22.5, so stretching the map
over all 28×28 (what plain resizing does) would push the heat towards the corners.

The model a page passes in is shared by every session, so nothing here touches it: each
explanation runs on a private, frozen copy, and hooks live only inside `_hooked`, removed in
`finally`.
"""

from __future__ import annotations

import copy
from contextlib import contextmanager
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from core.common.threads import one_thread

GEOMETRY_LAYERS = (nn.Conv2d, nn.MaxPool2d, nn.AvgPool2d)  # what moves and spaces the cells


@dataclass(frozen=True)
class CamLayer:
    """The layer Grad-CAM reads, and where its cells look: cell i's receptive field is centred on
    input pixel `start + i * jump` (per axis); None when a layer the arithmetic does not know changes sizes."""
    name: str
    start: tuple[float, float] | None
    jump: tuple[float, float] | None


def last_conv_layer(model: nn.Module) -> nn.Conv2d | None:
    """The last convolution, if the model has one (a linear model has none: saliency instead)."""
    convs = [m for m in model.modules() if isinstance(m, nn.Conv2d)]
    return convs[-1] if convs else None


def cam_layer(model: nn.Module, x: torch.Tensor) -> CamLayer | None:
    """torch-cam's choice of layer (`locate_candidate_layer`): the last module whose output is 4-D with
    a place left in it; and its cells' geometry from every convolution and pooling run before it."""
    order: list[tuple[str, nn.Module, tuple, tuple]] = []  # (name, module, input size, output size)
    leaves = {m: n for n, m in model.named_modules() if not list(m.children())}
    with _hooked([(m, _recorder(order, n)) for m, n in leaves.items()]), torch.no_grad():
        model(x.unsqueeze(0))
    found = [i for i, (_, _, _, out) in enumerate(order) if len(out) == 4 and any(s > 1 for s in out[2:])]
    if not found:
        return None
    last = found[-1]
    start, jump = [0.0, 0.0], [1.0, 1.0]
    for _, module, size_in, size_out in order[:last + 1]:
        if isinstance(module, GEOMETRY_LAYERS):
            for axis in (0, 1):
                k, s, p, d = (_pair(getattr(module, a, 1))[axis] for a in ("kernel_size", "stride", "padding", "dilation"))
                start[axis] += ((k - 1) * d / 2 - p) * jump[axis]  # the centre of the window, in input pixels
                jump[axis] *= s
        elif len(size_in) == 4 and len(size_out) == 4 and size_in[2:] != size_out[2:]:
            return CamLayer(order[last][0], None, None)  # an unknown resize: fall back to stretching
    return CamLayer(order[last][0], tuple(start), tuple(jump))


def grad_cam(model: nn.Module, x: torch.Tensor, target: int) -> torch.Tensor:
    """(28, 28) map in 0..1 of where the chosen layer's evidence for `target` lies.

    Selvaraju et al. 2017: weight each channel by its mean gradient, sum, keep the positive part.
    Falls back to saliency for models without a layer that keeps a place (e.g. `linear`).
    """
    clone = frozen_copy(model)
    with one_thread():
        layer = cam_layer(clone, x)
        if layer is None or last_conv_layer(clone) is None:
            return saliency(model, x, target)
        seen: dict[str, torch.Tensor] = {}
        module = dict(clone.named_modules())[layer.name]
        with _hooked([(module, _keeper(seen))]), torch.enable_grad():
            pixels = x.detach().clone().unsqueeze(0).requires_grad_(True)  # (1, 1, 28, 28): gives the graph
            clone(pixels)[0, target].backward()
    activation, gradient = seen["activation"].detach(), seen["gradient"]  # (1, C, h, w) each
    weights = gradient.mean(dim=(2, 3), keepdim=True)  # (1, C, 1, 1): importance per channel
    cam = F.relu((weights * activation).sum(dim=1))[0]  # (h, w)
    return _unit(placed(cam, layer, tuple(x.shape[-2:])))


def placed(cam: torch.Tensor, layer: CamLayer, size: tuple[int, int]) -> torch.Tensor:
    """The (h, w) map on the input's (H, W) pixels, each pixel reading the cells around the spot it
    is the centre of (bilinear; beyond the outer cells' centres, the outer cells' value)."""
    if layer.start is None or min(cam.shape) < 2:
        return F.interpolate(cam[None, None], size=size, mode="bilinear", align_corners=False)[0, 0]
    axes = []
    for axis in (0, 1):
        cells = (torch.arange(float(size[axis])) - layer.start[axis]) / layer.jump[axis]  # pixel -> cell coordinate
        axes.append(cells / (cam.shape[axis] - 1) * 2 - 1)  # grid_sample's -1..1 over the cells' centres
    rows, cols = torch.meshgrid(axes[0], axes[1], indexing="ij")
    grid = torch.stack([cols, rows], dim=-1)[None]  # (1, H, W, 2): x then y
    return F.grid_sample(cam[None, None], grid, mode="bilinear", padding_mode="border", align_corners=True)[0, 0]


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


@contextmanager
def _hooked(hooks: list[tuple[nn.Module, object]]):
    """Forward hooks on a (private) model for the duration of a `with`, removed in `finally`."""
    handles = [module.register_forward_hook(hook) for module, hook in hooks]
    try:
        yield
    finally:
        for handle in handles:
            handle.remove()


def _recorder(order: list, name: str):
    def hook(module, inputs, output):
        size_in = tuple(inputs[0].shape) if inputs and isinstance(inputs[0], torch.Tensor) else ()
        size_out = tuple(output.shape) if isinstance(output, torch.Tensor) else ()
        order.append((name, module, size_in, size_out))
    return hook


def _keeper(seen: dict):
    """Record the layer's output and the gradient flowing back into it."""
    def hook(_module, _inputs, output):
        seen["activation"] = output
        output.register_hook(lambda grad: seen.__setitem__("gradient", grad))
    return hook


def _pair(value) -> tuple:
    return tuple(value) if isinstance(value, (tuple, list)) else (value, value)


def _unit(m: torch.Tensor) -> torch.Tensor:
    top = m.max()
    return m / top if top > 0 else m
