"""Open any image a person might upload, safely, as a PIL image in mode "L" or "LA".

Refuses with a readable ImageError (never a traceback): empty files, non-images,
truncated files and decompression bombs. Converts 16-bit, CMYK, palette, LA and
RGBA images, takes the first frame of a GIF and honours EXIF orientation.
"""

from __future__ import annotations

import io
import math
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from core.common.i18n import LocalizedError

MAX_PIXELS = 40_000_000  # 40 megapixels: more than any phone photo, far below a decompression bomb


class ImageError(LocalizedError, ValueError):
    """The upload is not an image TorchLab can read; the message says why. When the preprocessing
    refused it, `steps` holds the steps it got through (the last one is where the digit was lost)."""

    steps: list = []  # core.vision.preprocess.Step, filled in by preprocess(keep_steps=True)


def load_image(source) -> Image.Image:
    """bytes, a path, a file-like object or a PIL image -> an "L" or "LA" PIL image, fully decoded."""
    return _to_gray(_decoded(source, "L"))


def load_rgb_image(source) -> Image.Image:
    """The same checks, but colour kept: an upright "RGB" image, for models that see 3 channels."""
    image = _upright(_decoded(source, "RGB"))
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        return _to_gray(image).convert("RGB")  # 16-bit and float pixels: scaled to 8 bits first
    return image.convert("RGB")


def _decoded(source, mode: str) -> Image.Image:
    if isinstance(source, Image.Image):
        return source
    data = _read_bytes(source)
    if not data:
        raise ImageError("errors.image_empty")
    return _open(data, mode)


def _read_bytes(source) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    if isinstance(source, (str, Path)):
        try:
            return Path(source).read_bytes()
        except OSError as exc:
            raise ImageError("errors.image_unreadable_file", path=source, reason=exc.strerror) from exc
    if hasattr(source, "getvalue"):  # Streamlit's UploadedFile, io.BytesIO
        return source.getvalue()
    return source.read()


def _open(data: bytes, mode: str = "L") -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            width, height = image.size  # read from the header, before any pixel is decoded
            if width * height > MAX_PIXELS:
                raise ImageError("errors.image_too_large", width=width, height=height,
                                 limit=MAX_PIXELS // 1_000_000)
            image.seek(0)  # GIF, WebP, TIFF: the first frame
            _decode_smaller_if_jpeg(image, mode)
            image.load()
        except ImageError:
            raise  # our own refusal above, not a decoding failure
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageError("errors.image_bomb", limit=MAX_PIXELS // 1_000_000) from exc
        except UnidentifiedImageError as exc:
            raise ImageError("errors.image_not_image") from exc
        except (OSError, SyntaxError, ValueError, EOFError) as exc:  # truncated or corrupt pixel data
            raise ImageError("errors.image_truncated") from exc
    return image


def _decode_smaller_if_jpeg(image: Image.Image, mode: str, keep: int = 1024) -> None:
    """A 12 MP phone photo needs ~1000 px for a 28×28 digit: let the JPEG decoder scale
    by 1/2, 1/4 or 1/8 while decoding (several times faster), keeping the long side ≥ keep."""
    if image.format == "JPEG" and max(image.size) > 2 * keep:
        scale = keep / max(image.size)
        image.draft(mode, (math.ceil(image.width * scale), math.ceil(image.height * scale)))


def _upright(image: Image.Image) -> Image.Image:
    """Turned as the camera's EXIF orientation says."""
    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # a broken EXIF block must not cost the picture
        return image


def _to_gray(image: Image.Image) -> Image.Image:
    """Any mode -> "L" (or "LA" when transparency carries the drawing), upright per EXIF."""
    image = _upright(image)
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        pixels = np.asarray(image, dtype=np.float64)
        top = 65535.0 if image.mode.startswith("I;16") or pixels.max() > 255 else 255.0
        return Image.fromarray(np.clip(pixels / top * 255.0, 0, 255).astype(np.uint8), "L")
    if image.mode == "P" or image.mode == "PA":
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "La", "RGBa"):
        return image.convert("LA")
    return image.convert("L")  # RGB, CMYK, YCbCr, 1, L
