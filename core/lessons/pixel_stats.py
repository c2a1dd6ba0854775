"""What a transform's output looks like to a person: a displayable picture, its values, dataset statistics."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image

from core.data.statistics import dataset_mean_std  # noqa: F401  (the page shows them too)


@dataclass(frozen=True)
class PictureFacts:
    kind: str  # "pil" or "tensor"
    shape: tuple[int, ...]  # PIL: (width, height); tensor: (C, H, W)
    mode: str  # PIL mode or tensor dtype
    low: float
    high: float
    rescaled: bool  # values left 0..1 (or 0..255) and were stretched for display


def as_tensor(picture) -> torch.Tensor:
    """PIL or tensor -> (C, H, W), values as they are (uint8 stays uint8)."""
    if isinstance(picture, Image.Image):
        array = np.array(picture)
        return torch.from_numpy(array).unsqueeze(0) if array.ndim == 2 else torch.from_numpy(array).permute(2, 0, 1)
    return picture.as_subclass(torch.Tensor)


def displayable(picture) -> tuple[np.ndarray, PictureFacts]:
    """(H, W) or (H, W, 3) uint8 for st.image, and the facts a caption states."""
    if isinstance(picture, Image.Image):
        array = np.asarray(picture)
        if array.dtype == np.uint8:  # a photo as it is: no round trip through a (C, H, W) tensor and back
            low, high = (float(array.min()), float(array.max())) if array.size else (0.0, 0.0)
            shown = array if array.ndim == 2 else (array[:, :, 0] if array.shape[2] == 1 else array[:, :, :3])
            return shown, PictureFacts("pil", picture.size, picture.mode, low, high, False)
    x = as_tensor(picture)
    low, high = (float(v) for v in torch.aminmax(x.flatten())) if x.numel() else (0.0, 0.0)  # one pass
    if isinstance(picture, Image.Image):
        facts = PictureFacts("pil", picture.size, picture.mode, low, high, False)
    else:
        facts = PictureFacts("tensor", tuple(x.shape), str(x.dtype).replace("torch.", ""), low, high,
                             x.is_floating_point() and (low < 0 or high > 1))
    if x.dtype != torch.uint8:
        x = x.float()
        if facts.rescaled:
            x = (x - low) / max(high - low, 1e-8)  # stretched: normalised values span about −2…2
        x = (x.clamp(0, 1) * 255).round().to(torch.uint8)
    array = x.permute(1, 2, 0).numpy()  # (H, W, C)
    return (array[:, :, 0] if array.shape[2] == 1 else array[:, :, :3]), facts


def channel_values(picture, limit: int = 20000) -> list[np.ndarray]:
    """Each channel's pixel values as floats (0..1 for 8-bit pictures), thinned to `limit` for a histogram."""
    x = as_tensor(picture)
    x = x.float() / 255 if x.dtype == torch.uint8 else x.float()
    flat = x.flatten(1)  # (C, H*W)
    stride = max(1, flat.shape[1] // limit)
    return [row[::stride].numpy() for row in flat]


def montage(images: torch.Tensor, columns: int, gap: int = 2, scale: int = 2) -> np.ndarray:
    """(N, C, H, W) uint8 -> one (rows·H, columns·W) picture with white gaps, each pixel scale×scale."""
    n, c, h, w = images.shape
    rows = max(1, -(-n // columns))
    sheet = torch.full((c, rows * (h + gap) - gap, columns * (w + gap) - gap), 255, dtype=torch.uint8)
    for i, image in enumerate(images):
        top, left = (i // columns) * (h + gap), (i % columns) * (w + gap)
        sheet[:, top:top + h, left:left + w] = image
    sheet = sheet.repeat_interleave(scale, 1).repeat_interleave(scale, 2)  # (C, rows·H·scale, columns·W·scale)
    array = sheet.permute(1, 2, 0).numpy()
    return array[:, :, 0] if c == 1 else array
