"""One input for any TorchLab model, from a test-set sample, a drawing or a photo.

A 1×28×28 model gets MNIST's treatment (drawings and photos through the MNIST-style
preprocessing); a 3×32×32 model gets CIFAR-10's (the photo cropped square and shrunk to
32×32). Either way: the normalised tensor the model eats and the picture a person sees.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image, ImageDraw

from core.common.image_io import load_image, load_rgb_image
from core.data.datasets import DatasetSpec, get_spec


@dataclass
class ModelInput:
    tensor: torch.Tensor  # (C, H, W), normalised with the training set's mean and std
    picture: np.ndarray  # (H, W) or (H, W, 3) uint8: what the model sees, for people (and digit.png)


def dataset_for(input_shape: tuple[int, int, int]) -> DatasetSpec:
    """The dataset a model of this input shape was made for: MNIST for 1×28×28, CIFAR-10 for 3×32×32."""
    return get_spec("cifar10" if input_shape[0] == 3 else "mnist")


def from_pixels(pixels: torch.Tensor, spec: DatasetSpec) -> ModelInput:
    """(C, H, W) uint8, as the dataset stores it -> the model's input, normalised like in training."""
    unit = pixels.float() / 255  # (C, H, W) in 0..1
    mean = torch.tensor(spec.mean).view(-1, 1, 1)
    std = torch.tensor(spec.std).view(-1, 1, 1)
    picture = pixels.permute(1, 2, 0).squeeze(-1).numpy()  # (H, W) or (H, W, 3)
    return ModelInput((unit - mean) / std, picture)


def normalized_as(model_input: ModelInput, spec: DatasetSpec,
                  stats: tuple[tuple[float, ...], tuple[float, ...]]) -> ModelInput:
    """The same picture normalised with `stats` (how a model was trained: core.data.normalization)
    instead of the dataset's own mean and std, which every ModelInput starts with."""
    channels = model_input.tensor.shape[0]
    unit = model_input.tensor * torch.tensor(spec.std).view(-1, 1, 1) + torch.tensor(spec.mean).view(-1, 1, 1)
    mean = torch.tensor(stats[0]).view(-1, 1, 1).expand(channels, 1, 1)
    std = torch.tensor(stats[1]).view(-1, 1, 1).expand(channels, 1, 1)
    return ModelInput((unit - mean) / std, model_input.picture)  # (C, H, W)


def from_upload(source, input_shape: tuple[int, int, int]) -> ModelInput:
    """A drawing or photo (bytes, file, PIL image). ImageError when it holds nothing to read."""
    spec = dataset_for(input_shape)
    if input_shape[0] == 1:
        from core.vision.preprocess import preprocess  # imported here: SciPy's ndimage and the digit cleaning
        # cost See inside's first visit on a fresh server ~0.4 s, and only an uploaded digit needs them
        prepared = preprocess(load_image(source))  # crop to the ink, 20 px, centre of mass
        pixels = (prepared.unit * 255).round().to(torch.uint8).unsqueeze(0)  # (1, 28, 28)
        return ModelInput(prepared.tensor, pixels[0].numpy())
    image = _square(load_rgb_image(source)).resize(input_shape[1:], Image.Resampling.BICUBIC)
    pixels = torch.from_numpy(np.asarray(image).copy()).permute(2, 0, 1)  # (3, 32, 32) uint8
    return from_pixels(pixels, spec)


def example_picture(input_shape: tuple[int, int, int]) -> ModelInput:
    """A small drawn scene (sky, sun, meadow, red house) for a colour model when no CIFAR-10 is here."""
    size = 128
    image = Image.new("RGB", (size, size), (120, 170, 230))
    draw = ImageDraw.Draw(image)
    draw.ellipse([86, 12, 114, 40], fill=(250, 210, 60))
    draw.rectangle([0, 84, size, size], fill=(70, 150, 60))
    draw.rectangle([30, 58, 74, 98], fill=(200, 50, 40))
    draw.polygon([(24, 60), (52, 34), (80, 60)], fill=(110, 60, 40))
    draw.rectangle([46, 76, 58, 98], fill=(60, 40, 30))
    return from_upload(image, input_shape)


def _square(image: Image.Image) -> Image.Image:
    """The centre square of a photo, so resizing to 32×32 does not squash it."""
    side = min(image.size)
    left, top = (image.width - side) // 2, (image.height - side) // 2
    return image.crop((left, top, left + side, top + side))
