"""Every page TorchLab has or will have: what it teaches and whether it is ready."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageEntry:
    title: str
    icon: str  # a Material icon name, shown in the sidebar and on the home page
    teaches: str  # one or two sentences for the home page
    seeds: str  # which of the tutorials it grows from
    path: str | None  # the page script; None while the page is still coming


PAGES = (
    PageEntry("Draw a digit", ":material/draw:",
              "Draw or upload a digit and watch a CNN read it: MNIST-style preprocessing, "
              "class probabilities and where the network looked.", "seed 000", None),
    PageEntry("Train", ":material/model_training:",
              "Pick a model, an optimizer and a learning rate, press Train and watch loss and accuracy "
              "move live; confusion matrix, mistakes and run history.", "seeds 000, 001, 002, 004", None),
    PageEntry("See inside", ":material/layers:",
              "Open any layer: feature maps, kernels, conv arithmetic and a model summary, "
              "CNN-Explainer style.", "seed 002", None),
    PageEntry("Transforms & data", ":material/tune:",
              "Slide every torchvision transform and see the image change; Dataset and DataLoader "
              "batches, samplers and Normalize.", "seeds 002, 003, 004", None),
    PageEntry("Fundamentals", ":material/functions:",
              "Tensors and their shapes, autograd, losses, an optimizer race, save/load and devices.",
              "seeds 001, 002, 003, 004", None),
    PageEntry("Models", ":material/account_tree:",
              "The tutorials' networks layer by layer: output shape and parameters of every layer, "
              "and the PyTorch class behind each one.", "seeds 000–003", "pages/models.py"),
)


def ready_pages() -> list[PageEntry]:
    return [p for p in PAGES if p.path]
