"""The transforms of the Train page's script: a built-in dataset's normalisation and augmentation, and a
Transforms-page pipeline as training runs it (which a folder's script uses too: core.code.folder_training_code)."""

from __future__ import annotations

import inspect
import math

from core.data.batches import random_affine
from core.data.datasets import get_spec
from core.data.normalization import config_stats
from core.training.config import TrainConfig

PIPELINE_HEAD = "# {comment}\nfrom torchvision.transforms import v2\n\n"  # before a script's first v2 step


def builtin_transforms(config: TrainConfig, c) -> tuple[str, str]:
    """(the mean/std line and test_transform, train_transform) for a built-in dataset (MNIST, CIFAR-10…)."""
    stats_line, normalize = _normalize_code(config, c)
    train_transform = _train_transform_code(config, c, normalize)
    test_normalize = normalize.replace(",\n", f",  # {c('normalize')}\n")
    return (f"{stats_line}\ntest_transform = transforms.Compose([\n"
            f"    transforms.ToTensor(),  # {c('to_tensor')}\n{test_normalize}])"), train_transform


def _normalize_code(config: TrainConfig, c) -> tuple[str, str]:
    """(the line that sets mean and std, the Compose's Normalize line) for the run's normalisation
    (core.data.normalization). With none there is no Normalize: the model sees ToTensor's 0..1."""
    if config.normalization == "none":
        return f"# {c('normalize_none')}", ""
    mean, std = config_stats(config)
    why = {"dataset": c("mean_std", title=get_spec(config.dataset).title), "0.5": c("mean_std_half"),
           "pipeline": c("mean_std_pipeline")}[config.normalization]
    return f"mean, std = {mean!r}, {std!r}  # {why}", "    transforms.Normalize(mean, std),\n"


def _train_transform_code(config: TrainConfig, c, normalize: str) -> str:
    """Training images: the test transform, or the augmentation steps first when the run augments."""
    pipeline = _pipeline_lines(config, c)
    if not config.augment and not pipeline:
        return f"# {c('same_transform')}\ntrain_transform = test_transform"
    if not config.augment:
        return f"{pipeline[0]}train_transform = transforms.Compose([\n{pipeline[1]}    transforms.ToTensor(),\n" \
               f"{normalize}])"
    defaults = {k: p.default for k, p in inspect.signature(random_affine).parameters.items()}
    shear = round(math.degrees(math.atan(defaults["shear"])), 1)  # ours is a slant (tan), torchvision's degrees
    low, high = defaults["scale"]
    t = defaults["translate"]
    head, steps = pipeline or ("", "")
    return f'''{head}# {c("augment")}
# {c("augment_differs", shear=shear, slant=defaults["shear"])}
# {c("augment_pen")}
train_transform = transforms.Compose([
{steps}    transforms.RandomAffine(degrees={defaults["degrees"]!r}, translate=({t!r}, {t!r}), scale=({low!r}, {high!r}),
                            shear={shear!r}, interpolation=transforms.InterpolationMode.BILINEAR),
    transforms.ToTensor(),
{normalize}])'''


def _pipeline_lines(config: TrainConfig, c) -> tuple[str, str] | None:
    """(comment and import, one line per step) for a Transforms-page pipeline, as training applies it."""
    steps = pipeline_step_code(config.augment_pipeline, get_spec(config.dataset).shape)
    if not steps:
        return None
    return PIPELINE_HEAD.format(comment=c("augment_pipeline")), "".join(f"    {step},\n" for step in steps)


def pipeline_step_code(pipeline: list, shape: tuple[int, int, int]) -> list[str]:
    """A Transforms-page pipeline's steps as training runs them on pictures of `shape` (C, H, W): the
    steps core.data.augment keeps, their sizes pinned to the pictures', one `v2.Step(...)` each."""
    if not pipeline:
        return []
    from core.data.augment import training_steps
    from core.data.pipeline import step_code

    kept, _ = training_steps(pipeline, shape)
    return [step_code(name, params) for name, params in kept]
