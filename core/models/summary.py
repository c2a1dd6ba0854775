"""A layer-by-layer summary of a model, captured with forward hooks (removed afterwards)."""

from __future__ import annotations

import copy
from contextlib import contextmanager
from dataclasses import dataclass

import torch
from torch import nn


@dataclass(frozen=True)
class LayerRow:
    name: str  # dotted module name, e.g. "conv1" or "model.0"
    kind: str  # class name, e.g. "Conv2d"
    output_shape: tuple[int, ...]  # with batch size 1
    parameters: int  # this layer's own weights and biases


@contextmanager
def forward_hooks(model: nn.Module, hook_for, names=None):
    """Register `hook_for(name, module)` on every leaf module (or on the named modules, leaves or not);
    always remove them and restore mode."""
    handles, was_training = [], model.training
    if names is None:
        names = [name for name, module in model.named_modules() if name and not list(module.children())]
    try:
        for name in names:
            module = model.get_submodule(name)
            handles.append(module.register_forward_hook(hook_for(name, module)))
        yield
    finally:
        for handle in handles:
            handle.remove()
        model.train(was_training)


@torch.no_grad()
def summarize(model: nn.Module, input_shape: tuple[int, int, int]) -> list[LayerRow]:
    """Run one zero image through `model` and record each leaf layer's output shape and size."""
    rows: list[LayerRow] = []

    def hook_for(name, module):
        def hook(_module, _inputs, output):
            params = sum(p.numel() for p in module.parameters(recurse=False))
            rows.append(LayerRow(name, type(module).__name__, tuple(output.shape), params))
        return hook

    with forward_hooks(model, hook_for):
        model.eval()
        device = next(model.parameters()).device
        model(torch.zeros(1, *input_shape, device=device))  # (1, C, H, W)
    return rows


def size_in_mb(model: nn.Module) -> float:
    """Memory of the parameters and buffers, as float32 on disk or in RAM."""
    tensors = list(model.parameters()) + list(model.buffers())
    return sum(t.numel() * t.element_size() for t in tensors) / 2**20


def flops_per_sample(model: nn.Module, input_shape: tuple[int, int, int], training: bool = True) -> float:
    """FLOPs (2 per multiply-add) one image costs: forward, plus backward when `training`.

    Counted by torch's own FlopCounterMode on a copy, so the model's gradients are untouched;
    elementwise ops (ReLU, pooling) are not counted, as is usual for "model FLOPs".
    """
    from torch.utils.flop_counter import FlopCounterMode

    probe = copy.deepcopy(model).float().train(training)
    device = next(probe.parameters()).device
    batch = torch.randn(2, *input_shape, device=device)  # (2, C, H, W): BatchNorm needs more than one
    with FlopCounterMode(display=False) as counter, torch.set_grad_enabled(training):
        output = probe(batch)
        if training:
            output.float().sum().backward()
    return counter.get_total_flops() / 2  # per image: the batch holds two


def group_rows(model: nn.Module, rows: list[LayerRow], depth: int = 2) -> list[LayerRow]:
    """Leaf rows summed into the blocks that hold them, `depth` name parts deep: ResNet-50's
    107 layers with weights become 19 rows (conv1, bn1, layer1.0 … layer4.2, fc)."""
    grouped: dict[str, LayerRow] = {}
    for row in rows:
        prefix = ".".join(row.name.split(".")[:depth])
        if prefix in grouped:
            kept = grouped[prefix]
            grouped[prefix] = LayerRow(prefix, kept.kind, row.output_shape, kept.parameters + row.parameters)
        else:
            grouped[prefix] = LayerRow(prefix, type(model.get_submodule(prefix)).__name__, row.output_shape,
                                       row.parameters)
    return list(grouped.values())
