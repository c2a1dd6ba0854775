"""The textbook MNIST preprocessing, written independently of core/, as the floor ours must not fall below.

What every "read your own handwriting with an MNIST model" tutorial does, and nothing else:
grayscale, white ink on black, crop to the ink, longer side to 20 px, paste into 28×28 by the
centre of mass, scale to 0..1 and normalise with MNIST's mean and std.
"""

from __future__ import annotations

import numpy as np
import torch
from PIL import Image

MNIST_MEAN, MNIST_STD = 0.1307, 0.3081


def textbook_input(image: Image.Image) -> torch.Tensor:
    """Any PIL image of one digit -> the (1, 28, 28) normalised tensor; ValueError when it is blank."""
    gray = np.asarray(image.convert("L"), dtype=np.float32) / 255
    border = np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]])
    paper = np.median(border) > 0.5
    ink = np.clip((1 - gray if paper else gray) - np.median(1 - border if paper else border), 0, 1)  # dark pen: invert
    if ink.max() <= 0:
        raise ValueError("blank image")
    inked = ink > 0.5 * ink.max()
    rows, cols = np.nonzero(inked.any(1))[0], np.nonzero(inked.any(0))[0]
    crop = ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    h, w = crop.shape
    size = (max(1, round(20 * w / max(h, w))), max(1, round(20 * h / max(h, w))))  # PIL: (width, height)
    small = np.asarray(Image.fromarray(crop).resize(size, Image.Resampling.LANCZOS), dtype=np.float32)
    small = np.clip(small / max(small.max(), 1e-6), 0, 1)
    ys, xs = np.mgrid[:small.shape[0], :small.shape[1]]
    cy, cx = (ys * small).sum() / small.sum(), (xs * small).sum() / small.sum()
    top = int(np.clip(round(13.5 - cy), 0, 28 - small.shape[0]))
    left = int(np.clip(round(13.5 - cx), 0, 28 - small.shape[1]))
    canvas = np.zeros((28, 28), np.float32)
    canvas[top:top + small.shape[0], left:left + small.shape[1]] = small
    return ((torch.from_numpy(canvas) - MNIST_MEAN) / MNIST_STD).unsqueeze(0)  # (1, 28, 28)
