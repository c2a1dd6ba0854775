"""Picture sets: ImageFolders a person builds on the Train page, kept on disk and owned like runs.

<sets>/<set id>/<class>/<n>.png is a plain ImageFolder, so a run says dataset = "folder:<that
folder>" and trains on it as on any folder (core.data.folder_dataset); <sets>/<set id>.json names
the set and its owner, the per-browser token of ui.common.identity. The token is kept out of the
path on purpose: the path goes into a run's config and its checkpoints, which people share.

Every change is prepared in <sets>/.staging and moved in with one rename, so a refused or failed
one leaves the set as it was; every path is resolved and checked to lie inside the set.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from core.common.atomic import write_text_atomically
from core.common.i18n import Message
from core.common.image_io import ImageError
from core.data.paths import REPO_ROOT
from core.data.picture_checks import (MAX_CLASSES, MIN_CLASSES, PictureSetError, SetLimits, check_class_name,
                                      check_room, clean_set_name, picture_png)
from core.data.picture_zip import set_from_zip

PREFIX = "folder:"  # core.data.folder_dataset's dataset ids
MAX_SETS = 20  # per owner: old sets are deleted on the page to make room
_SET_ID = re.compile(r"\d{8}-\d{6}-[A-Za-z0-9_-]{11}")  # as run ids: also refuses "..", "/" and friends
_OWNER = re.compile(r"[A-Za-z0-9_-]{1,64}")
_PICTURE = re.compile(r"(\d{1,7})\.png")
_lock = threading.RLock()  # one server process, many sessions: one change at a time


def sets_dir() -> Path:
    """Where picture sets live: env TORCHLAB_SETS, else `sets` beside the runs folder (TORCHLAB_RUNS, ./runs)."""
    if os.environ.get("TORCHLAB_SETS"):
        return Path(os.environ["TORCHLAB_SETS"])
    return Path(os.environ.get("TORCHLAB_RUNS") or REPO_ROOT / "runs").parent / "sets"


def set_name(folder: Path) -> str | None:
    """The name a set's owner gave it, for the set at `folder` in the sets folder; None for any other folder.
    Only words for messages to whoever trains on it (the path is in their config anyway)."""
    folder = Path(folder)
    if not _SET_ID.fullmatch(folder.name) or folder.parent.resolve() != sets_dir().resolve():
        return None
    try:
        name = json.loads((folder.parent / f"{folder.name}.json").read_text(encoding="utf-8")).get("name")
    except (OSError, ValueError, AttributeError):
        return None
    return name if isinstance(name, str) and name else None


@dataclass(frozen=True)
class PictureSet:
    id: str
    name: str
    path: Path  # the ImageFolder root
    counts: dict  # class name -> pictures, in ImageFolder's (sorted) order
    size: int  # bytes on disk
    created: float

    @property
    def dataset(self) -> str:
        return PREFIX + str(self.path)

    def problem(self) -> Message | None:
        """What keeps it from training, or None: two classes, each with two pictures (one to validate on)."""
        if len(self.counts) < MIN_CLASSES:
            return Message("errors.set_few_classes", {"count": len(self.counts), "least": MIN_CLASSES})
        few = [name for name, count in self.counts.items() if count < 2]
        return Message("errors.folder_too_few", {"classes": ", ".join(few)}) if few else None


@dataclass(frozen=True)
class Added:
    added: int
    refused: tuple[tuple[str, Message], ...] = ()  # (file name, why) of the files that are not pictures we keep


class PictureSets:
    """Every owner's sets under one folder; a set of someone else is, to them, no set at all."""

    def __init__(self, root: Path | None = None, limits: SetLimits | None = None):
        self.root = Path(root) if root is not None else sets_dir()
        self._limits = limits

    @property
    def limits(self) -> SetLimits:
        return self._limits or SetLimits.of_host()  # read each time: a test or a host may change them

    def create(self, owner: str, name: str) -> PictureSet:
        name, owner = clean_set_name(name), _checked_owner(owner)
        with _lock:
            set_id = self._new_id(owner)
            (self.root / set_id).mkdir(parents=True)
            self._write_meta(set_id, {"owner": owner, "name": self._unique_name(owner, name), "created": time.time()})
        return self.get(owner, set_id)

    def list(self, owner: str) -> list[PictureSet]:
        """The owner's sets, newest first."""
        found = []
        for meta in sorted(self.root.glob("*.json"), reverse=True):
            if _SET_ID.fullmatch(meta.stem) and self._meta(meta.stem).get("owner") == owner:
                try:
                    found.append(self.get(owner, meta.stem))
                except PictureSetError:  # deleted meanwhile by another tab
                    continue
        return found

    def get(self, owner: str, set_id: str) -> PictureSet:
        meta = self._meta(set_id) if _SET_ID.fullmatch(str(set_id)) else {}
        path = self.root / str(set_id)
        if meta.get("owner") != owner or not path.is_dir():
            raise PictureSetError("errors.set_missing")
        counts = {d.name: len(self._pictures(d)) for d in sorted(path.iterdir()) if d.is_dir() and not d.is_symlink()}
        size = sum(f.stat().st_size for d in counts for f in self._pictures(path / d))
        return PictureSet(set_id, meta.get("name", set_id), path, counts, size, meta.get("created", 0.0))

    def owned(self, owner: str, dataset: str) -> PictureSet | None:
        """The owner's set a `folder:` dataset id names, else None (another folder, or someone else's set)."""
        if not dataset.startswith(PREFIX):
            return None
        path = Path(dataset[len(PREFIX):])
        if path.parent.resolve() != self.root.resolve() or not _SET_ID.fullmatch(path.name):
            return None
        try:
            return self.get(owner, path.name)
        except PictureSetError:
            return None

    def delete(self, owner: str, set_id: str) -> None:
        found = self.get(owner, set_id)
        with _lock:
            self._discard(found.path)
            (self.root / f"{set_id}.json").unlink(missing_ok=True)

    def add_class(self, owner: str, set_id: str, name: str) -> str:
        """A new, empty class; returns its name as kept."""
        name = check_class_name(name)
        with _lock:
            found = self.get(owner, set_id)
            if len(found.counts) >= MAX_CLASSES:
                raise PictureSetError("errors.set_too_many_classes", count=len(found.counts) + 1, limit=MAX_CLASSES)
            self._refuse_taken(found, name)
            self._inside(found.path / name, found.path).mkdir()
        return name

    def rename_class(self, owner: str, set_id: str, old: str, new: str) -> str:
        new = check_class_name(new)
        with _lock:
            found = self.get(owner, set_id)
            source = self._class_dir(found, old)
            if new.casefold() != old.casefold():
                self._refuse_taken(found, new)
            os.rename(source, self._inside(found.path / new, found.path))
        return new

    def remove_class(self, owner: str, set_id: str, name: str) -> None:
        with _lock:
            self._discard(self._class_dir(self.get(owner, set_id), name))

    def pictures(self, owner: str, set_id: str, name: str) -> list[Path]:
        """The class's pictures, oldest first."""
        return self._pictures(self._class_dir(self.get(owner, set_id), name))

    def remove_picture(self, owner: str, set_id: str, name: str, picture: str) -> None:
        with _lock:
            folder = self._class_dir(self.get(owner, set_id), name)
            if not _PICTURE.fullmatch(picture):
                raise PictureSetError("errors.set_missing_picture", name=picture)
            self._inside(folder / picture, folder).unlink(missing_ok=True)

    def add_pictures(self, owner: str, set_id: str, name: str, files: Iterable) -> Added:
        """Each file (Streamlit's UploadedFile, or a (name, bytes) pair) decoded, checked and kept as a PNG.
        Files that are not usable pictures are named in the answer; the limits refuse the whole batch."""
        kept, refused = [], []
        for file in files:
            file_name, data = _name_and_bytes(file)
            try:
                kept.append(picture_png(data))
            except (ImageError, PictureSetError) as error:
                refused.append((file_name, error.message))
        with _lock:
            found = self.get(owner, set_id)
            folder = self._class_dir(found, name)
            check_room(self.limits, found.counts, {name: len(kept)}, found.size, sum(map(len, kept)))
            with self._staging() as scratch:
                staged = []
                for n, png in enumerate(kept):
                    staged.append(scratch / f"{n}.png")
                    staged[-1].write_bytes(png)
                self._move_in(staged, folder)
        return Added(len(kept), tuple(refused))

    def import_zip(self, owner: str, data: bytes, name: str) -> tuple[PictureSet, Added]:
        """A new set from a .zip of class folders (core.data.picture_zip); the answer names the files left
        out. A refused zip leaves no set."""
        name, owner = clean_set_name(name), _checked_owner(owner)
        with self._staging() as scratch:
            built, refused = set_from_zip(data, scratch, self.limits)
            with _lock:
                set_id = self._new_id(owner)
                os.rename(built, self.root / set_id)
                self._write_meta(set_id, {"owner": owner, "name": self._unique_name(owner, name),
                                          "created": time.time()})
        found = self.get(owner, set_id)
        return found, Added(sum(found.counts.values()), tuple(refused))

    def _unique_name(self, owner: str, name: str) -> str:
        """name, or "name (2)", "name (3)"…: the page tells an owner's sets apart by their names."""
        taken = {found.name.casefold() for found in self.list(owner)}
        shown, n = name, 1
        while shown.casefold() in taken:
            n += 1
            shown = f"{name} ({n})"
        return shown

    def _new_id(self, owner: str) -> str:
        """A fresh set id (unguessable, sorting by time), once the owner has room for one more set."""
        if len(self.list(owner)) >= MAX_SETS:
            raise PictureSetError("errors.set_too_many_sets", limit=MAX_SETS)
        return time.strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_urlsafe(8)

    # -- inside the folder ------------------------------------------------------------------------

    def _class_dir(self, found: PictureSet, name: str) -> Path:
        if name not in found.counts:
            raise PictureSetError("errors.set_missing_class", name=str(name))
        return self._inside(found.path / name, found.path)

    @staticmethod
    def _refuse_taken(found: PictureSet, name: str) -> None:
        if name.casefold() in {c.casefold() for c in found.counts}:
            raise PictureSetError("errors.set_class_taken", name=name)

    @staticmethod
    def _inside(path: Path, folder: Path) -> Path:
        """path, once sure that it (links resolved) is a direct child of folder."""
        if path.resolve().parent != folder.resolve():
            raise PictureSetError("errors.set_outside", name=path.name)
        return path

    @staticmethod
    def _pictures(folder: Path) -> list[Path]:
        found = [(int(m.group(1)), f) for f in folder.iterdir()
                 if (m := _PICTURE.fullmatch(f.name)) and f.is_file() and not f.is_symlink()]
        return [f for _, f in sorted(found)]

    def _move_in(self, staged: list[Path], folder: Path) -> None:
        """Number the staged pictures after the folder's last; all of them or, on a failure, none."""
        start = max((int(_PICTURE.fullmatch(f.name).group(1)) for f in self._pictures(folder)), default=0) + 1
        moved = []
        try:
            for n, path in enumerate(staged, start):
                target = self._inside(folder / f"{n}.png", folder)
                os.rename(path, target)
                moved.append(target)
        except BaseException:
            for target in moved:
                target.unlink(missing_ok=True)
            raise

    @contextmanager
    def _staging(self):
        """A scratch folder on the same disk as the sets (so moving out of it is one rename), always removed."""
        (self.root / ".staging").mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(dir=self.root / ".staging"))
        try:
            yield scratch
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def _discard(self, folder: Path) -> None:
        """Out of the set in one rename, then removed: a reader never sees half a folder."""
        with self._staging() as scratch:
            os.rename(folder, scratch / "gone")

    def _meta(self, set_id: str) -> dict:
        try:
            meta = json.loads((self.root / f"{set_id}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return meta if isinstance(meta, dict) else {}

    def _write_meta(self, set_id: str, meta: dict) -> None:
        write_text_atomically(self.root / f"{set_id}.json", json.dumps(meta, ensure_ascii=False))


def _checked_owner(owner: str) -> str:
    if not isinstance(owner, str) or not _OWNER.fullmatch(owner):
        raise ValueError(f"An owner is a token of letters, digits, '-' and '_', got {owner!r}.")
    return owner


def _name_and_bytes(file) -> tuple[str, bytes]:
    if isinstance(file, tuple):
        return str(file[0]), bytes(file[1])
    return str(getattr(file, "name", "?")), file.getvalue()
