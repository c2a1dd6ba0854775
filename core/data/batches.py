"""Turn rows of a uint8 image tensor into a normalised (and maybe augmented) float batch.

Everything here works on whole batches on the training device: no per-sample
PIL decoding or Python loop in the hot path.
"""

from __future__ import annotations

import functools
import math

import torch
import torch.nn.functional as F

from core.data.datasets import DatasetSpec


@functools.lru_cache(maxsize=32)
def _mean_std(mean: tuple[float, ...], std: tuple[float, ...], device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
    """(1, C, 1, 1) tensors made once per device: copying a Python list to a GPU waits for its queue."""
    shape = (1, -1, 1, 1)
    return torch.tensor(mean, device=device).view(shape), torch.tensor(std, device=device).view(shape)


def normalize(x: torch.Tensor, spec: DatasetSpec) -> torch.Tensor:
    """(x - mean) / std per channel, as transforms.Normalize does, for a float batch in 0..1."""
    mean, std = _mean_std(tuple(spec.mean), tuple(spec.std), x.device)
    return (x - mean) / std


def normalize_uint8(images: torch.Tensor, spec: DatasetSpec) -> torch.Tensor:
    """ToTensor + Normalize in one pass: x / 255 / std - mean / std, one new float tensor."""
    mean, std = _mean_std(tuple(spec.mean), tuple(spec.std), images.device)
    return images.to(torch.float32).mul_(1 / (255 * std)).sub_(mean / std)


def to_unit_float(images: torch.Tensor) -> torch.Tensor:
    """uint8 0..255 -> float32 0..1, what transforms.ToTensor does."""
    return images.to(torch.float32).div_(255.0)


def random_affine(
    x: torch.Tensor,
    generator: torch.Generator,
    degrees: float = 12.0,
    translate: float = 0.12,
    scale: tuple[float, float] = (0.85, 1.15),
    shear: float = 0.25,
) -> torch.Tensor:
    """Rotate, scale, slant and shift each image of a (N, C, H, W) batch by its own random amount.

    The batched twin of transforms.RandomAffine: one affine_grid + grid_sample
    call for the whole batch. Empty space is filled with 0 (black background).
    `shear` is the horizontal slant (tan of the angle): handwriting leans.
    """
    n = x.shape[0]
    rand = lambda: torch.rand(n, generator=generator, device=x.device)  # noqa: E731
    angle = (rand() * 2 - 1) * math.radians(degrees)
    zoom = scale[0] + rand() * (scale[1] - scale[0])
    slant = (rand() * 2 - 1) * shear
    shift_x = (rand() * 2 - 1) * translate * 2  # grid coords span [-1, 1], i.e. 2 widths
    shift_y = (rand() * 2 - 1) * translate * 2
    cos, sin = torch.cos(angle) / zoom, torch.sin(angle) / zoom
    theta = torch.stack(
        [torch.stack([cos, -sin + slant * cos, shift_x], 1), torch.stack([sin, cos + slant * sin, shift_y], 1)], 1
    )  # (N, 2, 3): rotation·scale·shear, mapping output pixel coords to input coords
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


def random_pen_width(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """A third of the digits drawn with a thicker pen, a third thinner (2×2 grey dilation/erosion)."""
    padded = F.pad(x, (0, 1, 0, 1))
    thicker = F.max_pool2d(padded, 2, stride=1)
    thinner = -F.max_pool2d(-padded, 2, stride=1)
    choice = torch.randint(0, 3, (x.shape[0], 1, 1, 1), generator=generator, device=x.device)
    return torch.where(choice == 1, thicker, torch.where(choice == 2, thinner, x))


def random_resized_crop_flip(
    x: torch.Tensor, size: int, generator: torch.Generator, area: tuple[float, float] = (0.35, 1.0),
    ratio: tuple[float, float] = (3 / 4, 4 / 3),
) -> torch.Tensor:
    """RandomResizedCrop(size) + RandomHorizontalFlip for a whole (N, C, H, W) float batch at once.

    Each picture gets its own crop (a share `area` of it, of aspect `ratio`, anywhere inside it),
    scaled to size×size, and is mirrored half the time: one affine_grid + grid_sample call.
    The area starts at 35%, not torchvision's 8%: a few hundred pictures and a few epochs learn
    more from crops that still show most of the object.
    """
    n = x.shape[0]
    rand = lambda: torch.rand(n, generator=generator, device=x.device)  # noqa: E731
    share = area[0] + rand() * (area[1] - area[0])
    aspect = torch.exp(math.log(ratio[0]) + rand() * (math.log(ratio[1]) - math.log(ratio[0])))
    width, height = (share * aspect).sqrt().clamp(max=1), (share / aspect).sqrt().clamp(max=1)  # of the side
    centre_x, centre_y = (rand() * 2 - 1) * (1 - width), (rand() * 2 - 1) * (1 - height)  # crop stays inside
    mirror = torch.where(rand() < 0.5, -1.0, 1.0)
    zero = torch.zeros_like(width)
    theta = torch.stack([torch.stack([width * mirror, zero, centre_x], 1),
                         torch.stack([zero, height, centre_y], 1)], 1)  # (N, 2, 3): output -> input coords
    grid = F.affine_grid(theta, [n, x.shape[1], size, size], align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)


def center_crop(images: torch.Tensor, height: int, width: int) -> torch.Tensor:
    """The middle height×width of each (…, H, W) picture, as transforms.CenterCrop does."""
    top, left = (images.shape[-2] - height) // 2, (images.shape[-1] - width) // 2
    return images[..., top:top + height, left:left + width]


def make_batch(
    images: torch.Tensor, spec: DatasetSpec, augment: bool = False, generator: torch.Generator | None = None,
    pipeline: list | None = None,
) -> torch.Tensor:
    """uint8 (N, C, H, W) rows -> the float batch the model sees.

    Digits (stored at the model's size) are augmented as handwriting: pen width, rotation, slant.
    Photos kept larger than the model's input (your pictures, core.data.folder_dataset) are cut
    to it as seed 004 trains: a random resized crop and flip when augmenting, else the centre.
    """
    if pipeline:  # the Transforms page's steps, per image, before the usual normalisation
        from core.data.augment import augment_images

        images = augment_images(images, pipeline, generator)
    height, width = spec.shape[1:]
    if tuple(images.shape[-2:]) != (height, width):
        if augment:
            return normalize(random_resized_crop_flip(to_unit_float(images), height, generator), spec)
        return normalize_uint8(center_crop(images, height, width), spec)
    if not augment:
        return normalize_uint8(images, spec)
    x = random_affine(random_pen_width(to_unit_float(images), generator), generator)
    return normalize(x, spec)
