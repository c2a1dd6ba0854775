"""Clean a photo of a digit only as much as it needs: each step runs because a measurement says so.

A drawing (uniform background, clear ink) needs nothing: its ink goes straight to the textbook
steps (crop, 20 px, centre of mass), and any cleaning would only cost it. A phone photo may need
its lighting evened out, its grain smoothed, its paper's haze cut away, its notebook rules and
the desk at its edge removed. `diagnose` measures those from the image; `clean` runs the steps
the measurements call for and records why, for the Draw page to show. The filters are SciPy's
(ndimage) and scikit-image's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import ndimage as ndi
from skimage.filters import threshold_otsu

from core.common.image_io import ImageError
from core.vision.digit_ink import FLAT, frame_sides
from core.vision.digit_leftovers import without_edge_ink, without_lines, without_specks

MIN_CONTRAST = 0.12  # weakest ink that counts as a digit, as a share of full black-to-white
STRONGEST = 20  # pixels: the ink's contrast is read at the 20th strongest, not at one hot pixel
MIN_SIGNAL_TO_GRAIN = 4.0  # ink must stand that many grain deviations above the paper
UNEVEN = 0.12  # paper around the picture differing by this share of the ink: lighting to even out
GRAINY = 0.02  # grain (deviation between neighbours) above this share of the ink: smooth it


@dataclass
class Diagnosis:
    """What the image needs, measured on it (all shares of the ink's contrast, 0..1)."""
    paper_level: float  # the background's ink level, read from the frame (0 for a clean canvas)
    contrast: float  # strongest ink above the paper
    grain: float  # noise between neighbouring pixels, as a share of the contrast
    unevenness: float  # how much the paper's level differs around the picture, as a share of the contrast
    flat: float  # share of the frame at exactly the paper's level: a drawing's background is one value
    small: bool  # under 100 px: a drawing or a thumbnail, never a phone photo

    @property
    def photo(self) -> bool:
        """No flat background: a photo or a scan, whose paper must be told from the ink."""
        return not self.small and self.flat < FLAT

    @property
    def uneven(self) -> bool:
        return self.photo and self.unevenness > UNEVEN

    @property
    def grainy(self) -> bool:
        return self.photo and self.grain > GRAINY


@dataclass
class Cleaned:
    ink: np.ndarray  # (H, W) float32, 0 on the paper, the pen's strength elsewhere
    steps: list[tuple[str, dict, np.ndarray]] = field(default_factory=list)  # (step, numbers for its reason, image)


def diagnose(ink: np.ndarray, paper_box: tuple[slice, slice] | None = None, flat: float | None = None) -> Diagnosis:
    """Measure the paper's level around the picture (or around `paper_box`, where the paper lies
    in a photo of paper on a desk), the ink's contrast and the grain. `flat`: the frame's flatness
    when it is already known (a desk given the paper's look must not make a photo a drawing)."""
    pieces = _frame_pieces(ink if paper_box is None else ink[paper_box])
    paper = float(np.median(np.concatenate(pieces)))
    x = np.clip(ink - paper, 0, None)
    contrast = _strongest(x)
    if contrast < MIN_CONTRAST:
        raise ImageError("errors.no_digit")
    small = max(x.shape) < 100
    if flat is None:
        frame = np.concatenate(pieces)
        flat = float(np.count_nonzero(np.abs(frame - paper) < 0.5 / 255)) / frame.size  # the very same value
    if small or flat >= FLAT:  # a drawing: nothing to measure for cleaning that will not run
        return Diagnosis(paper, contrast, 0.0, 0.0, flat, small)
    steps = np.abs(np.diff(x, axis=1))
    grain = 1.4826 * float(np.median(steps)) / np.sqrt(2)  # MAD of neighbours: strokes are sparse
    if contrast < MIN_SIGNAL_TO_GRAIN * grain:
        raise ImageError("errors.no_digit")
    levels = np.sort([np.median(piece) for piece in pieces])
    # the lowest piece against the upper quartile: a stroke crossing the frame raises a piece or two,
    # light from one side, a vignette, a shadow or the desk change a whole side
    unevenness = float(levels[(3 * len(levels)) // 4] - levels[0]) / contrast
    return Diagnosis(paper, contrast, float(grain / contrast), unevenness, flat, small)


def clean(ink: np.ndarray, found: Diagnosis, paper: bool) -> Cleaned:
    """Only the steps `found` calls for; a clean drawing comes back with the paper level subtracted.
    `paper`: dark ink on a light background (core.vision.digit_ink), whose light multiplies."""
    x = np.clip(ink - found.paper_level, 0, None)
    out = Cleaned(x)
    if found.uneven:
        x = _even_lighting(ink, paper)
        out.steps.append(("lighting", {"unevenness": found.unevenness}, x))
    if found.grainy:
        x = ndi.gaussian_filter(x, 1.0)
        out.steps.append(("grain", {"grain": found.grain}, x))
    if found.photo:
        peak = max(_strongest(x), 1e-6)
        threshold = max(_otsu(x), 0.25 * peak)
        x = np.where(x >= threshold, x, 0)
        out.steps.append(("paper", {"flat": found.flat, "threshold": threshold / peak}, x))
        x, edges = without_edge_ink(x)
        if edges:
            out.steps.append(("edges", {"share": edges}, x))
        x, lines = without_lines(x)
        if lines:
            out.steps.append(("lines", {"count": lines}, x))
    x, specks = without_specks(x)
    if specks:
        out.steps.append(("specks", {"count": specks}, x))
    if not x.any():
        error = ImageError("errors.no_digit")
        error.cleaned = out  # the steps that ran, for the page to show where the digit went
        raise error
    out.ink = x.astype(np.float32, copy=False)
    return out


def _frame_pieces(x: np.ndarray, per_side: int = 4) -> list[np.ndarray]:
    """The frame (core.vision.digit_ink.frame_sides) cut in `per_side` pieces along each side: 16 samples of paper."""
    return [piece.ravel() for side in frame_sides(x) for piece in np.array_split(side, per_side, axis=1) if piece.size]


def _strongest(x: np.ndarray) -> float:
    """The ink's strength at its STRONGEST-th pixel: a few hot pixels or specks of dust do not set
    it, and a 1 px pen's short stroke (fewer pixels than a thousandth of the picture) still does."""
    return _quantile(x, 1 - STRONGEST / x.size) if x.size > 10 * STRONGEST else float(x.max())


def _quantile(x: np.ndarray, q: float, levels: int = 1024) -> float:
    """The q-quantile of values in 0..1, to 1/levels, from a histogram: a sort or a partition
    is ten times slower on a canvas that is mostly one value."""
    counts = np.bincount(np.clip(x * (levels - 1), 0, levels - 1).astype(np.intp).ravel(), minlength=levels)
    return float(np.searchsorted(np.cumsum(counts), q * x.size, side="left")) / (levels - 1)


def _otsu(x: np.ndarray) -> float:
    """Otsu's threshold between paper and ink over the pixels that are not bare paper."""
    inked = x[x > 0]
    return float(threshold_otsu(inked)) if inked.size > 1 and inked.min() < inked.max() else 0.0


def _background(ink: np.ndarray) -> np.ndarray:
    """Light, shadow and paper without the strokes: a grey opening (the largest level the ink
    exceeds only in places narrower than a fifth of the shorter side, wider than any photographed
    pen stroke). Steps and ramps of light pass through it unchanged."""
    k = max(3, min(ink.shape) // 5) | 1
    return ndi.grey_opening(ink, size=(k, k))


def _even_lighting(ink: np.ndarray, paper: bool) -> np.ndarray:
    """The ink as it would look under even light. On paper, light multiplies what the paper and the
    pen reflect, so the picture is divided by the paper's brightness (a flat-field correction): a
    stroke in a shadow keeps its full contrast. Light ink on a dark board adds: the board is subtracted."""
    back = _background(ink)
    if not paper:
        return np.clip(ink - back, 0, None)
    return np.clip((ink - back) / np.maximum(1 - back, 0.15), 0, None)  # 1 - back: the paper's brightness
