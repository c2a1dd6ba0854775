"""Bring a pen far outside MNIST's range back into it: thicken a hairline, thin a fat marker.

MNIST's strokes are 10–20% as wide as the digit is tall (median 13%, measured on its test set
with `stroke_share`). A network trained on them reads a hairline or a marker less surely than
an ordinary pen, so a crop whose pen lies beyond MNIST's own 1st or 99th percentile is thickened
or thinned to within MNIST's range; any pen inside it is left exactly as drawn. Too small a crop
(under 16 px, e.g. an 8×8 thumbnail) is left alone: it has no finer stroke to find.
"""

from __future__ import annotations

import numpy as np
from PIL import Image
from scipy import ndimage as ndi

HAIRLINE, MARKER = 0.08, 0.25  # below MNIST's 1st percentile of stroke share (0.09), above its 99th (0.245)
THICKENED, THINNED = 0.12, 0.18  # where they are brought: MNIST's median, and its 90th percentile
FINE = 100  # px: a crop is enlarged to at least this before the pen is changed, so a pixel is 1% of it
SMALLEST = 16  # px: below this a crop is a thumbnail whose strokes cannot be measured


def stroke_share(crop: np.ndarray) -> float:
    """The pen's width as a share of the digit's longer side: area ≈ width × length, and the
    boundary has two pixels per unit of length, so width ≈ 2 × area / boundary."""
    mask = crop >= 0.5 * crop.max()
    area = int(mask.sum())
    boundary = area - int(ndi.binary_erosion(mask).sum())
    return 2 * area / max(boundary, 1) / max(crop.shape)


def even_strokes(crop: np.ndarray, share: float | None = None) -> tuple[np.ndarray, float, float]:
    """(crop, share before, share aimed at): the crop unchanged, and its share twice, when its pen is
    within MNIST's range or it is too small to tell. `share`: stroke_share(crop), if known."""
    share = stroke_share(crop) if share is None else share
    if max(crop.shape) < SMALLEST or HAIRLINE <= share <= MARKER:
        return crop, share, share
    target = THICKENED if share < HAIRLINE else THINNED
    fine = _enlarged(crop, FINE)
    radius = round(abs(target - share) * max(fine.shape) / 2)
    if radius < 1:
        return crop, share, share
    window = (2 * radius + 1,) * 2
    if share < HAIRLINE:
        changed = ndi.grey_dilation(np.pad(fine, radius), size=window)
    else:
        changed = ndi.grey_erosion(fine, size=window)
        if changed.max() <= 0.2 * fine.max():  # eroded away: nothing sensible to read, keep the marker
            return crop, share, share
    return changed, share, target


def _enlarged(crop: np.ndarray, least: int) -> np.ndarray:
    """Bicubic enlargement so the longer side is at least `least` px (never shrunk)."""
    h, w = crop.shape
    if max(h, w) >= least:
        return crop
    factor = least / max(h, w)
    size = (max(1, round(w * factor)), max(1, round(h * factor)))  # PIL: (width, height)
    return np.clip(np.asarray(Image.fromarray(crop.astype(np.float32), "F").resize(size, Image.Resampling.BICUBIC)), 0, None)
