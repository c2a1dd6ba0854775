"""A Transforms-page pipeline as training augmentation: applied to each uint8 image of a batch.

Only geometry and colour steps make sense here: the loader already turns pixels into
normalised floats, so ToImage, ToDtype and Normalize are left out, and every step that would
change the image's size or channels is pinned to the dataset's shape (the model expects it).
"""

from __future__ import annotations

import torch

from core.data.pipeline import STEPS, PipelineError, build

PINNED_SIZE = {"Resize", "CenterCrop", "RandomCrop", "RandomResizedCrop"}


def training_steps(steps: list, shape: tuple[int, int, int]) -> tuple[list, list[tuple[str, dict]]]:
    """(steps fit for a (C, H, W) dataset, notes on what was left out or changed, as (key, params))."""
    channels, height, width = shape
    kept, notes = [], []
    for name, params in steps:
        if STEPS[name].group == "tensor":
            notes.append(("transforms.train_skipped", {"step": name}))
            continue
        params = dict(params)
        if name in PINNED_SIZE and params.get("size") != [height, width]:
            params["size"] = [height, width]
            notes.append(("transforms.train_pinned", {"step": name, "size": f"{height}×{width}"}))
        if name == "RandomRotation" and params.get("expand"):
            params["expand"] = False
            notes.append(("transforms.train_no_expand", {}))
        if name == "Grayscale" and params.get("num_output_channels", 1) != channels:
            params["num_output_channels"] = channels
            notes.append(("transforms.train_channels", {"channels": channels}))
        kept.append([name, params])
    return kept, notes


def check_training_pipeline(steps: list) -> None:
    """Refuse a pipeline that names an unknown step, before a run starts."""
    for entry in steps:
        if not (isinstance(entry, (list, tuple)) and len(entry) == 2 and entry[0] in STEPS):
            raise PipelineError("errors.pipeline_unknown", name=str(entry), known=", ".join(STEPS))


def augment_images(images: torch.Tensor, steps: list, generator: torch.Generator) -> torch.Tensor:
    """(N, C, H, W) uint8 -> the same shape, each image through the pipeline with its own random draws."""
    kept, _ = training_steps(steps, tuple(images.shape[1:]))
    if not kept:
        return images
    transform = build(kept)
    seed = int(torch.randint(0, 2**31 - 1, (1,), generator=generator, device=generator.device))
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)  # reproducible per run seed, global RNG untouched
        out = torch.stack([transform(image) for image in images.cpu()])  # (N, C, H, W) uint8
    return out.to(images.device)
