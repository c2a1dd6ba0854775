"""Seed 000's ConvNet in the training step: its own layers, two of them rearranged to spare memory passes.

On a CPU the training step calls seed_convnet_forward(model, x) instead of model(x). It runs the
model's own layers in ConvNet.forward's order with two changes, each giving the same numbers and
gradients bit for bit (tests/test_fast_kernels.py trains both ways and compares every weight):

- pool(relu1(conv1(x))) is core.training.fast_pool's relu_max_pool2x2: one pass over the bits
  instead of PyTorch's max-pool, which handles 10 channels one value at a time (half the time).
- relu2 runs after the flatten instead of before it. The flatten copies the channels_last map into
  (N, 2000) rows, so the gradient coming back is in row order while relu2's saved output was
  channels_last, and PyTorch's ReLU backward over two tensors in different memory orders took
  5.1 ms at one thread instead of 0.25. After the flatten both are rows; a ReLU is elementwise.

The model object is only read: its layers, weights, hooks and state_dict stay as seed 000 wrote
them, so a checkpoint loads into a plain ConvNet and the page's code is still the model that ran.
Where the two could differ, model(x) runs instead: a hook registered anywhere (a hook on relu1 or
pool expects them to be called), conv1's weights not finite (see fast_pool on NaN), a model that is
not exactly one of seed 000's two ConvNets, or TORCHLAB_FAST_KERNELS=0.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import torch
from torch import nn
from torch.nn.modules import module as nn_module

from core.models.seeds import ConvNet, ConvNetRGB
from core.training.fast_pool import relu_max_pool2x2

SEED_CONVNETS = (ConvNet, ConvNetRGB)  # the same nine layers; the RGB one takes 3×32×32 pictures
HOOK_DICTS = ("_forward_hooks", "_forward_pre_hooks", "_backward_hooks", "_backward_pre_hooks")
GLOBAL_HOOK_DICTS = ("_global_forward_hooks", "_global_forward_pre_hooks", "_global_backward_hooks",
                     "_global_backward_pre_hooks")


def training_forward(model: nn.Module, device: torch.device) -> Callable[[torch.Tensor], torch.Tensor]:
    """What the training step calls instead of model(x): the fused forward for seed 000's ConvNet on a CPU.
    TORCHLAB_FAST_KERNELS=0 turns it off (to compare, as bench/train_speed.py does)."""
    wanted = os.environ.get("TORCHLAB_FAST_KERNELS", "1") != "0"
    if wanted and type(model) in SEED_CONVNETS and device.type == "cpu":
        return lambda x: seed_convnet_forward(model, x) if fused_is_same(model) else model(x)
    return model


def seed_convnet_forward(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """ConvNet.forward, line for line, with pool(relu1(·)) as one pass and relu2 after the flatten."""
    x = relu_max_pool2x2(model.conv1(x))  # (N, 10, 12, 12) = model.pool(model.relu1(model.conv1(x)))
    x = model.relu2(model.flatten(model.conv2(x)))  # (N, 2000): relu2 after the flatten (module docstring)
    x = model.relu3(model.fc1(x))  # (N, 500)
    return torch.log_softmax(model.fc2(x), dim=1)  # (N, 10) log-probabilities


def fused_is_same(model: nn.Module) -> bool:
    """No hook that expects the skipped layers to run, and conv1's weights finite (checked each step: ~30 µs)."""
    if any(getattr(nn_module, name, None) for name in GLOBAL_HOOK_DICTS):
        return False
    if any(getattr(layer, name, None) for layer in model.modules() for name in HOOK_DICTS):
        return False
    conv1 = model.conv1
    return bool(torch.isfinite(conv1.weight).all()) and (conv1.bias is None or bool(torch.isfinite(conv1.bias).all()))
