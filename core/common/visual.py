"""Small image helpers for showing tensors to people: crisp upscaling and heat-map overlays."""

from __future__ import annotations

import base64
import io

import numpy as np
import torch
from PIL import Image


def to_uint8(x: torch.Tensor | np.ndarray) -> np.ndarray:
    """0..1 floats -> 0..255 uint8."""
    array = x.detach().cpu().numpy() if isinstance(x, torch.Tensor) else np.asarray(x, dtype=np.float32)
    return (np.clip(array, 0, 1) * 255).round().astype(np.uint8)


def png_bytes(picture: np.ndarray) -> bytes:
    """A uint8 (H, W) or (H, W, 3) array as a PNG file, e.g. digit.png for a page's code to read."""
    out = io.BytesIO()
    Image.fromarray(picture).save(out, "PNG")
    return out.getvalue()


def png_data_uri(image: np.ndarray) -> str:
    """The same PNG inline as a `data:` URI, for HTML that carries its own pictures."""
    return "data:image/png;base64," + base64.b64encode(png_bytes(image)).decode("ascii")


def upscale(image: np.ndarray, factor: int) -> np.ndarray:
    """Nearest-neighbour enlargement: every pixel becomes a factor×factor block, so 28×28 stays pixelated."""
    return np.kron(image, np.ones((factor, factor) + (1,) * (image.ndim - 2), dtype=image.dtype))


def square_tile(image: np.ndarray, size: int) -> np.ndarray:
    """A size×size tile for a strip of steps: the image centred on black, shrunk or crisply enlarged."""
    h, w = image.shape[:2]
    if max(h, w) > size:  # shrink by sampling: a preview only, so speed beats smoothness
        step = max(h, w) / size
        image = image[np.ix_((np.arange(int(h / step)) * step).astype(int), (np.arange(int(w / step)) * step).astype(int))]
    else:
        image = upscale(image, size // max(h, w))
    h, w = image.shape[:2]
    tile = np.zeros((size, size), dtype=image.dtype)
    top, left = (size - h) // 2, (size - w) // 2
    tile[top:top + h, left:left + w] = image
    return tile


def heat_overlay(unit: torch.Tensor, heat: torch.Tensor, strength: float = 0.6) -> np.ndarray:
    """(H, W, 3) uint8: the digit in gray with a heat map (transparent → red → yellow) laid over it."""
    gray = unit.clamp(0, 1)[..., None].repeat(1, 1, 3) * 0.55  # (H, W, 3), the digit dimmed
    h = heat.clamp(0, 1)
    colour = torch.stack([torch.ones_like(h), (2 * h - 1).clamp(0, 1), torch.zeros_like(h)], dim=-1)
    alpha = (h * strength)[..., None]
    return to_uint8(gray * (1 - alpha) + colour * alpha)
