"""Which trained models exist on disk: the shipped digit reader, other checkpoints, runs from the Train
page on MNIST, and runs on a person's own pictures (a `folder:PATH` dataset, see core.data.folder_dataset)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from core.data.folder_dataset import folder_root, is_folder
from core.data.image_folder import ImageFolderError
from core.data.picture_sets import PictureSets
from core.models.checkpoints import SHIPPED, read_metadata
from core.training.runs import runs_dir


@dataclass(frozen=True)
class ModelChoice:
    path: Path
    model: str  # registry name
    test_acc: float | None
    origin: str  # "shipped", "checkpoint", "run" (on MNIST) or "pictures" (on your own pictures)
    pictures: str | None = None  # for "pictures": the set's name (or the folder's), for people to recognise it


def list_digit_models(owner: str | None = None) -> list[ModelChoice]:
    """MNIST models, shipped first, then other checkpoints, then `owner`'s runs (newest first)."""
    found = [_choice(SHIPPED, "shipped")]
    found += [_choice(p, "checkpoint") for p in sorted(SHIPPED.parent.glob("*.pt")) if p != SHIPPED]
    found += [_choice(p, "run") for p in _owned_runs(owner)]
    return [c for c in found if c is not None]


def list_picture_models(owner: str | None) -> list[ModelChoice]:
    """`owner`'s runs on a folder of their own pictures (best.pt), newest first, each named by its set."""
    found = []
    names: dict[str, str] = {}  # dataset -> the set's name: each set looked up once
    for path in _owned_runs(owner):
        meta = read_metadata(path)
        dataset = str((meta or {}).get("dataset", ""))
        if not path.exists() or not is_folder(dataset) or not isinstance(meta.get("classes"), list):
            continue
        if dataset not in names:
            names[dataset] = picture_set_name(owner, dataset)
        found.append(ModelChoice(path, meta.get("model", "?"), meta.get("test_acc"), "pictures", names[dataset]))
    return found


def picture_set_name(owner: str | None, dataset: str) -> str:
    """The name the owner gave the picture set (core.data.picture_sets), else the folder's own name."""
    found = PictureSets().owned(owner, dataset) if owner else None
    try:
        return found.name if found else folder_root(dataset).name
    except ImageFolderError:  # "folder:" and no path: no name to give
        return dataset


def _owned_runs(owner: str | None) -> list[Path]:
    """best.pt of the owner's runs, newest first."""
    runs = sorted(runs_dir().glob("*/best.pt"), key=_modified, reverse=True)
    return [p for p in runs if _owned_by(p.parent, owner)]


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # deleted since the listing: sorts last, then is left out
        return 0.0


def _owned_by(run_dir: Path, owner: str | None) -> bool:
    """A run is listed only to the browser that made it (see ui.common.identity)."""
    try:
        return json.loads((run_dir / "config.json").read_text(encoding="utf-8")).get("owner") == owner
    except (OSError, ValueError):
        return False


def _choice(path: Path, origin: str) -> ModelChoice | None:
    meta = read_metadata(path)
    if not path.exists() or meta is None or meta.get("dataset", "mnist") != "mnist":
        return None
    return ModelChoice(path, meta.get("model", "?"), meta.get("test_acc"), origin)
