"""Real photos to transform, shipped inside scikit-image (no download), plus dataset samples and uploads."""

from __future__ import annotations

from functools import cache

import numpy as np
from PIL import Image

from core.common.image_io import load_rgb_image

PHOTOS = ("astronaut", "coffee", "chelsea", "rocket")  # skimage.data functions: public-domain pictures
MAX_SIDE = 512  # a photo larger than this is shrunk first: transforms stay interactive on 2 cores


@cache
def bundled_photo(name: str) -> Image.Image:
    """One of scikit-image's sample photos as an RGB PIL image."""
    if name not in PHOTOS:
        raise ValueError(f"Unknown photo {name!r}; choose one of: {', '.join(PHOTOS)}.")
    import skimage.data  # imported here: scikit-image is only needed once a photo is asked for

    return _fit(Image.fromarray(getattr(skimage.data, name)()))


def uploaded_photo(source) -> Image.Image:
    """An upload through core.common.image_io's checks (empty, not an image, truncated, decompression bomb)."""
    return _fit(load_rgb_image(source))


def dataset_picture(pixels) -> Image.Image:
    """A (C, H, W) uint8 tensor from core.data.loading as the PIL image torchvision's datasets hand a transform."""
    array = np.asarray(pixels.permute(1, 2, 0))  # (H, W, C)
    return Image.fromarray(array[:, :, 0], "L") if array.shape[2] == 1 else Image.fromarray(array, "RGB")


def _fit(image: Image.Image) -> Image.Image:
    if max(image.size) > MAX_SIDE:
        image = image.copy()
        image.thumbnail((MAX_SIDE, MAX_SIDE))
    return image
