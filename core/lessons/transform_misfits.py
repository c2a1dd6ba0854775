"""Augmentations that are wrong for the data, though torchvision runs them without a word.

A horizontal flip is right for a cat and wrong for a 7 (nobody writes a mirrored 7, and the model is
taught that one is a 7 all the same); a 6 turned by 180° is a 9; a small RandomResizedCrop can cut a
digit away and keep its label; saturation and hue do nothing to a 1-channel picture; another dataset's
mean and std leave the pixels off-centre. `misfits` finds them for one kind of picture, `damaged` shows
the harm on the picture itself, and `read_digit` says what a digit model reads there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from PIL import Image

from core.common.threads import one_thread
from core.data.datasets import DATASETS
from core.data.normalization import input_normalization
from core.data.pipeline import arguments

IMAGENET = ((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))  # torchvision's pretrained models' statistics
CROP_DRAWS = 200  # RandomResizedCrop boxes drawn to measure how much of a digit they keep
LOST = 0.5  # a crop that keeps less than half of the digit's ink has lost the digit
LOST_SHARE = 0.05  # warn when at least this share of the crops loses the digit


@dataclass(frozen=True)
class PictureKind:
    """What a picture shows, as far as augmentation cares."""

    name: str  # digits, clothes, objects, photo: the catalog's word for it
    title: str  # whose statistics fit it: "MNIST", ..., "ImageNet" (photos)
    mean: tuple[float, ...]  # per-channel statistics of such pictures
    std: tuple[float, ...]
    mirrors: bool  # a left-right mirror image is still a true example of its class
    turn_limit: float  # degrees: turned further, a picture shows something its label does not say
    ink: bool  # bright strokes on black: a crop can keep the label and lose the thing


def _dataset_kind(name: str, dataset: str, **facts) -> PictureKind:
    spec = DATASETS[dataset]
    return PictureKind(name, spec.title, tuple(spec.mean), tuple(spec.std), **facts)


KINDS = {kind.name: kind for kind in (
    # MNIST's test digits: turned by ±30° the shipped model still reads 90% of 2,000, by ±45° 70%
    _dataset_kind("digits", "mnist", mirrors=False, turn_limit=30.0, ink=True),
    _dataset_kind("clothes", "fashion-mnist", mirrors=True, turn_limit=90.0, ink=False),
    _dataset_kind("objects", "cifar10", mirrors=True, turn_limit=90.0, ink=False),
    PictureKind("photo", "ImageNet", *IMAGENET, mirrors=True, turn_limit=90.0, ink=False),
)}
DATASET_KINDS = {"mnist": "digits", "fashion-mnist": "clothes", "cifar10": "objects"}
NAMED_STATS = {"ImageNet": IMAGENET} | {s.title: (tuple(s.mean), tuple(s.std)) for s in DATASETS.values()}


def picture_kind(dataset: str | None) -> PictureKind:
    """The kind of a picture from `dataset` (a built-in's name); photos, uploads and folders are photos."""
    return KINDS[DATASET_KINDS.get(dataset or "", "photo")]


@dataclass(frozen=True)
class Misfit:
    index: int  # the step's number on the page (1-based)
    key: str  # catalog key of the sentence that says what goes wrong
    params: dict
    damage: tuple | None = None  # ("hflip",), ("vflip",), ("rotate", degrees, fill), ("crop", top, left, h, w)


def misfits(steps: list, kind: PictureKind, picture=None, only: int | None = None) -> list[Misfit]:
    """Each step that is wrong for `kind` of picture, in page order (`only`: just step number `only`).
    With the picture (PIL), a RandomResizedCrop on a digit is measured on it: how many crops lose the digit."""
    found = []
    channels = _channels(picture, kind)
    for index, (name, params) in enumerate(steps, start=1):
        args = arguments(name, params)
        if only is None or only == index:
            found += _step_misfits(index, name, args, kind, channels, picture)
        if name == "Grayscale":
            channels = args.get("num_output_channels", 1)
    return found


def _channels(picture, kind: PictureKind) -> int:
    if isinstance(picture, Image.Image):
        return 1 if picture.mode in ("L", "1", "I", "F") else 3
    return len(kind.mean)


def _step_misfits(index: int, name: str, args: dict, kind: PictureKind, channels: int, picture) -> list[Misfit]:
    if name == "RandomHorizontalFlip" and args.get("p", 0.5) > 0 and not kind.mirrors:
        return [Misfit(index, "transforms.misfit.hflip_digits", {"index": index}, ("hflip",))]
    if name == "RandomVerticalFlip" and args.get("p", 0.5) > 0:
        key = "transforms.misfit.vflip_digits" if kind.ink else "transforms.misfit.vflip_upright"
        return [Misfit(index, key, {"index": index}, ("vflip",))]
    if name in ("RandomRotation", "RandomAffine") and abs(degrees := _furthest(args["degrees"])) > kind.turn_limit:
        key = "transforms.misfit.turn_digits" if kind.ink else "transforms.misfit.turn_upright"
        return [Misfit(index, key, {"index": index, "step": name, "degrees": f"{abs(degrees):g}",
                                    "limit": f"{kind.turn_limit:g}"}, ("rotate", degrees, args.get("fill", 0)))]
    if name == "ColorJitter" and channels == 1 and (args.get("saturation") or args.get("hue")):
        return [Misfit(index, "transforms.misfit.jitter_gray", {"index": index})]
    if name == "Grayscale" and channels == 1:
        key = "gray_three" if args.get("num_output_channels", 1) == 3 else "gray_gray"
        return [Misfit(index, f"transforms.misfit.{key}", {"index": index})]
    if name == "Normalize":
        return _normalize_misfit(index, args, kind)
    if name == "RandomResizedCrop" and kind.ink and isinstance(picture, Image.Image):
        return _crop_misfit(index, args, picture)
    return []


def _furthest(degrees) -> float:
    """The furthest turn torchvision may draw: degrees=d is [−d, d], a pair (low, high) is itself."""
    if isinstance(degrees, (int, float)):
        return float(degrees)
    return float(max(degrees, key=abs))


def _normalize_misfit(index: int, args: dict, kind: PictureKind) -> list[Misfit]:
    """Another dataset's statistics: the data's pixels come out off-centre, (m − m′)/s′ and s/s′ per channel."""
    mean, std = tuple(args["mean"]), tuple(args["std"])
    source = next((title for title, (m, s) in NAMED_STATS.items() if _close(m, mean) and _close(s, std)), None)
    if source is None or source == kind.title or min(std) <= 0:
        return []
    channels = max(len(mean), len(kind.mean))
    pick = lambda values, c: values[c % len(values)]  # noqa: E731  one value stands for every channel
    out_mean = [(pick(kind.mean, c) - pick(mean, c)) / pick(std, c) for c in range(channels)]
    out_std = [pick(kind.std, c) / pick(std, c) for c in range(channels)]
    if max(abs(m) for m in out_mean) < 0.25 and all(0.75 < s < 1.33 for s in out_std):
        return []  # close enough: CIFAR-10's statistics on a photo, say
    numbers = lambda values: ", ".join(f"{v:.2f}" for v in values)  # noqa: E731
    key = "transforms.misfit.normalize_photo" if kind.name == "photo" else "transforms.misfit.normalize_stats"
    return [Misfit(index, key, {"index": index, "source": source, "data": kind.title, "out_mean": numbers(out_mean),
                                "out_std": numbers(out_std), "mean": numbers(kind.mean), "std": numbers(kind.std)})]


def _close(a: tuple, b: tuple) -> bool:
    return len(a) == len(b) and all(math.isclose(x, y, abs_tol=1e-4) for x, y in zip(a, b))


def _crop_misfit(index: int, args: dict, picture: Image.Image) -> list[Misfit]:
    kept, box = crop_ink_kept(picture, args.get("scale", (0.08, 1.0)), args.get("ratio", (3 / 4, 4 / 3)))
    if not kept:
        return []
    lost = sum(k < LOST for k in kept) / len(kept)
    if lost < LOST_SHARE:
        return []
    return [Misfit(index, "transforms.misfit.crop_digits",
                   {"index": index, "low": f"{args.get('scale', (0.08, 1.0))[0]:g}", "share": f"{lost:.0%}",
                    "draws": len(kept), "worst": f"{min(kept):.0%}"}, ("crop", *box))]


def crop_ink_kept(picture: Image.Image, scale, ratio, draws: int = CROP_DRAWS,
                  seed: int = 0) -> tuple[list[float], tuple[int, int, int, int]]:
    """The share of the picture's ink inside each of `draws` RandomResizedCrop boxes (torchvision's own
    get_params), and the box that keeps least (top, left, height, width); ([], …) for a blank picture."""
    from torchvision.transforms import RandomResizedCrop  # v1's static get_params: the same boxes as v2 draws

    ink = torch.as_tensor(_gray(picture), dtype=torch.float64)  # (H, W): strokes bright, paper 0
    total = float(ink.sum())
    if total == 0:
        return [], (0, 0, *ink.shape)
    kept, worst = [], None
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        for _ in range(draws):
            top, left, height, width = RandomResizedCrop.get_params(ink, list(scale), list(ratio))
            share = float(ink[top:top + height, left:left + width].sum()) / total
            if worst is None or share < min(kept):
                worst = (top, left, height, width)
            kept.append(share)
    return kept, worst


def _gray(picture: Image.Image):
    import numpy as np

    return np.array(picture.convert("L"))  # (H, W) uint8, a copy torch may own


def damaged(picture: Image.Image, misfit: Misfit) -> Image.Image | None:
    """The picture as the misfit step can leave it (mirrored, turned its furthest, its worst crop)."""
    from torchvision.transforms.v2 import functional as F

    if misfit.damage is None:
        return None
    what, *values = misfit.damage
    if what == "hflip":
        return F.horizontal_flip(picture)
    if what == "vflip":
        return F.vertical_flip(picture)
    if what == "rotate":
        degrees, fill = values
        return F.rotate(picture, degrees, fill=fill)
    top, left, height, width = values
    return F.resized_crop(picture, top, left, height, width, [picture.height, picture.width])


@torch.no_grad()
def read_digit(picture: Image.Image, model: torch.nn.Module) -> tuple[int, float]:
    """(digit, probability) a 28×28-input digit model reads in a picture, fed as it was trained."""
    gray = picture.convert("L")
    if gray.size != (28, 28):
        gray = gray.resize((28, 28), Image.Resampling.BILINEAR)
    x = torch.as_tensor(_gray(gray), dtype=torch.float32).div(255).view(1, 1, 28, 28)  # (N, C, H, W)
    (mean,), (std,) = input_normalization(model)
    with one_thread():
        probs = torch.softmax(model.eval()((x - mean) / std).float(), dim=1)[0]  # (10,)
    return int(probs.argmax()), float(probs.max())
