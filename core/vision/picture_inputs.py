"""See inside's inputs for a model trained on your own pictures: a validation picture of its run, or any photo.

Both become the model's input through core.vision.picture_predict.checkpoint_input, exactly as Try it
makes one: kept at the stored side (round(S·256/224), shorter side and centre square), the centre S×S
cut out, then normalised with the mean and std the run recorded (ImageNet's for a pretrained backbone).
Each also keeps that stored picture: saved as a file, it goes through the same steps in the page's
plain-PyTorch code (resizing a picture already at the stored side changes nothing) and gives the same input.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image, ImageOps

from core.common.image_io import load_rgb_image
from core.data.folder_dataset import folder_splits, stored_size
from core.models.checkpoints import LoadedCheckpoint
from core.training.run_data import SPLIT_SEED, input_size
from core.vision.model_inputs import ModelInput
from core.vision.picture_predict import PictureModelError, checkpoint_input, run_config


@dataclass(frozen=True)
class ValidationPictures:
    """The validation part of a run's folder, split as the run split it."""

    stored: torch.Tensor  # (N, 3, side, side) uint8: as training keeps them, before validation's centre crop
    labels: torch.Tensor  # (N,) int64: index into the run's classes


@dataclass(frozen=True)
class PictureRunInput:
    model_input: ModelInput  # (3, S, S), normalised as the run was; and the S×S picture the model sees
    stored: np.ndarray  # (side, side, 3) uint8: the picture before the crop, for the code's photo.png


def validation_pictures(loaded: LoadedCheckpoint) -> ValidationPictures:
    """The run's validation pictures: its folder read again (from the cache when unchanged) and split
    with the run's own share and core.training.run_data's SPLIT_SEED. ImageFolderError when the folder
    is gone; PictureModelError when the model is no folder run or the folder's classes have changed."""
    if loaded.classes is None:
        raise PictureModelError("errors.picture_not_folder_run")
    config = run_config(loaded.meta)
    parts = folder_splits(config.dataset, input_size(config), config.valid_share, SPLIT_SEED)
    if list(parts.spec.classes) != list(loaded.classes):
        raise PictureModelError("errors.picture_folder_changed", trained=", ".join(loaded.classes),
                                found=", ".join(parts.spec.classes))
    return ValidationPictures(parts.valid.images, parts.valid.labels)


def picture_run_input(loaded: LoadedCheckpoint, source) -> PictureRunInput:
    """A validation picture ((3, side, side) uint8) or a photo (bytes, path, file, PIL image) as the
    model's input. ImageError when a photo is not a picture."""
    if isinstance(source, torch.Tensor):
        stored = Image.fromarray(source.permute(1, 2, 0).numpy())  # (side, side, 3): already stored
    else:
        side = stored_size(loaded.input_shape[-1])  # e.g. 37 for a 32×32 model, 256 for 224×224
        # as picture_input stores a photo before its crop
        stored = ImageOps.fit(load_rgb_image(source), (side, side), method=Image.Resampling.BILINEAR)
    return PictureRunInput(checkpoint_input(loaded, stored), np.asarray(stored))
