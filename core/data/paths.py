"""Where dataset files and caches live, whether a download can work, and what to say when it cannot:
all without importing torch (fast for the home page)."""

from __future__ import annotations

import hashlib
import os
import socket
import threading
import time
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import getproxies

from core.common.i18n import LocalizedError, Message
from core.data.datasets import DatasetSpec, get_spec

REPO_ROOT = Path(__file__).resolve().parents[2]


class DatasetMissing(LocalizedError):
    """The dataset's files are not on disk and could not be downloaded.

    `detail` keeps the library's own words (torchvision's, urllib's) for a page to show as a
    detail under the localized message; the message itself never repeats them.
    """

    detail: str | None = None

    @classmethod
    def for_spec(cls, spec: DatasetSpec) -> "DatasetMissing":
        return cls("errors.dataset_missing", **missing_message(spec).params)

    @classmethod
    def unreachable(cls, spec: DatasetSpec) -> "DatasetMissing":
        """Downloads are allowed but the host cannot be reached: say so instead of trying."""
        return cls("errors.download_unreachable", missing=missing_message(spec), host=_host(spec.url))

    @classmethod
    def download_failed(cls, spec: DatasetSpec, exc: Exception) -> "DatasetMissing":
        error = cls("errors.download_failed", title=spec.title, host=_host(spec.url),
                    reason=download_problem(exc), missing=missing_message(spec))
        error.detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:600]  # one line, torchvision's can be long
        return error


def download_problem(exc: Exception) -> Message:
    """What went wrong with a download, in words a reader can act on (the exception's own text stays English)."""
    if isinstance(exc, HTTPError):
        return Message("errors.download_http", {"code": exc.code})
    if isinstance(exc, (URLError, TimeoutError, ConnectionError, socket.gaierror)):
        return Message("errors.download_no_connection")
    if isinstance(exc, OSError):  # after the network errors above: a folder that cannot be written
        return Message("errors.download_disk", {"where": data_dir()})
    text = str(exc)
    if isinstance(exc, RuntimeError) and "Error downloading" in text:  # torchvision's MNIST: every mirror failed
        return Message("errors.download_no_connection")
    if isinstance(exc, RuntimeError) and "corrupted" in text:  # torchvision's checksum check after a download
        return Message("errors.download_corrupt")
    return Message("errors.download_other", {"kind": type(exc).__name__})


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


_reachable: dict[str, tuple[float, bool]] = {}  # host -> (when checked, answer): one check a minute
_reachable_lock = threading.Lock()


def host_reachable(url: str, timeout: float = 3.0) -> bool:
    """Whether a download from `url` can start: its host resolves and accepts a connection.

    Checked before torchvision tries, so an offline machine answers in seconds with a sentence
    instead of a download that cannot work. Behind a proxy (HTTP(S)_PROXY) urllib goes through
    the proxy, so there is nothing to check here: the download itself decides.
    """
    parts = urlsplit(url)
    if parts.scheme in getproxies():
        return True
    host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
    with _reachable_lock:
        checked = _reachable.get(host)
        if checked and time.monotonic() - checked[0] < 60:
            return checked[1]
    answer: list[bool] = []

    def connect() -> None:
        try:
            socket.create_connection((host, port), timeout=timeout).close()
            answer.append(True)
        except OSError:
            answer.append(False)

    probe = threading.Thread(target=connect, daemon=True)  # a thread: name lookup itself has no timeout
    probe.start()
    probe.join(timeout + 1)
    reachable = bool(answer and answer[0])
    with _reachable_lock:
        _reachable[host] = (time.monotonic(), reachable)
    return reachable


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
