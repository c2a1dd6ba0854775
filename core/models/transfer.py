"""Transfer learning: a torchvision backbone, its weights from ImageNet, a file or nowhere, a new head
for your classes, and the backbone frozen (feature extraction) or trained slowly (fine-tuning).

This is seed 002's head surgery and PyTorch's transfer-learning tutorial in one function:

    model = transfer_model("resnet18-transfer", classes=3, weights="torchvision", transfer="features")

Weights: "torchvision" is torchvision's own download of ImageNet's weights into torch.hub's cache
(~45 MB for ResNet-18, ~10 MB for MobileNetV3-Small, once; never with TORCHLAB_OFFLINE=1); a path
is a .pth file read with torch.load(weights_only=True) and checked layer by layer; "random" is no
pretraining at all. The old head is thrown away, so whatever classes a file's head had do not matter.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

from core.common.i18n import LocalizedError
from core.data.paths import downloads_allowed
from core.models.checkpoints import CheckpointError, check_fits, read_state_dict
from core.models.heads import with_classes
from core.models.registry import create_model

TORCHVISION, RANDOM = "torchvision", "random"  # config.weights: these two, or a path to a .pth file
IMAGENET_STATS = ((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))  # the mean and std ImageNet's weights were fed


@dataclass(frozen=True)
class Backbone:
    builder: str  # the torchvision.models function, e.g. "resnet18"
    title: str  # how people write it, e.g. "ResNet-18"
    head: str  # the last Linear inside the registry model's `net`, replaced for your classes


BACKBONES = {  # registry name (core.models.transfer_nets) -> its torchvision network
    "resnet18-transfer": Backbone("resnet18", "ResNet-18", "fc"),
    "mobilenet-v3-small-transfer": Backbone("mobilenet_v3_small", "MobileNetV3-Small", "classifier.3"),
}


class WeightsError(LocalizedError, ValueError):
    """Pretrained weights that cannot be had or do not fit; the message says what to do."""


def is_transfer(name: str) -> bool:
    """Whether a registry model is a torchvision backbone with a new head (it takes weights and a transfer mode)."""
    return name in BACKBONES


@dataclass(frozen=True)
class PublishedWeights:
    """torchvision's ImageNet weights for a backbone: where they come from and where torch.hub keeps them."""

    url: str
    path: Path  # torch.hub's cache: $TORCH_HOME/hub/checkpoints/<the URL's file name>
    megabytes: float  # the download's size, for the page to say before it starts

    @property
    def cached(self) -> bool:
        return self.path.is_file()


def published_weights(name: str) -> PublishedWeights:
    from torchvision.models import get_model_weights  # here: importing torchvision costs ~1.5 s

    weights = get_model_weights(BACKBONES[name].builder).DEFAULT  # e.g. ResNet18_Weights.IMAGENET1K_V1
    folder = Path(torch.hub.get_dir()) / "checkpoints"
    return PublishedWeights(weights.url, folder / weights.url.rsplit("/", 1)[-1], weights.meta.get("_file_size", 0.0))


def transfer_model(name: str, classes: int, weights: str = RANDOM, transfer: str = "finetune") -> nn.Module:
    """The backbone with `weights`, a new head of `classes` outputs, and for "features" the backbone frozen.

    The head is drawn from torch's generator after everything else: seed it first, and the same seed
    gives the same head whichever weights the backbone got. Nothing here touches BatchNorm's mode:
    see freeze_backbone.
    """
    model = create_model(name)
    if weights != RANDOM:
        load_backbone(model, name, pretrained_state(name, weights))
    with_classes(model, classes)
    if transfer == "features":
        freeze_backbone(model, name)
    return model


def pretrained_state(name: str, weights: str) -> dict:
    """The tensors `weights` names: torchvision's download (cached), or a .pth file's, read with weights_only=True."""
    if weights == TORCHVISION:
        return torchvision_state(name)
    return read_state_dict(Path(weights).expanduser())  # CheckpointError: missing, junk, or carrying code


def torchvision_state(name: str) -> dict:
    """ImageNet's weights from torch.hub's cache, downloaded there first when this machine may go online."""
    published = published_weights(name)
    if not published.cached:
        where = {"model": BACKBONES[name].title, "url": published.url, "folder": published.path.parent}
        if not downloads_allowed():
            raise WeightsError("errors.weights_offline", **where)
        try:
            fetch_weights(name)
        except (OSError, RuntimeError, ValueError) as exc:  # no network, a refused host, a hash that differs
            raise WeightsError("errors.weights_download_failed", reason=str(exc), **where) from exc
    return read_state_dict(published.path)


def fetch_weights(name: str) -> None:
    """torchvision's own download, as `resnet18(weights="DEFAULT")` does it: into torch.hub's cache, its
    SHA-256 checked against the hash in the file's name."""
    from torchvision.models import get_model_weights

    get_model_weights(BACKBONES[name].builder).DEFAULT.get_state_dict(progress=False, check_hash=True,
                                                                       weights_only=True)


def load_backbone(model: nn.Module, name: str, state: dict) -> None:
    """Put `state` into everything but the head, after checking every layer's name and shape.

    Accepts torchvision's own layout (its published files, seed 004's resnet18 checkpoints) and our
    registry model's (keys under "net.", e.g. an earlier run of this model). A file meant for another
    backbone is refused with the name of the one it fits.
    """
    spec = BACKBONES[name]
    if all(key.startswith("net.") for key in state):
        state = {key.removeprefix("net."): value for key, value in state.items()}
    body = _without_head(state, name)
    try:
        check_fits(body, headless(name), spec.title)  # CheckpointError naming the first misfit layer
    except CheckpointError:
        other = next((o for o in BACKBONES if o != name and _fits(state, o)), None)
        if other is None:
            raise
        raise WeightsError("errors.weights_other_model", model=spec.title, other=BACKBONES[other].title,
                           name=other) from None
    model.net.load_state_dict(body, strict=False)  # all but the head's two tensors: check_fits saw to that


def headless(name: str) -> nn.Module:
    """The torchvision network without its head, on the "meta" device: names and shapes, no numbers."""
    import torchvision.models

    spec = BACKBONES[name]
    with torch.device("meta"):
        net = getattr(torchvision.models, spec.builder)(weights=None)
    net.set_submodule(spec.head, nn.Identity())
    return net


def _without_head(state: dict, name: str) -> dict:
    head = BACKBONES[name].head + "."
    return {key: value for key, value in state.items() if not key.startswith(head)}


def _fits(state: dict, name: str) -> bool:
    body, expected = _without_head(state, name), headless(name).state_dict()
    return expected.keys() == body.keys() and all(expected[k].shape == body[k].shape for k in body)


def head_of(model: nn.Module, name: str) -> nn.Module:
    """The new Linear that learns your classes."""
    return model.net.get_submodule(BACKBONES[name].head)


def head_and_backbone(model: nn.Module, name: str) -> tuple[list[nn.Parameter], list[nn.Parameter]]:
    """The head's parameters and everyone else's: the two groups fine-tuning trains at different rates."""
    head = list(head_of(model, name).parameters())
    ids = {id(p) for p in head}
    return head, [p for p in model.parameters() if id(p) not in ids]


def freeze_backbone(model: nn.Module, name: str) -> nn.Module:
    """Feature extraction: `requires_grad_(False)` everywhere but the head, so only the head learns
    and backward stops at it (no gradients are computed for the backbone: much faster).

    BatchNorm stays as the training loop sets it: like PyTorch's transfer-learning tutorial we keep
    model.train(), so the frozen backbone's BatchNorm layers normalise each batch by its own statistics
    and their running mean and variance drift toward your pictures (their learned scale and shift,
    being parameters, stay frozen). Keras instead keeps BatchNorm in inference mode; with a dozen
    pictures per class either works, and the tutorial's way needs no special case in the loop.
    """
    model.requires_grad_(False)
    head_of(model, name).requires_grad_(True)
    return model
