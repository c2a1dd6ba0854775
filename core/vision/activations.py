"""Every layer's output for one input, captured with forward hooks that are removed afterwards.

    with capture_activations(model) as layers:
        model(x)
    layers[0].name, layers[0].output.shape   # "conv1", (1, 10, 24, 24)

The model itself is never rewritten: a hook on each leaf module (or on each module named)
records what it returns, and the hooks are gone when the `with` block ends, even on an exception.

A deep network (ResNet-18: 60 leaf-layer calls, MobileNetV3-Small: 141) is also read block by
block: the outputs of its residual or inverted-residual blocks (block_names), fewer and each a
stage of the story, so a page can draw those and open one block's layers on request.
"""

from __future__ import annotations

from collections.abc import Collection
from contextlib import contextmanager
from dataclasses import dataclass, field

import torch
from torch import nn

from core.common.interactive import someone_waiting
from core.common.threads import one_thread
from core.models.summary import forward_hooks
from core.vision.explain import frozen_copy


@dataclass(frozen=True)
class LayerOutput:
    """What one layer produced during one forward pass."""

    name: str  # dotted module name, e.g. "conv1" or "model.0"
    kind: str  # class name, e.g. "Conv2d"
    layer: str  # how PyTorch prints the module, e.g. "Conv2d(1, 10, kernel_size=(5, 5), stride=(1, 1))";
    # for a block (a module with layers inside) only its class name, e.g. "BasicBlock"
    output: torch.Tensor  # (1, C, H, W) after a conv or pool, (1, F) after a linear layer; a copy
    input: torch.Tensor | None  # what a Conv2d read, (1, C_in, H_in, W_in); None for other layers

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.output.shape)

    @property
    def has_channels(self) -> bool:
        """A stack of 2-D maps (N, C, H, W) rather than a vector (N, F)."""
        return self.output.dim() == 4

    @property
    def low(self) -> float:
        return float(self.output.min())

    @property
    def high(self) -> float:
        return float(self.output.max())


@contextmanager
def capture_activations(model: nn.Module, names: Collection[str] | None = None):
    """Yield a list that fills with one LayerOutput per leaf-layer call while the model runs;
    with `names`, per call of each of those modules instead (blocks, say).

    Outputs are cloned: an in-place ReLU (as in torchvision's VGG and ResNet) would
    otherwise overwrite the conv output we kept. A module called twice appears twice.
    """
    captured: list[LayerOutput] = []

    def hook_for(name: str, module: nn.Module):
        kind, is_conv = type(module).__name__, isinstance(module, nn.Conv2d)
        text = kind if list(module.children()) else repr(module)  # a block's repr runs to dozens of lines

        def hook(_module, inputs, output):
            if isinstance(output, torch.Tensor):
                seen = inputs[0].detach().clone() if is_conv else None
                captured.append(LayerOutput(name, kind, text, output.detach().clone(), seen))
        return hook

    with forward_hooks(model, hook_for, names):  # every leaf, or the named modules (a 224-px model's blocks)
        yield captured


CONTAINERS = (nn.Sequential, nn.ModuleList)  # exactly these: Conv2dNormActivation, a Sequential subclass, is a block


def block_names(model: nn.Module) -> list[str]:
    """The modules a network is a chain of, in their order: containers (an nn.Sequential such as
    ResNet's layer1) and a module's only child (a wrapper's `net`) are opened, anything else with layers
    inside is one block (ResNet's BasicBlock, MobileNet's InvertedResidual), a leaf is itself.
    ResNet-18 -> conv1, bn1, relu, maxpool, layer1.0, layer1.1, …, layer4.1, avgpool, fc (under "net.")."""
    names: list[str] = []

    def visit(name: str, module: nn.Module, opened: bool) -> None:
        children = list(module.named_children())
        if name and (not children or not (opened or type(module) in CONTAINERS)):
            names.append(name)
            return
        for child, sub in children:
            visit(f"{name}.{child}" if name else child, sub, len(children) == 1)

    visit("", model, True)
    return names


@dataclass
class FeatureMaps:
    layers: list[LayerOutput]  # every leaf-layer call, in the order the forward pass made them
    probs: list[float]  # softmax of the model's final output: what it predicts
    blocks: list[LayerOutput] = field(default_factory=list)  # block_names' outputs; empty when they are the leaves

    def inside(self, block: str) -> list[LayerOutput]:
        """The leaf-layer calls inside one block, in order."""
        return [layer for layer in self.layers if layer.name.startswith(block + ".")]


def feature_maps(model: nn.Module, x: torch.Tensor) -> FeatureMaps:
    """Run one (C, H, W) input through a private copy of `model` and keep every layer's output.

    A copy, because models are shared by every session: a hook on the shared one would
    also record other users' forward passes (about 1 ms for the shipped ConvNet).
    """
    someone_waiting()  # training jobs yield to a person waiting on this (core.common.interactive)
    clone = frozen_copy(model)
    leaves = [name for name, module in clone.named_modules() if name and not list(module.children())]
    blocks = block_names(clone)
    with capture_activations(clone) as layers, capture_activations(clone, blocks if blocks != leaves else ()) \
            as block_outputs, torch.no_grad(), one_thread():
        out = clone(x.unsqueeze(0))  # (1, classes): log-probabilities or logits alike
    probs = torch.softmax(out.float(), dim=1)[0]
    return FeatureMaps(layers, probs.tolist(), block_outputs)


def producing_conv(layers: list[LayerOutput], index: int) -> int | None:
    """The Conv2d whose kernel made channel c of layers[index]: the layer itself, or the last
    conv before it when only per-channel layers (ReLU, pooling, batch norm) lie between."""
    per_channel = ("ReLU", "ReLU6", "Hardswish", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d", "BatchNorm2d",
                   "Sigmoid", "Tanh", "Dropout")
    for i in range(index, -1, -1):
        if layers[i].kind == "Conv2d":
            return i if layers[i].output.shape[1] == layers[index].output.shape[1] else None
        if layers[i].kind not in per_channel:
            return None
    return None
