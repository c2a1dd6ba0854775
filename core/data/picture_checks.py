"""What may go into a picture set: class names that are safe folder names, and pictures re-encoded safely.

Also the limits a set keeps to (classes, pictures per class, megabytes) and the check of them.
A class name becomes a folder on the server and a label in the model, so it is checked, never
mapped: letters and digits of any script, spaces, '-' and '_' only, 1 to 40 of them; anything
else is refused with a message that names the characters. A picture is decoded with
core.common.image_io's checks (not an image, damaged, a decompression bomb, over 40 megapixels),
refused when too small or too thin to learn from, and kept as a PNG at most 512 px long: never
the uploaded bytes.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass

from PIL import Image

from core.common.host_limits import host_limits
from core.common.i18n import LocalizedError
from core.common.image_io import load_rgb_image
from core.data.image_folder import IGNORED

NAME_LIMIT = 40  # characters of a class name: a label on a chart, not a sentence
NAME_EXTRAS = " -_"  # besides letters, digits and combining marks (any script)
MAX_SIDE = 512  # the longer side a picture is kept at: twice what a 224-pixel model crops from
MIN_SIDE = 8  # the shorter side below which a picture holds nothing to learn from
MIN_CLASSES, MAX_CLASSES = 2, 10  # fewer is no classification; more is more than a class project needs


class PictureSetError(LocalizedError, ValueError):
    """A picture set cannot do what was asked; the message says why and what to do."""


@dataclass(frozen=True)
class SetLimits:
    per_class: int  # pictures in one class (TORCHLAB_SET_MAX_PER_CLASS)
    total_mb: int  # megabytes of one whole set on the server's disk (TORCHLAB_SET_MAX_MB)

    @classmethod
    def of_host(cls) -> SetLimits:
        limits = host_limits()
        return cls(limits.set_max_per_class, limits.set_max_mb)


def check_room(limits: SetLimits, have: dict, adding: dict, have_bytes: int, new_bytes: int) -> None:
    """Refuse, naming the class, pictures past the per-class limit, or bytes past the set's."""
    for name, count in adding.items():
        if have.get(name, 0) + count > limits.per_class:
            raise PictureSetError("errors.set_class_full", name=name, have=have.get(name, 0), adding=count,
                                  limit=limits.per_class)
    if have_bytes + new_bytes > limits.total_mb * 2**20:
        raise PictureSetError("errors.set_full", size=round((have_bytes + new_bytes) / 2**20, 1),
                              limit=limits.total_mb)


def check_class_name(name: str) -> str:
    """The name as it will be kept (NFC, no outer spaces), or a PictureSetError saying what is wrong."""
    name = unicodedata.normalize("NFC", str(name)).strip()
    if not name:
        raise PictureSetError("errors.set_class_no_name")
    if len(name) > NAME_LIMIT:
        raise PictureSetError("errors.set_class_long", name=name[:NAME_LIMIT] + "…", limit=NAME_LIMIT)
    odd = [c for c in dict.fromkeys(name) if not _allowed(c)]
    if odd:
        raise PictureSetError("errors.set_class_chars", name=_printable(name), chars=" ".join(map(_shown, odd)))
    if name in IGNORED:  # a folder ImageFolder readers skip (macOS's zip leftovers)
        raise PictureSetError("errors.set_class_reserved", name=name)
    return name


def _allowed(char: str) -> bool:
    return unicodedata.category(char)[0] in "LNM" or char in NAME_EXTRAS


def _shown(char: str) -> str:
    """A refused character as a reader can see it: “/”, or U+0009 for an invisible one."""
    return f"“{char}”" if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else "�" for c in text)


def clean_set_name(name: str, limit: int = 60) -> str:
    """A set's name is only shown, never a path: control characters dropped, spaces tidied."""
    name = " ".join("".join(c for c in str(name) if c.isprintable()).split())[:limit]
    if not name:
        raise PictureSetError("errors.set_no_name")
    return name


def picture_png(data) -> bytes:
    """Upload bytes (or a file) -> a checked PNG, its longer side at most MAX_SIDE; ImageError or
    PictureSetError when it cannot be a training picture."""
    picture = load_rgb_image(data)
    width, height = picture.size
    if min(width, height) < MIN_SIDE or min(width, height) * MAX_SIDE < max(width, height) * MIN_SIDE:
        raise PictureSetError("errors.set_picture_small", width=width, height=height, side=MIN_SIDE)
    if max(width, height) > MAX_SIDE:
        picture = picture.copy()
        picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)  # keeps proportions
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def thumbnail_png(path, side: int = 64) -> bytes:
    """A small copy of a kept picture for the page (a grid of full pictures would weigh megabytes)."""
    with Image.open(path) as picture:
        picture.thumbnail((side, side))
        out = io.BytesIO()
        picture.convert("RGB").save(out, "PNG")
    return out.getvalue()
