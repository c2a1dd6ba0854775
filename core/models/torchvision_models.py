"""torchvision's VGG16, ResNet-18 and ResNet-50: built without weights, given a new head (seed 002).

Architectures are built on PyTorch's "meta" device: tensors with a shape but no numbers.
A summary needs only shapes, so VGG16 (138 M parameters, 528 MB as float32) is summarised
in milliseconds without allocating it. Pretrained weights come only from a file the user
provides, checked with torch.load(weights_only=True) before anything is built from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import torch
from torch import nn

from core.models.checkpoints import check_fits, read_state_dict

INPUT_SHAPE = (3, 224, 224)  # ImageNet's crop size, what these networks were designed for
SURGERIES = ("none", "replace", "append")


@dataclass(frozen=True)
class TorchvisionSpec:
    name: str  # torchvision.models' function name, e.g. "vgg16"
    title: str  # how people write it, e.g. "VGG16"
    head: str  # the classifier layer, e.g. "classifier.6", a Linear(…, 1000)
    weights_file: str  # the file torchvision publishes, for the page's hint


TORCHVISION_MODELS = {spec.name: spec for spec in (
    TorchvisionSpec("vgg16", "VGG16", "classifier.6", "vgg16-397923af.pth"),
    TorchvisionSpec("resnet18", "ResNet-18", "fc", "resnet18-f37072fd.pth"),
    TorchvisionSpec("resnet50", "ResNet-50", "fc", "resnet50-11ad3fa6.pth"),
)}


def build_torchvision(name: str, device: str = "meta") -> nn.Module:
    """`torchvision.models.<name>(weights=None)` in eval mode; on "meta" unless told otherwise."""
    import torchvision.models  # here, not at the top: importing torchvision costs ~1.5 s

    with torch.device(device):
        return getattr(torchvision.models, TORCHVISION_MODELS[name].name)(weights=None).eval()


def head_surgery(model: nn.Module, name: str, surgery: str, classes: int = 10) -> nn.Module:
    """Give `model` a head for `classes` classes, in place, the two ways seed 002 does it.

    replace: swap the 1000-class Linear for a new one, e.g. vgg16.classifier[6] = nn.Linear(4096, 10).
    append: keep it and add a Linear(1000, classes) after it. In VGG's Sequential classifier that is
    add_module (a Sequential runs its modules in order); ResNet's fc is a bare Linear called by
    forward(), where an added module would never run, so fc becomes Sequential(fc, new).
    """
    head_path = TORCHVISION_MODELS[name].head
    head = model.get_submodule(head_path)  # nn.Linear(in_features, 1000)
    device = head.weight.device
    if surgery == "replace":
        model.set_submodule(head_path, nn.Linear(head.in_features, classes, device=device))
    elif surgery == "append":
        parent_path = head_path.rpartition(".")[0]
        parent = model.get_submodule(parent_path) if parent_path else model
        if isinstance(parent, nn.Sequential):
            parent.add_module("add_linear", nn.Linear(head.out_features, classes, device=device))
        else:
            model.set_submodule(head_path, nn.Sequential(head, nn.Linear(head.out_features, classes, device=device)))
    elif surgery != "none":
        raise ValueError(f"Unknown head surgery {surgery!r}; choose one of: {', '.join(SURGERIES)}.")
    return model


def load_pretrained(name: str, source: Path | str | bytes | BinaryIO) -> nn.Module:
    """The architecture with the weights in `source` (e.g. torchvision's published .pth file).

    The state_dict is read safely and checked against the architecture's shapes first;
    load_state_dict(assign=True) then puts the file's tensors into the meta-built model.
    """
    state = read_state_dict(source)
    model = build_torchvision(name)
    check_fits(state, model, TORCHVISION_MODELS[name].title)
    model.load_state_dict(state, assign=True)  # every tensor is in the file: check_fits saw to that
    return model.eval()


def first_conv(model: nn.Module) -> nn.Conv2d:
    """The layer that looks at the pixels: its kernels are the ones worth seeing as pictures."""
    return next(m for m in model.modules() if isinstance(m, nn.Conv2d))
