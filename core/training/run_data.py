"""What a run trains and is scored on: a built-in dataset's two splits, or a folder's two parts.

The loop, the CLI and TensorBoard ask here, so a folder of your own pictures (`folder:PATH`,
core.data.folder_dataset) goes through the same engine as MNIST: its training part is trained on
and its validation part plays the test set. Its pictures are kept a little larger than the
model's input: training batches are cut from them (at random with augment: seed 004's
RandomResizedCrop and flip), validation takes the centre (seed 004's CenterCrop).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from core.data.datasets import DatasetSpec, get_spec
from core.data.folder_dataset import center_crop, folder_root, folder_splits, is_folder, stored_size
from core.data.image_folder import class_names
from core.data.loading import ImageSet, load_split
from core.data.picture_sets import set_name
from core.data.normalization import spec_stats
from core.models import get_model_info
from core.models.transfer import IMAGENET_STATS, RANDOM, is_transfer

SPLIT_SEED = 0  # the same validation pictures for every run on one folder, whatever its seed


@dataclass(frozen=True)
class RunData:
    spec: DatasetSpec  # carrying the mean and std this run normalises with
    train: ImageSet
    test: ImageSet  # a folder's validation part


def input_size(config) -> int:
    """The side of the square pictures the config's model eats."""
    return get_model_info(config.model).input_shape[-1]


def dataset_shape(config) -> tuple[int, int, int]:
    """(C, H, W) of the pictures the run feeds its model, known without decoding a folder."""
    if is_folder(config.dataset):
        return (3, input_size(config), input_size(config))
    return get_spec(config.dataset).shape


def kept_shape(dataset: str, model: str) -> tuple[int, int, int]:
    """(C, H, W) of the training pictures before a batch is made of them: what a Transforms-page
    pipeline runs on (core.data.augment pins its size-changing steps to it). A folder's pictures are
    kept a little larger than the model's input (seed 004's 256/224), then cropped per batch."""
    if is_folder(dataset):
        side = stored_size(get_model_info(model).input_shape[-1])
        return (3, side, side)
    return get_spec(dataset).shape


def run_classes(config) -> tuple[str, ...]:
    """The names of the classes the run's model tells apart, known without decoding a folder."""
    if is_folder(config.dataset):
        return class_names(folder_root(config.dataset))
    return tuple(str(c) for c in get_spec(config.dataset).classes)


def class_count(config) -> int:
    return len(run_classes(config))


def dataset_title(config) -> str:
    """A built-in dataset's title; a picture set's name in quotes; another folder's path."""
    if not is_folder(config.dataset):
        return get_spec(config.dataset).title
    root = folder_root(config.dataset)
    name = set_name(root)
    return f"“{name}”" if name else str(root)


def run_data(config) -> RunData:
    """Both parts as uint8 tensors, and the spec normalised as config.normalization says."""
    if is_folder(config.dataset):
        size = input_size(config)
        parts = folder_splits(config.dataset, size, config.valid_share, SPLIT_SEED)
        base = parts.spec
        train = parts.train  # kept larger: each batch is cropped from it (core.data.batches.make_batch)
        test = replace(parts.valid, images=center_crop(parts.valid.images, size))  # seed 004's CenterCrop
    else:
        base = get_spec(config.dataset)
        train, test = load_split(config.dataset, True), load_split(config.dataset, False)
    mean, std = spec_stats(config.normalization, base, config.augment_pipeline)
    if pretrained(config) and config.normalization == "dataset":
        mean, std = IMAGENET_STATS  # the numbers its backbone learned from, as seed 004's Normalize
    return RunData(replace(base, mean=mean, std=std), train, test)


def pretrained(config) -> bool:
    """A transfer model starting from published or uploaded weights (not random ones)."""
    return is_transfer(config.model) and config.weights != RANDOM


def folder_facts(config) -> dict:
    """What a checkpoint of a run on a folder must carry, since no dataset name can recall it:
    its classes, its input shape and the mean and std it was fed with (empty for built-in sets)."""
    if not is_folder(config.dataset):
        return {}
    spec = run_data(config).spec
    return {"classes": list(spec.classes), "input_shape": list(spec.shape), "input_stats": [spec.mean, spec.std]}
