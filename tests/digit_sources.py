"""Digits from sources nobody here tuned the Draw page to, in every size, pen and polarity.

Each source makes (label, PIL image) pairs the way a person would hand them to the page:
- "mnist": MNIST's own test digits as published (28×28), enlarged as a paint program would,
  and inverted as if printed on paper;
- "pen": the same real handwriting redrawn with another pen: each test digit's centre line
  (skimage's skeleton), stroked with a round pen of any width on a canvas of any size,
  anti-aliased like a paint program, white on black or black on white;
- "optdigits": 8×8 digits of 13 other writers (UCI, via scikit-learn), blocky and soft;
- "canvas", "photo" and "desk": tests/drawn_digits.py's canvas drawings, phone photos of paper,
  and photos of the whole sheet lying on a desk.
`bench/drawn_digits.py` and `tests/test_drawn_digits.py` read the same cells.
"""

from __future__ import annotations

import gzip
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageOps

from drawn_digits import canvas_digit, paper_photo, photo_on_desk

HERE = Path(__file__).resolve().parent
OPTDIGITS = HERE / "data" / "optdigits_8x8.csv.gz"


@dataclass(frozen=True)
class Cell:
    """One cell of the grid: where the digits come from and how they were made."""
    source: str  # mnist, pen, optdigits, canvas, photo, desk
    size: int  # longer side in px (photos: 0, the generator picks 560..1600; 3000 for "large")
    pen: float  # pen width in px on a 280-px canvas (0: the source's own strokes)
    polarity: str  # "light" ink on dark, or "dark" ink on light paper

    @property
    def name(self) -> str:
        pen = f"pen {self.pen:g}" if self.pen else "own pen"
        size = f"{self.size} px" if self.size else "560-1600 px"
        return f"{self.source} {size} {pen} {self.polarity}"


# --- the published data ---------------------------------------------------------------------

def _data_root() -> Path:
    root = os.environ.get("TORCHLAB_DATA") or str(HERE.parents[1] / "shared" / "datasets")
    return Path(root) / "MNIST" / "raw"


def _idx(path: Path) -> np.ndarray:
    """An IDX file as published (gzip or not): big-endian dims after a 4-byte magic."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


@lru_cache(maxsize=1)
def mnist_test() -> tuple[np.ndarray, np.ndarray]:
    """(images (10000, 28, 28) uint8, labels (10000,)) read straight from the four published files."""
    raw = _data_root()
    pick = lambda stem: raw / f"{stem}.gz" if (raw / f"{stem}.gz").exists() else raw / stem  # noqa: E731
    return _idx(pick("t10k-images-idx3-ubyte")), _idx(pick("t10k-labels-idx1-ubyte"))


@lru_cache(maxsize=1)
def optdigits() -> tuple[np.ndarray, np.ndarray]:
    """(images (1797, 8, 8) uint8 in 0..16, labels): UCI's optdigits test set as scikit-learn ships it."""
    rows = np.loadtxt(OPTDIGITS, delimiter=",", dtype=np.uint8)
    return rows[:, :64].reshape(-1, 8, 8), rows[:, 64]


def spread(labels: np.ndarray, n: int, seed: int) -> list[int]:
    """n indices with every digit equally often, the same whatever else is asked for."""
    rng = np.random.default_rng(seed)
    per = -(-n // 10)
    picks = [rng.permutation(np.nonzero(labels == d)[0])[:per] for d in range(10)]
    return [int(i) for group in zip(*picks) for i in group][:n]


# --- renderings -------------------------------------------------------------------------------

def polarised(ink: Image.Image, polarity: str) -> Image.Image:
    """An "L" image of ink (255 = pen) as saved: white on black, or black on white."""
    return ink if polarity == "light" else ImageOps.invert(ink)


def enlarged(digit: np.ndarray, size: int, polarity: str, resample=Image.Resampling.BICUBIC) -> Image.Image:
    """A small published digit scaled to size×size the way an image viewer or paint program does."""
    image = Image.fromarray(digit)
    if size != image.width:
        image = image.resize((size, size), resample)
    return polarised(image, polarity)


def centre_line(digit: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """The writer's pen path: segments between neighbouring skeleton pixels, in 0..1 of a 28 box."""
    from skimage.morphology import skeletonize

    big = np.asarray(Image.fromarray(digit).resize((112, 112), Image.Resampling.BICUBIC)) > 110
    skeleton = skeletonize(big)
    on = set(zip(*np.nonzero(skeleton)))
    segments = [(np.array([x, y], float) / 112, np.array([x + dx, y + dy], float) / 112)
                for y, x in on for dy, dx in ((0, 1), (1, 0), (1, 1), (1, -1)) if (y + dy, x + dx) in on]
    if not segments:  # a skeleton of single dots
        segments = [(np.array([x, y], float) / 112,) * 2 for y, x in on]
    return segments


def pen_drawing(digit: np.ndarray, size: int, pen: float, polarity: str, rng: np.random.Generator) -> Image.Image:
    """The digit's centre line stroked with a round pen `pen` px wide at 280 px (at least 1 px),
    sized and placed as a person would on a size×size canvas, anti-aliased (4× supersampled)."""
    segments = centre_line(digit)
    width = max(1.0, pen * size / 280)
    points = np.array([p for s in segments for p in s])
    lo, hi = points.min(0), points.max(0)
    extent = max(hi[1] - lo[1], (hi[0] - lo[0]) / 0.8, 1e-3)
    height = min(max(rng.uniform(0.45, 0.85) * size, 4 * width), size - width - 2)
    scale = height / extent
    room = size - (hi - lo) * scale - width - 2
    offset = width / 2 + 1 + rng.uniform(0, 1, 2) * np.maximum(room, 0) - lo * scale
    ss = 4 if size <= 400 else 2
    canvas = Image.new("L", (size * ss, size * ss), 0)
    draw, r = ImageDraw.Draw(canvas), width * ss / 2
    for segment in segments:
        a, b = ((p * scale + offset) * ss for p in (segment[0], segment[-1]))
        draw.line([tuple(a), tuple(b)], fill=255, width=max(1, round(2 * r)))
        for x, y in (a, b):
            draw.ellipse((x - r, y - r, x + r, y + r), fill=255)
    return polarised(canvas.resize((size, size), Image.Resampling.BOX), polarity)


# --- the grid ----------------------------------------------------------------------------------

def make_cell(cell: Cell, n: int, seed: int = 0) -> list[tuple[int, Image.Image]]:
    """n (label, image) pairs of one cell, every digit equally often; deterministic."""
    if cell.source in ("mnist", "pen"):
        images, labels = mnist_test()
        picks = spread(labels, n, seed)
        if cell.source == "mnist":
            return [(int(labels[i]), enlarged(images[i], cell.size, cell.polarity)) for i in picks]
        return [(int(labels[i]), pen_drawing(images[i], cell.size, cell.pen, cell.polarity,
                                             np.random.default_rng([seed, i]))) for i in picks]
    if cell.source == "optdigits":
        images, labels = optdigits()
        picks = spread(labels, n, seed)
        return [(int(labels[i]), enlarged((images[i].astype(np.int32) * 255 // 16).astype(np.uint8), cell.size, cell.polarity))
                for i in picks]
    out = []
    for i in range(n):
        label, rng = i % 10, np.random.default_rng([seed, 7, i])
        if cell.source == "canvas":
            image = canvas_digit(label, rng, width=cell.pen or None)
            out.append((label, image if cell.polarity == "light" else ImageOps.invert(image.convert("RGB"))))
        elif cell.source == "desk":
            out.append((label, photo_on_desk(label, rng)))
        else:
            out.append((label, paper_photo(label, rng, long=cell.size or None)))
    return out


PENS = (1, 3, 8, 15, 30, 60)  # px on a 280-px canvas: a hairline to a fat marker


def full_grid() -> list[Cell]:
    """Every cell the bench reports: source × size × pen × polarity."""
    cells = []
    for polarity in ("light", "dark"):
        cells += [Cell("mnist", size, 0, polarity) for size in (28, 64, 280, 1200)]
        cells += [Cell("pen", size, pen, polarity) for size in (28, 64, 280, 1200) for pen in PENS]
        cells += [Cell("optdigits", size, 0, polarity) for size in (8, 32, 280)]
        cells += [Cell("canvas", 280, pen, polarity) for pen in (6, 12, 20, 30, 40)]
    cells += [Cell("photo", 0, 0, "dark"), Cell("photo", 3000, 0, "dark"), Cell("desk", 0, 0, "dark")]
    return cells
