"""Checks that need a picture, not just the list of steps: what a pipeline silently does to this
image, and whether the Train page could run it on its dataset's images.

`order_problems` (core.data.pipeline) reads the steps alone; these run them, because the answer depends
on the image — a 1-channel digit and a 3-value Normalize broadcast without a word from PyTorch, and
a padding that fits a 512-px photo fails on a 28×28 digit.
"""

from __future__ import annotations

import torch

from core.data.augment import training_steps
from core.data.datasets import get_spec
from core.data.pipeline import STEPS, PipelineError, arguments, run_seeded


def normalize_problems(steps: list, picture, seed: int = 0) -> list[tuple[str, dict]]:
    """(key, params) for each Normalize that turns a 1-channel picture into several channels by broadcasting."""
    problems = []
    for index, (name, params) in enumerate(steps):
        if name != "Normalize":
            continue
        count = len(arguments(name, params)["mean"])
        try:
            before = run_seeded(steps[:index], picture, seed)[0]
        except PipelineError:
            break  # the page already says why the pipeline cannot run
        channels = before.shape[-3] if isinstance(before, torch.Tensor) else None  # (C, H, W)
        if channels == 1 and count > 1:
            problems.append(("transforms.normalize_broadcast", {"index": index + 1, "count": count}))
    return problems


def training_failure(steps: list, dataset: str) -> PipelineError | None:
    """Why training on `dataset` could not run these steps, or None.

    The steps go through core.data.augment.training_steps, as the Train page applies them, onto one
    uint8 image of the dataset's (C, H, W); a Normalize must have a value per channel of those
    images (PyTorch would broadcast 1 channel into 3). A failure is numbered as on the page.
    """
    shape = get_spec(dataset).shape
    for index, (name, params) in enumerate(steps, start=1):  # a Normalize may carry the run's mean and std
        count = len(arguments(name, params)["mean"]) if name == "Normalize" else 1
        if count not in (1, shape[0]):  # one value per channel, or one for all
            return PipelineError("errors.pipeline_train_channels", index=index, count=count, channels=shape[0])
    kept, _ = training_steps(steps, shape)
    numbers = [i for i, (name, _) in enumerate(steps, start=1) if STEPS[name].group != "tensor"]  # kept ones
    sample = torch.full(shape, 128, dtype=torch.uint8)  # (C, H, W): shapes, not pixel values, make steps fail
    try:
        run_seeded(kept, sample, seed=0, numbers=numbers)
    except PipelineError as error:
        return error
    return None
