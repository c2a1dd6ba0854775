"""Where the pen was: any uploaded "L"/"LA" image as ink (1 = pen, 0 = paper) at a working size.

Transparency carries the drawing where alpha varies; otherwise the background's brightness,
read from a frame around the picture, says whether it is dark ink on light paper (inverted)
or light ink on a dark canvas. Big photos are shrunk by averaging (PIL's box filter), which
keeps every stroke's ink mass: a thin pen line turns fainter, never disappears.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image
from scipy import ndimage as ndi
from skimage.filters import threshold_otsu

WORK_SIZE = 400  # longest side while cleaning: a digit a fifth of a photo tall is still 60 px
FLAT = 0.4  # a drawing's frame is one value over this share of it or more (seen: >= 0.55); a photo's is not (<= 0.11)
LIGHT_MAJORITY = 0.5  # a photo more light than dark, with a dark frame, is paper on a desk


@dataclass
class Ink:
    values: np.ndarray  # (H, W) float32 in 0..1, pen high, as seen (paper not yet removed)
    gray: np.ndarray  # (H, W) uint8, the picture in grayscale at the same size, for display
    paper: bool  # dark ink on a light background: inverted
    alpha: bool  # drawn in transparency: the alpha channel is the ink
    scale: float  # working size / original size (1.0 when not shrunk)
    paper_box: tuple[slice, slice] | None = None  # where the paper lies, when a desk was cut away


def read_ink(image: Image.Image) -> Ink:
    """An "L" or "LA" image (core.common.image_io.load_image) -> Ink at most WORK_SIZE on its longer side."""
    small, scale = shrink(image, WORK_SIZE)
    pixels = np.asarray(small)
    if small.mode == "LA":
        gray, alpha = pixels[..., 0], pixels[..., 1]
        if frame_median(alpha) < 250 and alpha.max() > frame_median(alpha):  # drawn on a transparent background
            shown = (gray.astype(np.uint16) * alpha // 255).astype(np.uint8)
            return Ink(alpha.astype(np.float32) / 255, shown, False, True, scale)
        pixels = gray
    paper = dark_ink(pixels)
    ink = 255 - pixels if paper else pixels
    return Ink(ink.astype(np.float32) / 255, np.ascontiguousarray(pixels), paper, False, scale)


def light_majority(ink: Ink) -> Ink | None:
    """A photo of paper on a dark desk: the frame is desk, so `read_ink` took light for ink. If most
    of the photo is on the light side, the light part is the background: the same picture inverted.
    None otherwise: a chalk digit on a board stays as it is. (Only for photos: a fat marker's digit
    on a flat canvas can cover half of it.)"""
    if ink.paper or ink.alpha:
        return None
    values = ink.values
    light = ndi.binary_opening(values > threshold_otsu(values), iterations=2)  # cut the desk's light flecks off
    labels, count = ndi.label(light)
    if count == 0:
        return None
    sizes = np.bincount(labels.ravel())[1:]
    sheet = ndi.binary_fill_holes(labels == sizes.argmax() + 1)  # the largest light area, with the digit inside
    if np.count_nonzero(sheet) <= LIGHT_MAJORITY * values.size:
        return None
    desk = ndi.binary_dilation(~sheet, iterations=2)  # and the sheet's blurred rim
    # the desk takes the look of the nearest paper, so lighting and frame read as the paper's own
    nearest = ndi.distance_transform_edt(desk, return_distances=False, return_indices=True)
    inverted = 1 - values[tuple(nearest)]
    return Ink(inverted, ink.gray, True, False, ink.scale, ndi.find_objects((~desk).astype(np.uint8))[0])


def shrink(image: Image.Image, longest: int) -> tuple[Image.Image, float]:
    """(image with its longer side at most `longest`, the scale used): integer box reduction
    first (fast on 12-megapixel photos), then a box resize to the exact size; never enlarged."""
    size = max(image.size)
    if size <= longest:
        return image, 1.0
    factor = size // longest
    if factor >= 2:
        image = image.reduce(factor)
    scale = longest / size
    target = (max(1, round(image.width * longest / max(image.size))), max(1, round(image.height * longest / max(image.size))))
    if target != image.size:
        image = image.resize(target, Image.Resampling.BOX)
    return image, scale


def dark_ink(pixels: np.ndarray) -> bool:
    """Is the pen darker than the background? A drawing's background is one value (FLAT of its
    frame or more) and its pen lies on one side of it: whichever extreme (the 20th darkest or
    brightest pixel) is further away, so a mid-grey background works both ways. A photo's shadows
    and glare make extremes of their own: there, a light frame is paper (dark ink), as usual."""
    frame = np.concatenate([side.ravel() for side in frame_sides(pixels)])
    background = int(np.median(frame))
    if np.count_nonzero(frame == background) < FLAT * frame.size:
        return background > 127
    counts = np.cumsum(np.bincount(pixels.ravel(), minlength=256))
    n = min(20, pixels.size // 10 + 1)
    darkest = int(np.searchsorted(counts, n))  # the n-th darkest value
    brightest = int(np.searchsorted(counts, pixels.size - n + 1))  # the n-th brightest
    return background - darkest > brightest - background


def frame_sides(pixels: np.ndarray) -> list[np.ndarray]:
    """The four sides of a frame 1/20 of the picture wide, each (width, length), corners counted once."""
    h, w = pixels.shape
    b = max(1, min(h, w) // 20)
    return [pixels[:b], pixels[-b:], pixels[b:-b, :b].T, pixels[b:-b, -b:].T]


def frame_median(pixels: np.ndarray) -> int:
    """Brightness of the background (0..255), read from the frame: the digit is inside."""
    return int(np.median(np.concatenate([side.ravel() for side in frame_sides(pixels)])))
