"""MNIST-style preprocessing: turn any drawing or photo of a digit into what MNIST looks like.

MNIST digits are white ink on black, cropped to the ink, scaled so the longer side
is 20 px, and placed in 28×28 with their centre of mass in the middle. A network
trained on that reads a drawing only after the same treatment; each step is kept
(`keep_steps=True`) so the Draw page can show why it matters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from core.image_io import ImageError
from core.morphology import connected, dilate, erode, median3x3
from core.visual import to_uint8

WORK_SIZE = 160  # longest side while cleaning: plenty for a 20 px result, fast on one core
MNIST_MEAN, MNIST_STD = 0.1307, 0.3081


@dataclass
class Step:
    key: str  # catalog key of the step's caption, e.g. "draw.step_ink"
    image: np.ndarray  # (H, W) uint8, white ink on black, for display


@dataclass
class Preprocessed:
    tensor: torch.Tensor  # (1, 28, 28) normalised, what the model eats
    unit: torch.Tensor  # (28, 28) in 0..1, what a person should see
    steps: list[Step] = field(default_factory=list)


def preprocess(image: Image.Image, keep_steps: bool = False) -> Preprocessed:
    """An "L"/"LA" image (see core.image_io.load_image) -> the 28×28 MNIST-style input."""
    width, height = image.size
    if min(width, height) < 8 or max(width, height) > 25 * min(width, height):
        raise ImageError("errors.image_too_thin", width=width, height=height)
    steps: list[Step] = []
    keep = (lambda key, x: steps.append(Step(key, to_uint8(x)))) if keep_steps else (lambda key, x: None)

    ink, gray, paper = _ink_at_work_size(image, keep_steps)
    keep("draw.step_gray", gray)
    keep("draw.step_ink", ink)
    ink = _clean(ink, paper)
    keep("draw.step_clean", ink)
    crop = _even_strokes(_crop_to_ink(ink))
    keep("draw.step_crop", crop)
    digit = _fit_longest_side(crop, 20)
    keep("draw.step_scale", digit)
    unit = _paste_by_centre_of_mass(digit, 28)
    keep("draw.step_centre", unit)
    tensor = ((unit - MNIST_MEAN) / MNIST_STD).unsqueeze(0)  # (1, 28, 28)
    return Preprocessed(tensor, unit, steps)


def naive_resize(image: Image.Image) -> torch.Tensor:
    """The beginner's version, for comparison: grayscale, squash the whole picture to 28×28,
    normalise. No polarity, no crop, no centring: what `transforms.Resize(28)` alone gives."""
    gray = image.convert("L").resize((28, 28), Image.BILINEAR)
    unit = torch.from_numpy(np.asarray(gray, dtype=np.float32) / 255.0)
    return ((unit - MNIST_MEAN) / MNIST_STD).unsqueeze(0)  # (1, 28, 28)


def _ink_at_work_size(image: Image.Image, want_gray: bool = True) -> tuple[torch.Tensor, torch.Tensor | None, bool]:
    """(ink, grayscale, on_paper) with the longest side about WORK_SIZE; ink is 1 where the pen was.

    Alpha is the ink where it varies; otherwise a light background (paper) is inverted.
    A big photo is averaged a little and then max-pooled in ink space, so a thin pen
    stroke keeps its full darkness instead of fading to gray as plain downscaling would.
    """
    factor = max(image.size) / WORK_SIZE
    if factor <= 2.5:
        return _ink_from(_shrink(image))
    average = max(1, int(factor // 3))
    reduced = image.reduce(average) if average > 1 else image
    if reduced.mode == "LA" and reduced.getextrema()[1][0] < 250:  # drawn in transparency
        return _ink_from(_shrink(image))
    pixels = torch.from_numpy(np.array(reduced.convert("L")))  # (H, W) uint8
    pool = min(math.ceil(max(pixels.shape) / WORK_SIZE), min(pixels.shape))  # never pool an axis away
    h, w = (pixels.shape[0] // pool) * pool, (pixels.shape[1] // pool) * pool  # drop a sliver at the edge
    blocks = pixels[:h, :w].reshape(h // pool, pool, w // pool, pool)
    paper = _border_median(pixels) > 127  # judged on real pixels (uint8), not on pooled extremes
    # one axis at a time: twice as fast as amin over (1, 3) at once
    ink = 1 - blocks.amin(dim=3).amin(dim=1).float() / 255 if paper else blocks.amax(dim=3).amax(dim=1).float() / 255
    gray = blocks.float().mean(dim=(1, 3)) / 255 if want_gray else None  # only shown, never used
    return ink, gray, paper


def _shrink(image: Image.Image) -> Image.Image:
    """Downscale (never up) so the longest side is WORK_SIZE; BOX keeps thin strokes' ink mass."""
    scale = WORK_SIZE / max(image.size)
    if scale >= 1:
        return image
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.BOX)


def _ink_from(image: Image.Image) -> tuple[torch.Tensor, torch.Tensor, bool]:
    pixels = torch.from_numpy(np.asarray(image, dtype=np.float32) / 255.0)
    if pixels.ndim == 3:  # "LA"
        gray, alpha = pixels[..., 0], pixels[..., 1]
        if alpha.min() < 0.98:  # a transparent background: the drawing is where alpha is
            return alpha, gray * alpha, False
    else:
        gray = pixels
    paper = _border_median(gray) > 0.5
    return (1 - gray if paper else gray), gray, paper


def _border_median(x: torch.Tensor) -> float:  # 0..1 floats or 0..255 bytes alike
    """Brightness of the background, read from a frame around the image (the digit is inside)."""
    h, w = x.shape
    b = max(1, min(h, w) // 20)
    frame = torch.cat([x[:b].flatten(), x[-b:].flatten(), x[:, :b].flatten(), x[:, -b:].flatten()])
    return frame.median().item()


def _clean(ink: torch.Tensor, paper: bool = False) -> torch.Tensor:
    """Remove uneven lighting, shadows, paper edges, ruled lines and texture; keep the strokes."""
    x = ink[None, None]  # (1, 1, H, W)
    background = _background(x)
    x = (x - background).clamp(min=0)
    if paper:  # photos and scans: texture, grain, rules and table edges that a canvas never has
        x = median3x3((x - _ruled_lines(x)).clamp(min=0))
        x = _without_border_ink(x[0, 0])[None, None]
    x = x[0, 0]
    x = (x - x.median()).clamp(min=0)  # ink is sparse, so the median is what is left of the paper
    flat = x.flatten()
    peak = flat.kthvalue(max(1, int(0.998 * flat.numel()))).values.item()  # brightest ink, not one hot pixel
    if peak < 0.12:  # nothing stands out from the background
        raise ImageError("errors.no_digit")
    x = (x / peak).clamp(max=1.0)
    threshold = max(_otsu(x), 0.25)  # texture and faint smudges fall below it
    x = torch.where(x >= threshold, x, torch.zeros_like(x))
    mask = (x > 0).float()[None, None]
    coherent = (median3x3(mask) > 0.5).float() * mask  # stroke pixels have mostly ink around them
    if coherent.sum() < 0.5 * mask.sum():  # scattered "ink": noise or texture, not pen strokes
        raise ImageError("errors.no_digit")
    return x


def _background(x: torch.Tensor) -> torch.Tensor:
    """Paper and lighting without the strokes: an opening wider than any stroke. Computed at
    half resolution (4× cheaper) with min-pooling, so it never rises above the true paper."""
    half = -F.max_pool2d(-x, 2, ceil_mode=True)
    k = max(3, min(half.shape[-2:]) // 5) | 1
    opened = dilate(erode(half, k), k)
    return F.interpolate(opened, scale_factor=2, mode="nearest")[..., :x.shape[-2], :x.shape[-1]]


def _without_border_ink(x: torch.Tensor) -> torch.Tensor:
    """Drop ink connected to the photo's edge: the table, the paper's edge, a shadow's rim.
    A digit is written inside the page; if it is all there is at the edge, keep it."""
    mask = x > 0.3 * x.max()
    seed = torch.zeros_like(mask)
    seed[0, :], seed[-1, :], seed[:, 0], seed[:, -1] = mask[0, :], mask[-1, :], mask[:, 0], mask[:, -1]
    touching = connected(seed, mask)
    kept = torch.where(touching, torch.zeros_like(x), x)
    return kept if kept.sum() > 0.05 * x.sum() else x


def _ruled_lines(x: torch.Tensor) -> torch.Tensor:
    """Notebook rules: rows inked across three quarters of the page while the rows 3 px above
    and below are not, i.e. thin lines running edge to edge. A digit's bar is never that long."""
    quarter = max(1, x.shape[-1] // 4)
    rows = x.kthvalue(quarter, dim=-1, keepdim=True).values  # (1, 1, H, 1): ink over 3/4 of the row
    padded = F.pad(rows, (0, 0, 3, 3))
    neighbours = torch.maximum(padded[..., :-6, :], padded[..., 6:, :])
    thin = rows > 2 * neighbours + 0.05
    return torch.where(thin, rows, torch.zeros_like(rows)).expand_as(x)


def _even_strokes(crop: torch.Tensor, target: float = 0.12) -> torch.Tensor:
    """Bring the pen width near MNIST's (about 12% of the digit's size): thicken a thin pen,
    thin a marker, so a photo of a ballpoint digit looks like MNIST to the network."""
    mask = (crop > 0.35).float()[None, None]
    area = mask.sum().item()
    if area == 0:
        return crop
    boundary = area - erode(mask, 3).sum().item()
    width = 2 * area / max(boundary, 1.0)  # area ≈ width × length, boundary ≈ 2 × length
    wanted = target * max(crop.shape)
    x = crop[None, None]
    if width < 0.75 * wanted:
        r = round((wanted - width) / 2)
        if r >= 1:
            x = dilate(F.pad(x, (r, r, r, r)), 2 * r + 1)
    elif width > 1.8 * wanted:
        r = min(round((width - 1.3 * wanted) / 2), int(width / 3))
        if r >= 1:
            x = erode(x, 2 * r + 1)
            return _crop_to_ink(x[0, 0]) if x.sum() > 0 else crop
    return x[0, 0]


def _otsu(x: torch.Tensor, bins: int = 64) -> float:
    """The threshold that best separates background from ink (Otsu, 1979)."""
    hist = torch.histc(x, bins=bins, min=0.0, max=1.0)
    p = hist / hist.sum()
    centres = (torch.arange(bins) + 0.5) / bins
    w0 = torch.cumsum(p, 0)
    m0 = torch.cumsum(p * centres, 0)
    between = (m0[-1] * w0 - m0) ** 2 / (w0 * (1 - w0)).clamp(min=1e-9)
    return max(centres[int(between.argmax())].item(), 0.05)


def _crop_to_ink(ink: torch.Tensor) -> torch.Tensor:
    """Cut to the digit's bounding box, leaving out specks and smudges set apart from it."""
    if ink.sum() <= 0:
        raise ImageError("errors.no_digit")
    rows, cols = _span(ink.sum(1)), _span(ink.sum(0))
    return ink[rows[0]:rows[1] + 1, cols[0]:cols[1] + 1]


def _span(mass: torch.Tensor, min_share: float = 0.1) -> tuple[int, int]:
    """First and last index of the ink along one axis. The profile is split where a gap of
    8% of the axis has no ink; pieces holding under 10% of the ink (a speck) are dropped."""
    filled = torch.nonzero(mass > 0).flatten()
    gap = max(2, int(0.08 * len(mass)))
    breaks = torch.nonzero(filled[1:] - filled[:-1] > gap).flatten()
    starts = torch.cat([filled[:1], filled[breaks + 1]])
    ends = torch.cat([filled[breaks], filled[-1:]])
    shares = torch.stack([mass[s:e + 1].sum() for s, e in zip(starts, ends)]) / mass.sum()
    kept = shares >= min(min_share, shares.max().item())
    return int(starts[kept].min()), int(ends[kept].max())


def _fit_longest_side(crop: torch.Tensor, size: int) -> torch.Tensor:
    """Scale so the longer side is `size` px, keeping the aspect ratio (a 1 stays thin)."""
    h, w = crop.shape
    scale = size / max(h, w)
    new = (max(1, round(h * scale)), max(1, round(w * scale)))
    out = F.interpolate(crop[None, None], size=new, mode="bilinear", antialias=True, align_corners=False)
    return out[0, 0].clamp(0, 1)


def _paste_by_centre_of_mass(digit: torch.Tensor, size: int) -> torch.Tensor:
    """Place the digit in a size×size canvas with its centre of mass at the centre, as MNIST did."""
    h, w = digit.shape
    total = digit.sum().clamp(min=1e-9)
    cy = (digit.sum(1) * torch.arange(h)).sum() / total
    cx = (digit.sum(0) * torch.arange(w)).sum() / total
    top = int(round(size / 2 - 0.5 - cy.item()))
    left = int(round(size / 2 - 0.5 - cx.item()))
    top, left = min(max(top, 0), size - h), min(max(left, 0), size - w)  # keep all the ink inside
    canvas = torch.zeros(size, size)
    canvas[top:top + h, left:left + w] = digit
    return canvas
