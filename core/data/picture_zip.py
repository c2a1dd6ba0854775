"""A picture set from a .zip of class folders: the archive checked as the Datasets page checks it
(core.data.image_folder: unsafe names, too many files, bombs), then each class name and picture as
a set's are (core.data.picture_checks), all inside a scratch folder the caller owns and removes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path, PurePosixPath

from core.common.i18n import Message
from core.common.image_io import ImageError
from core.data.image_folder import IGNORED, IMAGE_SUFFIXES, ImageFolderError, extract_zip
from core.data.picture_checks import (MAX_CLASSES, MIN_CLASSES, PictureSetError, SetLimits, check_class_name,
                                      check_room, picture_png)


def set_from_zip(data: bytes, scratch: Path, limits: SetLimits) -> tuple[Path, list[tuple[str, Message]]]:
    """scratch/set/<class>/<n>.png from the zip, and the files left out with why; or an error that
    names the problem (one class, an empty class, an odd name, too many pictures or megabytes)."""
    _make_folders(data, scratch / "zip")  # a class folder with no file in it is only a folder entry
    root = extract_zip(data, scratch / "zip")
    classes = [check_class_name(d.name) for d in sorted(root.iterdir())
               if d.is_dir() and not d.is_symlink() and d.name not in IGNORED and not d.name.startswith(".")]
    if len(classes) < MIN_CLASSES:
        raise PictureSetError("errors.folder_one_class", name=classes[0])
    if len(classes) > MAX_CLASSES:
        raise PictureSetError("errors.set_too_many_classes", count=len(classes), limit=MAX_CLASSES)
    if len({c.casefold() for c in classes}) < len(classes):
        raise PictureSetError("errors.set_class_twice", names=", ".join(classes))
    files = {c: _files_of(root, c) for c in classes}
    check_room(limits, {}, {c: sum(f.suffix.lower() in IMAGE_SUFFIXES for f in fs) for c, fs in files.items()}, 0, 0)
    built, refused = scratch / "set", []
    for name, paths in files.items():
        refused += _convert(paths, built / name, root)
    empty = [c for c in classes if not any((built / c).iterdir())]
    if empty:
        raise PictureSetError("errors.folder_empty_classes", classes=", ".join(empty))
    check_room(limits, {}, {}, 0, sum(f.stat().st_size for f in built.rglob("*.png")))
    return built, refused


def _files_of(root: Path, name: str) -> list[Path]:
    """A class folder's files, in sub-folders too; never a link, a hidden file or macOS's leftovers."""
    return sorted(f for f in (root / name).rglob("*") if f.is_file() and not f.is_symlink()
                  and not any(p in IGNORED or p.startswith(".") for p in f.relative_to(root).parts))


def _convert(paths: list[Path], folder: Path, root: Path) -> list[tuple[str, Message]]:
    """Each file kept as folder/<n>.png, checked and re-encoded; the ones that are not pictures, and why."""
    folder.mkdir(parents=True)
    refused, count = [], 0
    for path in paths:
        try:
            png = picture_png(path.read_bytes())
        except (ImageError, PictureSetError) as error:
            refused.append((path.relative_to(root).as_posix(), error.message))
            continue
        count += 1
        (folder / f"{count}.png").write_bytes(png)
    return refused


def _make_folders(data: bytes, dest: Path) -> None:
    """The zip's folder entries as empty folders under dest (extract_zip unpacks files only)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = [m.filename for m in archive.infolist() if m.is_dir()]
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImageFolderError("errors.zip_not_zip") from exc
    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        parts = PurePosixPath(name.replace("\\", "/")).parts
        folder = dest.joinpath(*parts)
        if (not parts or parts[0] == "/" or ".." in parts or ":" in name
                or not folder.resolve().is_relative_to(dest.resolve())):
            raise ImageFolderError("errors.zip_unsafe_name", name=name)
        folder.mkdir(parents=True, exist_ok=True)
