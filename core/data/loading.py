"""Load a dataset once, as whole uint8 tensors, from torchvision's files.

Training never decodes images one by one: each split becomes one uint8 tensor
(N, C, H, W) plus int64 labels, cached as a `.pt` file so the next load of all
70k MNIST digits is a single `torch.load`.
"""

from __future__ import annotations

import gzip
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import torch

from core.common.atomic import write_atomically
from core.data.paths import (  # re-exported: callers import the data layer from one place
    DatasetMissing,
    cache_dir,
    cache_path,
    data_dir,
    dataset_available,
    downloads_allowed,
    host_reachable,
    missing_message,
    signature,
    source_files,
)

from core.data.datasets import DatasetSpec, get_spec

__all__ = ["DatasetMissing", "ImageSet", "data_dir", "cache_dir", "dataset_available", "downloads_allowed", "load_split",
           "missing_message"]


@dataclass(frozen=True)
class ImageSet:
    """One split of a dataset, held as whole tensors."""

    spec: DatasetSpec
    train: bool
    images: torch.Tensor  # (N, C, H, W) uint8, 0..255
    labels: torch.Tensor  # (N,) int64

    def __len__(self) -> int:
        return len(self.labels)


_memo: dict[tuple, ImageSet] = {}
_memo_lock = threading.Lock()


def load_split(name: str, train: bool = True) -> ImageSet:
    """One split as tensors, decoded once per process and cached on disk between runs."""
    key = (name, train, str(data_dir()), str(cache_dir()))  # another folder is another dataset
    with _memo_lock:
        if key not in _memo:
            _memo[key] = _load_uncached(get_spec(name), train)
        return _memo[key]


def _load_uncached(spec: DatasetSpec, train: bool) -> ImageSet:
    sources = source_files(spec)
    source_sig = signature(sources) if sources else None
    cached = _read_cache(spec, train, source_sig)
    if cached is not None:
        return cached
    with torchvision_dataset(spec.name, train) as ds:
        images, labels = _as_tensors(ds)
    _write_cache(spec, train, source_sig, images, labels)
    return ImageSet(spec, train, images, labels)


def _read_cache(spec: DatasetSpec, train: bool, signature: str | None) -> ImageSet | None:
    path = cache_path(spec, train)
    if not path.exists():
        return None
    try:
        blob = torch.load(path, weights_only=True)
    except Exception:  # a truncated or foreign cache file is rebuilt, not trusted
        return None
    if not (isinstance(blob, dict) and isinstance(blob.get("images"), torch.Tensor)
            and isinstance(blob.get("labels"), torch.Tensor)):
        return None  # readable but not our cache: rebuild
    if signature is not None and blob.get("signature") != signature:
        return None
    return ImageSet(spec, train, blob["images"], blob["labels"])


def _write_cache(spec, train, signature, images, labels) -> None:
    blob = {"images": images, "labels": labels, "signature": signature}
    try:
        write_atomically(cache_path(spec, train), lambda tmp: torch.save(blob, tmp))
    except OSError:  # no writable cache: still correct, only slower next time
        pass


@contextmanager
def torchvision_dataset(name: str, train: bool = True, transform=None) -> Iterator:
    """torchvision's own dataset object over our data folder, exactly as the seeds build it.

    Downloads only where allowed and where the host answers: an offline machine gets a sentence
    saying how to get the files, not a download that cannot work. `.gz` files are gunzipped into a
    scratch copy (torchvision reads only uncompressed ones) that is deleted on exit: the data
    folder is never written.
    """
    import torchvision.datasets as tvd  # imported here: torchvision costs ~1.5 s to import

    spec = get_spec(name)
    cls, sources = getattr(tvd, spec.torchvision_class), source_files(spec)
    if sources is None:
        if not downloads_allowed():
            raise DatasetMissing.for_spec(spec)
        if not host_reachable(spec.url):
            raise DatasetMissing.unreachable(spec)
        root = data_dir()
        try:
            root.mkdir(parents=True, exist_ok=True)
            ds = cls(str(root), train=train, download=True, transform=transform)
        except Exception as exc:
            raise DatasetMissing.download_failed(spec, exc) from exc
        yield ds
        return
    if not any(f.suffix == ".gz" for f in sources):
        yield cls(str(data_dir()), train=train, download=False, transform=transform)
        return
    with tempfile.TemporaryDirectory(dir=_scratch_parent()) as scratch:
        for src, rel in zip(sources, spec.files):
            dest = Path(scratch) / spec.folder / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            opener = gzip.open if src.suffix == ".gz" else open
            with opener(src, "rb") as fin, open(dest, "wb") as fout:
                shutil.copyfileobj(fin, fout, 1 << 20)
        yield cls(scratch, train=train, download=False, transform=transform)


def _scratch_parent() -> str | None:
    try:
        cache_dir().mkdir(parents=True, exist_ok=True)
        return str(cache_dir())
    except OSError:
        return None


def _as_tensors(ds) -> tuple[torch.Tensor, torch.Tensor]:
    """torchvision keeps MNIST as (N, H, W) tensors and CIFAR as (N, H, W, C) numpy."""
    data = torch.as_tensor(ds.data)
    if data.ndim == 3:
        images = data.unsqueeze(1)  # (N, 1, 28, 28)
    else:
        images = data.permute(0, 3, 1, 2)  # (N, 3, 32, 32)
    labels = torch.as_tensor(ds.targets, dtype=torch.int64)
    return images.contiguous().to(torch.uint8), labels
