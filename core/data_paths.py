"""Where dataset files and caches live, checked without importing torch (fast for the home page)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from core.datasets import DatasetSpec, get_spec
from core.i18n import LocalizedError, Message

REPO_ROOT = Path(__file__).resolve().parents[1]


class DatasetMissing(LocalizedError):
    """The dataset's files are not on disk and could not be downloaded."""

    @classmethod
    def for_spec(cls, spec: DatasetSpec) -> "DatasetMissing":
        return cls("errors.dataset_missing", **missing_message(spec).params)

    @classmethod
    def download_failed(cls, spec: DatasetSpec, exc: Exception) -> "DatasetMissing":
        return cls("errors.download_failed", missing=missing_message(spec), reason=str(exc))


def data_dir() -> Path:
    """Where datasets live, in torchvision's layout: env TORCHLAB_DATA, else ./data."""
    return Path(os.environ.get("TORCHLAB_DATA") or REPO_ROOT / "data")


def cache_dir() -> Path:
    """Where decoded tensors are cached: env TORCHLAB_CACHE, else ~/.cache/torchlab.

    Kept apart from the data dir so a read-only data folder (a shared disk, CI's
    ../shared) is never written into.
    """
    default = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "torchlab"
    return Path(os.environ.get("TORCHLAB_CACHE") or default)


def downloads_allowed() -> bool:
    """Online users get torchvision's download; TORCHLAB_OFFLINE=1 (tests, CI) forbids it."""
    return os.environ.get("TORCHLAB_OFFLINE", "") not in ("1", "true", "yes")


def missing_message(spec: DatasetSpec) -> Message:
    """What a person needs: what is missing, where to put it, where to get it (render in any language)."""
    where = (data_dir() / spec.folder / spec.files[0]).parent
    manual = Message(spec.manual_key, {"where": where})
    return Message("errors.dataset_missing", {"title": spec.title, "manual": manual, "url": spec.url})


def dataset_available(name: str) -> bool:
    """True when the split files (or a cache of them) are on disk; never downloads."""
    spec = get_spec(name)
    return source_files(spec) is not None or all(cache_path(spec, t).exists() for t in (True, False))


def source_files(spec: DatasetSpec) -> list[Path] | None:
    """The dataset's files under the data dir, plain or .gz; None if any is missing."""
    found = []
    for rel in spec.files:
        plain = data_dir() / spec.folder / rel
        gz = plain.with_name(plain.name + ".gz")
        if plain.is_file():
            found.append(plain)
        elif gz.is_file():
            found.append(gz)
        else:
            return None
    return found


def signature(files: list[Path]) -> str:
    """Changes when any source file changes, so a stale cache is never used."""
    h = hashlib.sha1()
    for f in files:
        st = f.stat()
        h.update(f"{f.name}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()


def cache_path(spec: DatasetSpec, train: bool) -> Path:
    return cache_dir() / f"{spec.name}-{'train' if train else 'test'}.pt"
