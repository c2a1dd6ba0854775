"""MNIST-style preprocessing: turn any drawing or photo of a digit into what MNIST looks like.

MNIST digits are white ink on black, cropped to the ink, scaled so the longer side is 20 px,
and placed in 28×28 with their centre of mass in the middle. That textbook recipe is the whole
of it for a clean image; a photo first gets only the cleaning its measurements call for
(core.vision.digit_cleaning). Each step is kept (`keep_steps=True`), with why it ran, for the Draw page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch
from PIL import Image
from scipy import ndimage as ndi

from core.common.image_io import ImageError
from core.common.visual import to_uint8
from core.vision.digit_cleaning import Cleaned, Diagnosis, clean, diagnose
from core.vision.digit_doubts import side_by_side
from core.vision.digit_ink import Ink, light_majority, read_ink
from core.vision.digit_strokes import HAIRLINE, even_strokes, stroke_share

MNIST_MEAN, MNIST_STD = 0.1307, 0.3081
DIGIT_BOX, CANVAS = 20, 28  # MNIST: the longer side 20 px, centred in 28×28
INK_EXTENT = 0.5  # the crop keeps ink at half its strength or more, as the textbook recipe does
DOT = 0.5  # a mark as wide as half its own size is a dot (a disc measures 0.57-0.66), not a digit (MNIST: ≤ 0.28)


@dataclass
class Step:
    key: str  # catalog key of the step's caption, e.g. "draw.step_ink"
    image: np.ndarray  # (H, W) uint8, white ink on black, for display
    why: str = ""  # catalog key saying why the step ran ("" when it always runs)
    values: dict = field(default_factory=dict)  # the measurements the reason quotes


@dataclass
class Preprocessed:
    tensor: torch.Tensor  # (1, 28, 28) normalised, what the model eats
    unit: torch.Tensor  # (28, 28) in 0..1, what a person should see
    steps: list[Step] = field(default_factory=list)
    diagnosis: Diagnosis | None = None  # what was measured on the image, for the page's "why"
    parts: int = 1  # marks side by side (core.vision.digit_doubts): 2 for a "12"
    extent: float = 1.0  # the ink's longer side over the picture's shorter side


def preprocess(image: Image.Image, keep_steps: bool = False) -> Preprocessed:
    """An "L"/"LA" image (see core.common.image_io.load_image) -> the 28×28 MNIST-style input. When it is
    refused (ImageError) with keep_steps, the error's `steps` are the steps it got through."""
    width, height = image.size
    if min(width, height) < 8 or max(width, height) > 25 * min(width, height):
        raise ImageError("errors.image_too_thin", width=width, height=height)
    steps: list[Step] = []
    try:
        return _preprocess(image, steps.append if keep_steps else (lambda step: None), steps)
    except ImageError as error:
        error.steps = steps
        raise


def _preprocess(image: Image.Image, keep, steps: list[Step]) -> Preprocessed:
    ink, found, polarity = _ink_and_diagnosis(image, keep)
    keep(Step("draw.step_gray", ink.gray))
    keep(Step("draw.step_ink", to_uint8(ink.values), polarity))
    try:
        cleaned = clean(ink.values, found, ink.paper)
    except ImageError as error:
        for name, values, picture in getattr(error, "cleaned", Cleaned(ink.values)).steps:
            keep(_cleaning_step(name, values, picture))
        raise
    for name, values, picture in cleaned.steps:
        keep(_cleaning_step(name, values, picture))
    crop = crop_to_ink(cleaned.ink)
    parts, extent = side_by_side(cleaned.ink), max(crop.shape) / min(cleaned.ink.shape)
    share = stroke_share(crop)
    keep(Step("draw.step_crop", to_uint8(crop / crop.max())))
    if share > DOT:  # a click on the canvas, a blot: never guess a digit from it
        raise ImageError("errors.no_digit_dot")
    evened, before, after = even_strokes(crop, share)
    if after != before:
        crop = crop_to_ink(evened)
        why = "draw.why_thickened" if before < HAIRLINE else "draw.why_thinned"
        keep(Step("draw.step_pen", to_uint8(crop / crop.max()), why, {"before": before, "after": after}))
    digit = fit_longest_side(crop, DIGIT_BOX)
    keep(Step("draw.step_scale", to_uint8(digit)))
    unit = torch.from_numpy(paste_by_centre_of_mass(digit, CANVAS))
    keep(Step("draw.step_centre", to_uint8(unit)))
    tensor = ((unit - MNIST_MEAN) / MNIST_STD).unsqueeze(0)  # (1, 28, 28)
    return Preprocessed(tensor, unit, steps, found, parts, extent)


def _cleaning_step(name: str, values: dict, picture: np.ndarray) -> Step:
    return Step(f"draw.step_{name}", to_uint8(picture / max(float(picture.max()), 1e-6)), f"draw.why_{name}", values)


def _ink_and_diagnosis(image: Image.Image, keep) -> tuple[Ink, Diagnosis, str]:
    """The ink, what it needs, and the catalog key saying why it is (or is not) inverted. A picture
    refused for want of ink still shows, in `keep`, what was received and the ink that was found."""
    ink = read_ink(image)
    try:
        found = diagnose(ink.values)
    except ImageError:
        keep(Step("draw.step_gray", ink.gray))
        keep(Step("draw.step_ink", to_uint8(ink.values)))
        raise
    if found.photo and (flipped := light_majority(ink)) is not None:  # paper on a dark desk
        # still a photo: the desk, now given the paper's look, must not make it read as a flat drawing
        return flipped, diagnose(flipped.values, flipped.paper_box, flat=found.flat), "draw.why_inverted_desk"
    return ink, found, "draw.why_alpha" if ink.alpha else "draw.why_inverted" if ink.paper else "draw.why_not_inverted"


def naive_resize(image: Image.Image) -> torch.Tensor:
    """The beginner's version, for comparison: grayscale, squash the whole picture to 28×28,
    normalise. No polarity, no crop, no centring: what `transforms.Resize(28)` alone gives."""
    gray = image.convert("L").resize((28, 28), Image.BILINEAR)
    unit = torch.from_numpy(np.asarray(gray, dtype=np.float32) / 255.0)
    return ((unit - MNIST_MEAN) / MNIST_STD).unsqueeze(0)  # (1, 28, 28)


def crop_to_ink(ink: np.ndarray) -> np.ndarray:
    """The bounding box of the ink at INK_EXTENT of its strength or more: an anti-aliased edge or a
    photo's blur does not stretch it. (A quarter reads soft 8×8 digits better and crisp drawings
    worse, by about a point each way: bench/drawn_digits.py.)"""
    strong = ink >= INK_EXTENT * ink.max()
    rows, cols = np.nonzero(strong.any(axis=1))[0], np.nonzero(strong.any(axis=0))[0]
    return ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]


def fit_longest_side(crop: np.ndarray, size: int) -> np.ndarray:
    """Scale so the longer side is `size` px, keeping the aspect ratio (a 1 stays thin), with
    Lanczos antialiasing; then the strongest pixel to 1, so a hairline is as dark as MNIST's ink."""
    h, w = crop.shape
    scale = size / max(h, w)
    new = (max(1, round(w * scale)), max(1, round(h * scale)))  # PIL sizes are (width, height)
    small = np.asarray(Image.fromarray(crop.astype(np.float32), "F").resize(new, Image.Resampling.LANCZOS))
    small = np.clip(small, 0, None)
    return np.clip(small / max(float(small.max()), 1e-6), 0, 1)


def paste_by_centre_of_mass(digit: np.ndarray, size: int) -> np.ndarray:
    """Place the digit in a size×size canvas with its centre of mass at the centre, as MNIST did."""
    h, w = digit.shape
    cy, cx = ndi.center_of_mass(digit)
    top = int(np.clip(round((size - 1) / 2 - cy), 0, size - h))  # keep all the ink inside
    left = int(np.clip(round((size - 1) / 2 - cx), 0, size - w))
    canvas = np.zeros((size, size), np.float32)
    canvas[top:top + h, left:left + w] = digit
    return canvas
