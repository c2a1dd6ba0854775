"""Sample picture sets for anybody without photos at hand: one click makes a set of their own to train on.

Two of the three are pictures nobody here made, shipped inside scikit-image (no download):
- textures: crops of scikit-image's brick, grass and gravel photos (512×512 each), at a random place,
  scale (96-256 px) and quarter turn. One photo per class, so validation crops overlap training
  crops: it shows how fast a net learns a texture, not whether it knows a brick wall it never saw.
- faces: the LFW subset scikit-image ships (Labeled Faces in the Wild, 100 face and 100 non-face
  pictures of 25×25 px, as published): different photos, so validation is honest.
- shapes: our own drawn circles, squares and triangles (core.data.shape_pictures), in random colours
  on random paper: the hardest of the three for a small net, as the shape is all there is to learn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from core.common.visual import png_bytes
from core.data.picture_sets import PictureSet, PictureSets
from core.data.shape_pictures import CLASSES as SHAPE_CLASSES
from core.data.shape_pictures import shape_picture

TEXTURE_CLASSES = ("brick", "grass", "gravel")
FACE_CLASSES = ("face", "not_face")


@dataclass(frozen=True)
class Sample:
    classes: tuple[str, ...]
    per_class: int  # pictures per class when the host's limit allows
    pictures: Callable[[str, int, np.random.Generator], Iterator[Image.Image]]  # (class, count, rng) -> pictures


def texture_pictures(name: str, count: int, rng: np.random.Generator, size: int = 128) -> Iterator[Image.Image]:
    """Crops of scikit-image's photo of `name`, each resized to size×size."""
    import skimage.data

    photo = getattr(skimage.data, name)()  # (512, 512) uint8
    for _ in range(count):
        side = int(rng.integers(96, 257))
        top, left = (int(v) for v in rng.integers(0, np.array(photo.shape) - side + 1))
        crop = Image.fromarray(photo[top:top + side, left:left + side]).resize((size, size), Image.Resampling.BILINEAR)
        yield crop.rotate(90 * int(rng.integers(4)))


def face_pictures(name: str, count: int, rng: np.random.Generator) -> Iterator[Image.Image]:
    """The LFW subset's first 100 pictures are faces, the last 100 are not (skimage.data.lfw_subset)."""
    import skimage.data

    published = skimage.data.lfw_subset()  # (200, 25, 25) floats in 0..1
    part = published[:100] if name == "face" else published[100:]
    for pixels in part[:count]:
        yield Image.fromarray((pixels * 255).round().astype(np.uint8))


def drawn_shapes(name: str, count: int, rng: np.random.Generator) -> Iterator[Image.Image]:
    for _ in range(count):
        yield shape_picture(name, 128, rng)


SAMPLES = {
    "textures": Sample(TEXTURE_CLASSES, 120, texture_pictures),
    "faces": Sample(FACE_CLASSES, 100, face_pictures),
    "shapes": Sample(SHAPE_CLASSES, 120, drawn_shapes),
}


def sample_pngs(name: str, per_class: int | None = None, seed: int = 0) -> dict[str, list[bytes]]:
    """class -> PNG files of the named sample, the same ones for the same seed."""
    sample, rng = SAMPLES[name], np.random.default_rng(seed)
    count = sample.per_class if per_class is None else per_class
    return {cls: [png_bytes(np.asarray(picture)) for picture in sample.pictures(cls, count, rng)]
            for cls in sample.classes}


def write_sample_folder(name: str, root: Path, per_class: int | None = None, seed: int = 0) -> Path:
    """root/<class>/<n>.png: the sample as a plain ImageFolder (benches, tests, the CLI); returns root."""
    for cls, pngs in sample_pngs(name, per_class, seed).items():
        (root / cls).mkdir(parents=True, exist_ok=True)
        for n, png in enumerate(pngs):
            (root / cls / f"{n:04d}.png").write_bytes(png)
    return root


def create_sample_set(store: PictureSets, owner: str, name: str, set_name: str) -> PictureSet:
    """A new set of the owner's filled with the named sample, at most the host's pictures per class.
    The limits refuse it whole (PictureSetError), leaving no half-made set behind."""
    per_class = min(SAMPLES[name].per_class, store.limits.per_class)
    found = store.create(owner, set_name)
    try:
        for cls, pngs in sample_pngs(name, per_class).items():
            store.add_class(owner, found.id, cls)
            store.add_pictures(owner, found.id, cls, [(f"{n}.png", png) for n, png in enumerate(pngs)])
    except BaseException:
        store.delete(owner, found.id)
        raise
    return store.get(owner, found.id)

