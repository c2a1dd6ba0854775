"""An upload for the Transforms page together with the size it came in, so the page can say
what it shrank (core.lessons.sample_photos keeps pictures under MAX_SIDE for speed, silently)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

from core.lessons.sample_photos import uploaded_photo


@dataclass(frozen=True)
class FittedUpload:
    image: Image.Image  # RGB, at most MAX_SIDE on its longer side
    original: tuple[int, int]  # (width, height) of the upright picture as uploaded

    @property
    def shrunk(self) -> bool:
        return self.image.size != self.original


def fit_upload(source) -> FittedUpload:
    """The upload through core.common.image_io's checks (not an image, truncated, bomb), shrunk to MAX_SIDE."""
    data = source.getvalue() if hasattr(source, "getvalue") else bytes(source)
    image = uploaded_photo(data)
    with Image.open(io.BytesIO(data)) as header:  # the size before a JPEG is decoded at a fraction
        width, height = header.size
    if (width > height) != (image.width > image.height) and width != height:
        width, height = height, width  # the EXIF orientation turned it upright
    return FittedUpload(image, (width, height))

