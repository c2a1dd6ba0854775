"""A folder of drawn pictures in three classes (circle, square, triangle), for trying "your pictures".

Anybody without photos at hand, and every test and bench, gets a real ImageFolder on disk: PNG
files in one sub-folder per class, each shape drawn at a random place, size, angle and colour on
a random background with a little noise, so a model has to learn the shape, not a pixel.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

CLASSES = ("circle", "square", "triangle")


def write_shape_folder(root: Path, per_class: int = 120, size: int = 128, seed: int = 0) -> Path:
    """root/<class>/<n>.png for each class; returns root."""
    rng = np.random.default_rng(seed)
    for name in CLASSES:
        (root / name).mkdir(parents=True, exist_ok=True)
        for n in range(per_class):
            shape_picture(name, size, rng).save(root / name / f"{n:04d}.png")
    return root


def shape_picture(name: str, size: int, rng: np.random.Generator) -> Image.Image:
    """One picture of the named shape."""
    background = tuple(int(v) for v in rng.integers(0, 256, 3))
    ink = tuple((b + int(v)) % 256 for b, v in zip(background, rng.integers(80, 176, 3)))  # always unlike the paper
    picture = Image.new("RGB", (size, size), background)
    radius = size * rng.uniform(0.25, 0.4)  # big enough that a random crop still shows most of it
    cx, cy = (size / 2 + rng.uniform(-1, 1, 2) * (size / 2 - radius)).tolist()
    draw = ImageDraw.Draw(picture)
    if name == "circle":
        draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill=ink)
    else:
        corners = 4 if name == "square" else 3
        turn = rng.uniform(0, 2 * math.pi)
        draw.polygon([(cx + radius * math.cos(turn + 2 * math.pi * k / corners),
                       cy + radius * math.sin(turn + 2 * math.pi * k / corners)) for k in range(corners)], fill=ink)
    noise = rng.normal(0, 12, (size, size, 3))
    return Image.fromarray(np.clip(np.asarray(picture, dtype=np.float64) + noise, 0, 255).astype(np.uint8))
