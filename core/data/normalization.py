"""How a run turns pixels in 0..1 into the numbers its model eats: decided here, read everywhere.

`TrainConfig.normalization` names the choice — the dataset's own statistics (MNIST's
0.1307/0.3081, as seed 000 normalises), seed 003's Normalize((0.5,), (0.5,)), none (pixels stay
in 0..1), or the Normalize of a pipeline handed over from the Transforms page. Training,
evaluation, the plain-PyTorch script and inference (a checkpoint's config says which) all take
the numbers from here, so a model is never fed inputs scaled unlike the ones it learned from.
"""

from __future__ import annotations

from dataclasses import replace

from torch import nn

from core.common.i18n import LocalizedError
from core.data.datasets import DatasetSpec, get_spec

Stats = tuple[tuple[float, ...], tuple[float, ...]]  # (mean, std), one value per channel
MODEL_ATTRIBUTE = "input_normalization"  # set on a model loaded from a checkpoint (core.models.checkpoints)


class NormalizationError(LocalizedError, ValueError):
    """A pipeline's Normalize that cannot fit the dataset's images; the message says why."""


def normalization_stats(normalization: str, dataset: str, pipeline: list | None = None) -> Stats:
    """(mean, std) per channel of the dataset's images for a TrainConfig.normalization value."""
    return spec_stats(normalization, get_spec(dataset), pipeline)


def spec_stats(normalization: str, spec: DatasetSpec, pipeline: list | None = None) -> Stats:
    """The same for a dataset known by its spec (a folder's is computed when it is read)."""
    channels = spec.shape[0]
    if normalization == "dataset":
        return tuple(spec.mean), tuple(spec.std)
    if normalization == "0.5":
        return (0.5,) * channels, (0.5,) * channels
    if normalization == "none":
        return (0.0,) * channels, (1.0,) * channels  # (x - 0) / 1: ToTensor's 0..1, untouched
    if normalization == "pipeline":
        return pipeline_stats(pipeline or [], channels)
    raise ValueError(f"Unknown normalization {normalization!r}; choose dataset, 0.5, none or pipeline.")


def pipeline_stats(pipeline: list, channels: int) -> Stats:
    """The pipeline's Normalize steps as one: Normalize(m2, s2) after Normalize(m1, s1) is
    (x - (m1 + m2·s1)) / (s1·s2), so two in a row train exactly as torchvision would apply them."""
    from core.data.pipeline import new_step  # imported here: only a pipeline's run needs it

    defaults = new_step("Normalize")[1]  # torchvision has no default; our widget starts at 0.5/0.5
    mean, std, found = [0.0] * channels, [1.0] * channels, False
    for name, params in pipeline:
        if name != "Normalize":
            continue
        found = True
        m = _per_channel(params.get("mean", defaults["mean"]), channels, "mean")
        s = _per_channel(params.get("std", defaults["std"]), channels, "std")
        if min(s) <= 0:
            raise NormalizationError("errors.normalize_std", std=", ".join(f"{v:g}" for v in s))
        mean = [a + b * sd for a, b, sd in zip(mean, m, std)]
        std = [a * b for a, b in zip(std, s)]
    if not found:
        raise NormalizationError("errors.normalize_no_step")
    return tuple(mean), tuple(std)


def config_stats(config) -> Stats:
    """(mean, std) a TrainConfig's run normalises with."""
    return normalization_stats(config.normalization, config.dataset, config.augment_pipeline)


def normalized_spec(config) -> DatasetSpec:
    """The dataset's spec carrying this run's mean and std: core.data.batches and core.training.evaluation
    normalise with a spec's numbers, so training and evaluation both follow the run's choice."""
    mean, std = config_stats(config)
    return replace(get_spec(config.dataset), mean=mean, std=std)


def checkpoint_stats(meta: dict) -> Stats | None:
    """(mean, std) a checkpoint's model was trained on, from the config in its metadata;
    None when it carries no config (a bare state_dict: nothing says how it was fed)."""
    config = meta.get("config")
    if not isinstance(config, dict):
        return None
    if meta.get("input_stats"):  # written by runs on a folder, whose statistics no name can recall
        mean, std = meta["input_stats"]
        return tuple(mean), tuple(std)
    dataset = config.get("dataset", meta.get("dataset", "mnist"))
    return normalization_stats(config.get("normalization", "dataset"), dataset, config.get("augment_pipeline") or [])


def remember_normalization(model: nn.Module, stats: Stats) -> nn.Module:
    """Keep (mean, std) on the model itself: it travels with the model to whatever feeds it."""
    setattr(model, MODEL_ATTRIBUTE, stats)
    return model


def input_normalization(model: nn.Module, dataset: str = "mnist") -> Stats:
    """(mean, std) to feed `model` with: what its checkpoint recorded, else the dataset's statistics."""
    stats = getattr(model, MODEL_ATTRIBUTE, None)
    if stats is not None:
        return stats
    spec = get_spec(dataset)
    return tuple(spec.mean), tuple(spec.std)


def _per_channel(values, channels: int, name: str) -> tuple[float, ...]:
    values = tuple(float(v) for v in (values if isinstance(values, (list, tuple)) else [values]))
    if len(values) == 1:
        return values * channels  # one value for every channel, as torchvision broadcasts it
    if len(values) != channels:
        raise NormalizationError("errors.normalize_channels", name=name, count=len(values), channels=channels)
    return values
