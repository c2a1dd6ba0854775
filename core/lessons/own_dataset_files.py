"""Files for "your own Dataset" to read: a few sample pictures per class in root/<class>/<n>.png, each at a
size of its own as photos are (seed 002's ants and bees are), so a __getitem__ without Resize shows why
it is needed. The pictures come from core.data.sample_sets (no download); a zip takes them home.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np

from core.data.sample_sets import SAMPLES

PER_CLASS = 10  # a few files per class: the whole epoch is read on every change
SIDES = (40, 120)  # each picture's width and height are drawn from this range, in pixels


def write_lesson_pictures(sample: str, root: Path, per_class: int = PER_CLASS, seed: int = 0) -> Path:
    """root/<class>/<nn>.png for the named sample set (core.data.sample_sets.SAMPLES); returns root."""
    if sample not in SAMPLES:
        raise ValueError(f"Unknown sample {sample!r}; choose one of: {', '.join(SAMPLES)}.")
    rng = np.random.default_rng(seed)
    for cls in SAMPLES[sample].classes:
        (root / cls).mkdir(parents=True, exist_ok=True)
        for n, picture in enumerate(SAMPLES[sample].pictures(cls, per_class, rng)):
            width, height = (int(side) for side in rng.integers(SIDES[0], SIDES[1] + 1, size=2))
            picture.resize((width, height)).save(root / cls / f"{n:02d}.png")
    return root


def class_folders(root: Path) -> tuple[str, ...]:
    """The sub-folders of root, sorted by name as ImageFolder sorts its classes."""
    return tuple(sorted(entry.name for entry in Path(root).iterdir() if entry.is_dir()))


def zip_folder(root: Path, top: str) -> bytes:
    """The files under root in a zip whose one top folder is `top` (top/<class>/<file>)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(Path(root).rglob("*")):
            if path.is_file():
                archive.write(path, f"{top}/{path.relative_to(root).as_posix()}")
    return out.getvalue()
