"""Try a model trained on your own pictures: any photo becomes its input exactly as training's
validation pictures were made, then one probability per class; and the validation pictures it got wrong.

Training stores each picture with its shorter side at round(S·256/224) and the centre square kept
(core.data.folder_dataset: seed 004's Resize(256) + CenterCrop(224), scaled to the model's side S),
then scores the centre S×S. A photo read here goes through the same steps, so a validation picture
gets the very probabilities training's evaluation gave it (a test checks it on real files), and
core.code.predict_script writes the same steps into a standalone predict.py.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import torch
from PIL import Image, ImageOps
from torch import nn

from core.common.i18n import LocalizedError
from core.common.image_io import load_rgb_image
from core.common.interactive import someone_waiting
from core.common.threads import one_thread
from core.data.folder_dataset import center_crop, stored_size
from core.data.normalization import Stats, input_normalization
from core.models.checkpoints import LoadedCheckpoint
from core.training.config import TrainConfig
from core.training.evaluation import predict_all, worst_mistakes
from core.training.run_data import run_data
from core.vision.model_inputs import ModelInput


class PictureModelError(LocalizedError, ValueError):
    """The checkpoint's run cannot show its validation pictures; the message says why."""


def picture_input(source, input_size: int, stats: Stats) -> ModelInput:
    """A photo (bytes, path, file, PIL image) -> the (3, S, S) input, normalised with `stats`, as a
    validation picture of a folder run is made. ImageError when it is not a picture."""
    image = load_rgb_image(source)  # upright, RGB; a big JPEG decoded smaller, as training read its files
    side = stored_size(input_size)  # e.g. 37 for a 32×32 model, 256 for 224×224
    stored = ImageOps.fit(image, (side, side), method=Image.Resampling.BILINEAR)  # as core.data.image_folder stores it
    pixels = center_crop(torch.from_numpy(np.array(stored)).permute(2, 0, 1), input_size)  # (3, S, S) uint8
    mean = torch.tensor(stats[0], dtype=torch.float32).view(-1, 1, 1)
    std = torch.tensor(stats[1], dtype=torch.float32).view(-1, 1, 1)
    tensor = (pixels.float() / 255 - mean) / std  # ToTensor, then Normalize(mean, std)
    return ModelInput(tensor, pixels.permute(1, 2, 0).numpy())


def checkpoint_input(loaded: LoadedCheckpoint, source) -> ModelInput:
    """A photo made into the input of a loaded folder model, at its size and with the mean and std
    its run recorded (else the ones its checkpoint otherwise implies: core.data.normalization)."""
    recorded = loaded.meta.get("input_stats")
    stats = (tuple(recorded[0]), tuple(recorded[1])) if recorded else input_normalization(loaded.model)
    return picture_input(source, loaded.input_shape[-1], stats)


@torch.no_grad()
def classify(model: nn.Module, picture: ModelInput | torch.Tensor, classes: list[str]) -> list[tuple[str, float]]:
    """(class, probability) for every class, the most likely first. `picture`: a ModelInput or its (C, H, W) tensor."""
    someone_waiting()  # training jobs yield to a person waiting on this (core.common.interactive)
    x = picture.tensor if isinstance(picture, ModelInput) else picture
    with one_thread():
        logits = model.eval()(x.unsqueeze(0))  # (1, classes)
    probs = torch.softmax(logits.float(), dim=1)[0].tolist()
    if len(probs) != len(classes):
        raise ValueError(f"The model has {len(probs)} outputs but {len(classes)} class names were given.")
    return sorted(zip(classes, probs), key=lambda pair: -pair[1])


def run_config(meta: dict) -> TrainConfig:
    """The TrainConfig a checkpoint's run trained with (settings newer or older than this TorchLab:
    the ones it knows, the rest at their defaults). PictureModelError when the metadata holds none."""
    config = meta.get("config")
    if not isinstance(config, dict):
        raise PictureModelError("errors.picture_no_config")
    known = {f.name for f in fields(TrainConfig)}
    return TrainConfig(**{k: v for k, v in config.items() if k in known})


@dataclass(frozen=True)
class Mistake:
    picture: np.ndarray  # (S, S, 3) uint8: the validation picture as the model saw it
    true: str
    predicted: str
    confidence: float  # the model's probability for the wrong class it chose


def validation_mistakes(loaded: LoadedCheckpoint, limit: int = 16) -> list[Mistake]:
    """The validation pictures of the checkpoint's run that its model gets wrong, the surest first.

    The folder is read again (from the cache when unchanged) and split with the run's own settings;
    ImageFolderError when it is gone, PictureModelError when its classes are no longer the run's.
    The model is scored as training scored it."""
    classes = loaded.classes
    if classes is None:
        raise PictureModelError("errors.picture_not_folder_run")
    data = run_data(run_config(loaded.meta))
    if list(data.spec.classes) != list(classes):
        raise PictureModelError("errors.picture_folder_changed", trained=", ".join(classes),
                                found=", ".join(data.spec.classes))
    log_probs = predict_all(loaded.model, data.test.images, data.spec)
    return [Mistake(data.test.images[row["index"]].permute(1, 2, 0).numpy(), classes[row["true"]],
                    classes[row["predicted"]], row["confidence"])
            for row in worst_mistakes(log_probs, data.test.labels, limit)]
