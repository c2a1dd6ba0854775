"""ImageFolder datasets from a folder or an uploaded .zip, read safely into uint8 tensors.

A zip is checked before anything is unpacked (names, file count, total size, compression
ratio), unpacked only into a temporary folder the caller owns, and every picture goes
through core.common.image_io's checks. Each refusal is an ImageFolderError with a readable message.
"""

from __future__ import annotations

import io
import shutil
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import numpy as np
import torch
from PIL import Image, ImageOps

from core.common.i18n import LocalizedError
from core.common.image_io import ImageError, load_rgb_image

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff", ".ppm", ".pgm"}
MAX_FILES = 5000  # more than a classroom folder needs; each one is decoded on the page
MAX_BYTES = 200 * 1024 * 1024  # unpacked size of a zip
MAX_RATIO = 200  # a PNG or JPEG barely compresses; a bomb expands thousands of times
IGNORED = {"__MACOSX", ".DS_Store", "Thumbs.db"}
METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}  # what Python unpacks


class ImageFolderError(LocalizedError, ValueError):
    """The folder or zip cannot be read as an ImageFolder; the message says why.

    `detail` keeps the library's own words (zipfile's, the OS's) for a page to show under the
    localized message, which never repeats them.
    """

    detail: str | None = None

    @classmethod
    def wrapping(cls, key: str, exc: Exception, **params) -> "ImageFolderError":
        error = cls(key, **params)
        error.detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:400]
        return error


@dataclass(frozen=True)
class FolderSet:
    """What torchvision.datasets.ImageFolder would give, decoded to tensors at one size."""

    images: torch.Tensor  # (N, C, S, S) uint8
    labels: torch.Tensor  # (N,) int64
    classes: tuple[str, ...]
    skipped: int  # files that were not images or could not be decoded


def check_zip(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The members to unpack, or an error for unsafe names, too many files, too many bytes or a bomb."""
    members = [m for m in archive.infolist() if not m.is_dir()]
    if len(members) > MAX_FILES:
        raise ImageFolderError("errors.zip_too_many", count=len(members), limit=MAX_FILES)
    total = 0
    for m in members:
        path = PurePosixPath(m.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or ":" in m.filename or stat.S_ISLNK(m.external_attr >> 16):
            raise ImageFolderError("errors.zip_unsafe_name", name=m.filename)
        if m.flag_bits & 0x1:  # zipfile would stop at it asking for a password
            raise ImageFolderError("errors.zip_encrypted", name=m.filename)
        if m.compress_type not in METHODS:  # e.g. Deflate64 from some Windows tools
            raise ImageFolderError("errors.zip_method", name=m.filename)
        if m.file_size > 1 << 20 and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise ImageFolderError("errors.zip_bomb", name=m.filename, ratio=m.file_size // max(m.compress_size, 1))
        total += m.file_size
    if total > MAX_BYTES:
        raise ImageFolderError("errors.zip_too_big", size=total // 2**20, limit=MAX_BYTES // 2**20)
    return members


def extract_zip(data: bytes, dest: Path) -> Path:
    """Unpack a checked zip under `dest` (a temporary folder); returns the ImageFolder root inside it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImageFolderError("errors.zip_not_zip") from exc
    with archive:
        budget = MAX_BYTES
        for m in check_zip(archive):
            target = dest.joinpath(*PurePosixPath(m.filename.replace("\\", "/")).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(m) as src, open(target, "wb") as out:
                    budget -= _copy_at_most(src, out, min(budget, m.file_size))  # sizes in the header can lie
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:  # a damaged member
                raise ImageFolderError.wrapping("errors.zip_damaged", exc, name=m.filename) from exc
    return find_root(dest)


def _copy_at_most(src, out, limit: int) -> int:
    written = 0
    while chunk := src.read(1 << 16):
        written += len(chunk)
        if written > limit:
            raise ImageFolderError("errors.zip_too_big", size=written // 2**20 + 1, limit=MAX_BYTES // 2**20)
        out.write(chunk)
    return written


def find_root(folder: Path) -> Path:
    """Step into a single top folder (a zip of a folder), then check there are class folders."""
    folder = Path(folder)
    if folder.is_file():  # e.g. the path of a .zip typed into the folder box
        raise ImageFolderError("errors.folder_is_file", path=str(folder))
    if not folder.is_dir():
        raise ImageFolderError("errors.folder_missing", path=str(folder))
    for _ in range(2):
        entries = [e for e in folder.iterdir() if e.name not in IGNORED]
        if len(entries) == 1 and entries[0].is_dir() and _class_dirs(entries[0]):
            folder = entries[0]
    if not _class_dirs(folder):
        raise ImageFolderError("errors.folder_no_classes")
    return folder


def class_names(folder: Path) -> tuple[str, ...]:
    """The classes an ImageFolder at folder has, from its listing alone (nothing decoded)."""
    return tuple(c.name for c in _class_dirs(find_root(folder)))


def _class_dirs(folder: Path) -> list[Path]:
    return sorted(e for e in folder.iterdir() if e.is_dir() and e.name not in IGNORED and not e.is_symlink())


FITS = ("stretch", "crop")


def load_folder(root: Path, size: int = 32, fit: str = "stretch") -> FolderSet:
    """Every picture under root/<class>/ (nested folders too) as an RGB tensor of size×size.

    fit "stretch" squeezes the whole picture into the square (what the Datasets page shows);
    "crop" scales its shorter side to size and keeps the centre, as torchvision's
    Resize(size) + CenterCrop(size) does, so a training picture keeps its proportions.
    """
    if fit not in FITS:
        raise ValueError(f"fit must be one of {FITS}, got {fit!r}")
    try:
        return _load_folder(root, size, fit)
    except PermissionError as exc:  # a folder of the server this process may not read
        raise ImageFolderError.wrapping("errors.folder_unreadable", exc, path=str(exc.filename or root)) from exc


def _load_folder(root: Path, size: int, fit: str) -> FolderSet:
    root = find_root(root)
    classes = _class_dirs(root)
    files = {c.name: sorted(f for f in c.rglob("*") if f.is_file() and not f.is_symlink()) for c in classes}
    if sum(len(v) for v in files.values()) > MAX_FILES:  # a zip never gets here: check_zip counted its members
        raise ImageFolderError("errors.folder_too_many", count=sum(len(v) for v in files.values()), limit=MAX_FILES)
    images, labels, skipped, empty = [], [], 0, []
    for label, (name, paths) in enumerate(files.items()):
        found = 0
        for path in paths:
            if path.suffix.lower() not in IMAGE_SUFFIXES:
                skipped += 1
                continue
            try:
                picture = _fitted(load_rgb_image(path), size, fit)
            except ImageError:
                skipped += 1
                continue
            images.append(torch.from_numpy(np.array(picture)).permute(2, 0, 1))  # (3, S, S)
            labels.append(label)
            found += 1
        if not found:
            empty.append(name)
    if empty:
        raise ImageFolderError("errors.folder_empty_classes", classes=", ".join(empty))
    return FolderSet(torch.stack(images), torch.tensor(labels, dtype=torch.int64),
                     tuple(c.name for c in classes), skipped)


def _fitted(picture: Image.Image, size: int, fit: str) -> Image.Image:
    if fit == "stretch":
        return picture.resize((size, size))
    return ImageOps.fit(picture, (size, size), method=Image.Resampling.BILINEAR)  # shorter side to size, centre kept


def remove_tree(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
