"""Why did the model say that? Grad-CAM and gradient saliency maps on the model's input picture.

Grad-CAM is computed exactly as torch-cam's GradCAM (checked numerically against torch-cam
0.5 on the shipped ConvNet: identical 10×10 maps): on the last layer whose output still has
a place (4-D, more than 1×1), the ReLU after the last convolution in our nets. Its coarse map
is then laid on the input where its cells actually look, by receptive-field arithmetic: the
ConvNet's 10×10 cells are centred on input pixels 4.5, 6.5, …, 22.5, so stretching the map
over all 28×28 (what plain resizing does) would push the heat towards the corners. ResNet-18's
and MobileNetV3's 7×7 cells at 224 px are centred on pixels 0, 32, …, 192: each stride-2 window
is centred on 2·j, so the grid starts at the corner and the last cell's area ends at pixel 208.

The model a page passes in is shared by every session, so nothing here touches it: each
explanation runs on a private, frozen copy, and hooks live only inside `_hooked`, removed in
`finally`.
"""

from __future__ import annotations

import copy
import itertools
from contextlib import contextmanager
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from core.common.threads import one_thread

GEOMETRY_LAYERS = (nn.Conv2d, nn.MaxPool2d, nn.AvgPool2d)  # what moves and spaces the cells
Grid = tuple[tuple[float, float], tuple[float, float]]  # (start, jump): cell i is centred on pixel start + i·jump
PIXELS: Grid = ((0.0, 0.0), (1.0, 1.0))  # the input itself: pixel i is centred on pixel i
_UNSEEN = object()  # a tensor no module made (e.g. MobileNet's `scale * input`): its module's hook decides


@dataclass(frozen=True)
class CamLayer:
    """The layer Grad-CAM reads, and where its cells look: cell i's receptive field is centred on
    input pixel `start + i * jump` (per axis); None when the way from the input to it is not known
    (a resize, or a step no module made). `call`: which run of the module (ResNet runs each block's
    ReLU twice; Grad-CAM reads the last)."""
    name: str
    start: tuple[float, float] | None
    jump: tuple[float, float] | None
    call: int = 0


def last_conv_layer(model: nn.Module) -> nn.Conv2d | None:
    """The last convolution, if the model has one (a linear model has none: saliency instead)."""
    convs = [m for m in model.modules() if isinstance(m, nn.Conv2d)]
    return convs[-1] if convs else None


def cam_layer(model: nn.Module, x: torch.Tensor) -> CamLayer | None:
    """torch-cam's choice of layer (`locate_candidate_layer`): the last module run whose output is 4-D
    with a place left in it; and its cells' geometry, traced tensor by tensor from the input (_GridTracer)."""
    x = x.unsqueeze(0)  # (1, C, H, W)
    tracer = _GridTracer(x)
    modules = list(model.named_modules())
    with _hooked([(m, tracer.hook(n, not list(m.children()))) for n, m in modules]), torch.no_grad():
        model(x)
    found = [i for i, (_, shape, _) in enumerate(tracer.calls) if len(shape) == 4 and any(s > 1 for s in shape[2:])]
    if not found:
        return None
    name, _, grid = tracer.calls[found[-1]]
    call = sum(1 for other, _, _ in tracer.calls[:found[-1]] if other == name)  # its runs before this one
    return CamLayer(name, None, None, call) if grid is None else CamLayer(name, grid[0], grid[1], call)


class _GridTracer:
    """Where each 4-D tensor's cells look, followed through one forward pass by forward hooks.

    Each tensor's grid comes from the tensor its module read, not from whatever module ran before,
    so a branch beside the main path (ResNet's 1×1 strided shortcut, MobileNet's squeeze-excitation
    pooled to 1×1) changes nothing on it. An in-place sum (`out += identity`) keeps its tensor's grid.
    A tensor no module made takes the grid of a same-sized input of the module that returned it; any
    other change of size, or a convolution of an unknown tensor, leaves its grid unknown (None).
    """

    def __init__(self, image: torch.Tensor):
        # id -> (the tensor, kept alive so that no other tensor gets its id meanwhile; its grid)
        self.grids: dict[int, tuple[torch.Tensor, Grid | None]] = {id(image): (image, PIXELS)}
        self.calls: list[tuple[str, tuple, Grid | None]] = []  # (leaf name, output shape, grid), in run order

    def grid(self, tensor: torch.Tensor):
        entry = self.grids.get(id(tensor))
        return entry[1] if entry is not None and entry[0] is tensor else _UNSEEN

    def hook(self, name: str, leaf: bool):
        def record(module, inputs, output):
            if not isinstance(output, torch.Tensor):
                return
            found = inputs[0] if inputs and isinstance(inputs[0], torch.Tensor) else None
            if leaf and isinstance(module, GEOMETRY_LAYERS):
                before = self.grid(found) if found is not None else None
                grid = _stepped(before, module) if isinstance(before, tuple) else None
            else:
                grid = self.grid(output)
                if grid is _UNSEEN:  # made by plain tensor code inside this module's forward
                    grid = self._same_size_grid(inputs, output)
            self.grids[id(output)] = (output, grid)
            if leaf:
                self.calls.append((name, tuple(output.shape), grid))
        return record

    def _same_size_grid(self, inputs: tuple, output: torch.Tensor) -> Grid | None:
        if output.dim() != 4:
            return None
        grids = {self.grid(t) for t in inputs if isinstance(t, torch.Tensor) and t.dim() == 4
                 and t.shape[2:] == output.shape[2:]} - {_UNSEEN}
        return grids.pop() if len(grids) == 1 else None  # none known, or two that disagree


def _stepped(grid: Grid, module: nn.Module) -> Grid:
    """The grid after a convolution or pooling window: each output cell is centred on its window's centre."""
    start, jump = list(grid[0]), list(grid[1])
    for axis in (0, 1):
        k, s, d = (_pair(getattr(module, a, 1))[axis] for a in ("kernel_size", "stride", "dilation"))
        padding = getattr(module, "padding", 0)
        if padding == "same":  # stride 1; PyTorch puts the odd extra pixel after
            p = d * (k - 1) // 2
        else:
            p = 0 if padding == "valid" else _pair(padding)[axis]
        start[axis] += ((k - 1) * d / 2 - p) * jump[axis]  # the centre of the window, in input pixels
        jump[axis] *= s
    return tuple(start), tuple(jump)


def grad_cam(model: nn.Module, x: torch.Tensor, target: int) -> torch.Tensor:
    """(H, W) map in 0..1 of where the chosen layer's evidence for `target` lies on the (C, H, W) input.

    Selvaraju et al. 2017: weight each channel by its mean gradient, sum, keep the positive part.
    Falls back to saliency for models without a layer that keeps a place (e.g. `linear`).
    """
    found = cam_cells(model, x, target)
    if found is None:
        return saliency(model, x, target)
    cam, layer = found
    return _unit(placed(cam, layer, tuple(x.shape[-2:])))


def cam_cells(model: nn.Module, x: torch.Tensor, target: int) -> tuple[torch.Tensor, CamLayer] | None:
    """Grad-CAM's coarse (h, w) map on its layer's cells, before it is laid on the input; None for a
    model without a convolution and a layer that keeps a place."""
    clone = frozen_copy(model)
    with one_thread():
        layer = cam_layer(clone, x)
        if layer is None or last_conv_layer(clone) is None:
            return None
        seen: dict[str, torch.Tensor] = {}
        module = dict(clone.named_modules())[layer.name]
        with _hooked([(module, _keeper(seen, layer.call))]), torch.enable_grad():
            pixels = x.detach().clone().unsqueeze(0).requires_grad_(True)  # (1, C, H, W): gives the graph
            clone(pixels)[0, target].backward()
    activation, gradient = seen["activation"], seen["gradient"]  # (1, C, h, w) each
    weights = gradient.mean(dim=(2, 3), keepdim=True)  # (1, C, 1, 1): importance per channel
    return F.relu((weights * activation).sum(dim=1))[0], layer  # (h, w)


def placed(cam: torch.Tensor, layer: CamLayer, size: tuple[int, int]) -> torch.Tensor:
    """The (h, w) map on the input's (H, W) pixels, each pixel reading the cells around the spot it
    is the centre of (bilinear; beyond the outer cells' centres, the outer cells' value).

    Where the cells' geometry is unknown (layer.start is None), the map is stretched over the input
    (bilinear, align_corners=False: cell = input size / grid size, centred), as torch-cam and the
    Grad-CAM paper do: the one assumption left without the strides is that the cells tile the picture
    evenly, and it is off by at most half a cell's stride-2 shift per downsampling."""
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
    """(H, W) map in 0..1: how much each pixel's change would move the `target` score. A colour
    pixel counts by its most telling channel (Simonyan et al. 2014, captum's Saliency): max |gradient|."""
    clone = frozen_copy(model)
    with torch.enable_grad(), one_thread():
        pixels = x.detach().clone().unsqueeze(0).requires_grad_(True)  # (1, C, H, W)
        clone(pixels)[0, target].backward()
    return _unit(pixels.grad[0].abs().amax(dim=0))  # (H, W)


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


def _keeper(seen: dict, call: int):
    """Record the layer's output at its `call`-th run and the gradient flowing back into that very
    output: a module run twice also gets a gradient at its other run, later in the backward pass."""
    runs = itertools.count()

    def hook(_module, _inputs, output):
        if next(runs) == call:
            seen["activation"] = output.detach().clone()  # a later in-place step must not change it
            output.register_hook(lambda grad: seen.__setitem__("gradient", grad))
    return hook


def _pair(value) -> tuple:
    return tuple(value) if isinstance(value, (tuple, list)) else (value, value)


def _unit(m: torch.Tensor) -> torch.Tensor:
    top = m.max()
    return m / top if top > 0 else m
