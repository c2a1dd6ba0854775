"""A folder of your own pictures as a training set: decoded once, split by a seed, normalised by itself.

`folder:PATH` names an ImageFolder (one sub-folder per class) wherever a dataset name goes. Its
pictures are decoded and resized once and kept as a uint8 tensor, in memory (the few most recently
used) and in the cache folder (keyed by every file's path, size and time, so an edited folder is
read again), so an epoch never re-reads a file. The validation part is a seeded random share, the
same for every run with the same split seed; the mean and std that normalise it come from the
training part.

Pictures are stored a little larger than the model's input (seed 004's Resize(256) before
CenterCrop(224), scaled): training crops at random inside that margin, validation takes the centre.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import torch

from core.common.atomic import write_atomically
from core.data import batches
from core.data.datasets import DatasetSpec
from core.data.image_folder import FolderSet, ImageFolderError, find_root, load_folder
from core.data.loading import ImageSet
from core.data.paths import cache_dir
from core.data.statistics import dataset_mean_std

PREFIX = "folder:"
RESIZE_OVER_CROP = 256 / 224  # seed 004: transforms.Resize(256) then transforms.CenterCrop(224)
MEMO_ENTRIES = 4  # decoded folders and splits kept in memory: one run's folder and split, and one more's


def is_folder(name: str) -> bool:
    return name.startswith(PREFIX)


def folder_root(name: str) -> Path:
    """The folder a `folder:PATH` name points at (the path as given, '~' expanded)."""
    if not is_folder(name):
        raise ValueError(f"A folder dataset is written folder:PATH, got {name!r}.")
    if not name[len(PREFIX):].strip():  # the page's "Your pictures" before a set is picked
        raise ImageFolderError("errors.folder_none")
    return Path(name[len(PREFIX):].strip()).expanduser()


def stored_size(input_size: int) -> int:
    """The side a picture is kept at for a model that eats input_size: 224 -> 256, 32 -> 37."""
    return round(input_size * RESIZE_OVER_CROP)


@dataclass(frozen=True)
class FolderSplits:
    """The two parts of one folder, ready for the training loop."""

    train: ImageSet
    valid: ImageSet
    skipped: int  # files that were not pictures or could not be decoded

    @property
    def spec(self) -> DatasetSpec:
        return self.train.spec


def folder_splits(name: str, input_size: int, valid_share: float = 0.2, split_seed: int = 0) -> FolderSplits:
    """Training and validation parts of the folder `name`, at input_size×input_size once cropped.

    Made once per folder content and split: the loop, TensorBoard, the live feed's mistakes and
    each epoch's checkpoint metadata all ask, and each answer would copy the training part again
    and measure its statistics again."""
    if not 0 < valid_share < 1:
        raise ValueError(f"valid_share must be between 0 and 1, got {valid_share!r}.")
    root = find_root(folder_root(name))
    signature = folder_signature(root)
    key = ("splits", name, signature, input_size, valid_share, split_seed)
    found = _memo.get(key)
    if found is not None:
        return found
    parts = _split(name, root, cached_folder(root, stored_size(input_size), signature), input_size,
                   valid_share, split_seed)
    return _memo.keep(key, parts)


def _split(name: str, root: Path, pictures: FolderSet, input_size: int, valid_share: float,
           split_seed: int) -> FolderSplits:
    if len(pictures.classes) < 2:
        raise ImageFolderError("errors.folder_one_class", name=pictures.classes[0])
    counts = torch.bincount(pictures.labels, minlength=len(pictures.classes))
    if (counts < 2).any():
        raise ImageFolderError("errors.folder_too_few",
                               classes=", ".join(c for c, n in zip(pictures.classes, counts) if n < 2))
    train_rows, valid_rows = split_rows(pictures.labels, valid_share, split_seed)
    train_images = pictures.images[train_rows]
    mean, std = dataset_mean_std(center_crop(train_images, input_size))
    spec = DatasetSpec(name=name, title=root.name, folder=str(root), torchvision_class="ImageFolder",
                       shape=(3, input_size, input_size), classes=pictures.classes, mean=mean, std=std,
                       files=(), url="", manual_key="errors.folder_no_classes")
    return FolderSplits(ImageSet(spec, True, train_images, pictures.labels[train_rows]),
                        ImageSet(spec, False, pictures.images[valid_rows], pictures.labels[valid_rows]),
                        pictures.skipped)


def split_rows(labels: torch.Tensor, valid_share: float, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """(train, valid) row indices, in a seeded random order, with every class in both parts.

    Each class gives round(share × its count) pictures to validation (at least one, and at least
    one left to train on, so each class needs two), so a small class is never left out of
    validation by chance.
    """
    generator = torch.Generator().manual_seed(seed)
    train, valid = [], []
    for label in labels.unique(sorted=True):
        rows = (labels == label).nonzero().flatten()
        rows = rows[torch.randperm(len(rows), generator=generator)]
        n_valid = min(max(1, round(len(rows) * valid_share)), len(rows) - 1)
        valid.append(rows[:n_valid])
        train.append(rows[n_valid:])
    train_rows, valid_rows = torch.cat(train), torch.cat(valid)
    shuffle = torch.randperm  # mixed classes: a subset of the first N rows is not one class
    return (train_rows[shuffle(len(train_rows), generator=generator)],
            valid_rows[shuffle(len(valid_rows), generator=generator)])


def center_crop(images: torch.Tensor, size: int) -> torch.Tensor:
    """(N, C, S, S) -> (N, C, size, size): the middle, as transforms.CenterCrop(size)."""
    return batches.center_crop(images, size, size)


class RecentlyUsed:
    """At most `size` entries, the least recently used forgotten first; one lock, as many sessions
    train and page through their runs at once. A 224-px folder of 1,000 pictures is ~200 MB decoded,
    and an edited folder is a new entry: unbounded, old ones would stay until the server stops."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        """The entry (now the most recently used), or None."""
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def keep(self, key, value):
        """Keep `value` unless another thread kept one meanwhile; returns the one kept."""
        with self._lock:
            value = self._items.setdefault(key, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
            return value

    def keys(self) -> list:
        """Least recently used first."""
        with self._lock:
            return list(self._items)

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_memo = RecentlyUsed(MEMO_ENTRIES)  # decoded folders and their splits, by content


def cached_folder(root: Path, size: int, signature: str | None = None) -> FolderSet:
    """The folder decoded at size×size (shorter side, centre kept): memory, then disk, then the files.
    `signature`: the folder's, when the caller has just computed it."""
    key = (signature or folder_signature(root), size)
    found = _memo.get(key)
    if found is not None:
        return found
    path = cache_dir() / "folders" / f"{key[0]}-{size}.pt"
    pictures = _read(path) or load_folder(root, size, fit="crop")
    if not path.exists():
        _write(path, pictures)
    return _memo.keep(key, pictures)


def folder_signature(root: Path) -> str:
    """Changes when any file under root is added, removed, renamed, resized or touched."""
    digest = hashlib.sha1(str(root.resolve()).encode())
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        stat = path.stat()
        digest.update(f"{path.relative_to(root).as_posix()}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:20]


def _read(path: Path) -> FolderSet | None:
    try:
        saved = torch.load(path, weights_only=True)
        return FolderSet(saved["images"], saved["labels"], tuple(saved["classes"]), int(saved["skipped"]))
    except (OSError, RuntimeError, KeyError, EOFError, ValueError):  # absent, half-written or another format
        return None


def _write(path: Path, pictures: FolderSet) -> None:
    saved = {"images": pictures.images, "labels": pictures.labels,
             "classes": list(pictures.classes), "skipped": pictures.skipped}
    try:
        write_atomically(path, lambda tmp: torch.save(saved, tmp))
    except OSError:  # a read-only or full cache only costs the next run a decode
        pass
