"""Read a digit: load an image safely, preprocess it MNIST-style, run a model, report probabilities.

    from core.vision.inference import load_image, predict
    prediction = predict(load_image("photo.jpg"))   # model=None: the shipped checkpoint
    prediction.label, prediction.probs, prediction.input
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import torch
from PIL import Image
from torch import nn

from core.common.image_io import ImageError, load_image
from core.common.interactive import someone_waiting
from core.common.threads import one_thread
from core.data.normalization import input_normalization
from core.models.checkpoints import SHIPPED, load_checkpoint
from core.vision.digit_cleaning import Diagnosis
from core.vision.digit_doubts import doubts
from core.vision.preprocess import MNIST_MEAN, MNIST_STD, Preprocessed, Step, naive_resize, preprocess

__all__ = ["ImageError", "Prediction", "load_image", "predict", "predict_naive", "shipped_model"]


@dataclass
class Prediction:
    label: int  # the most likely digit
    probs: list[float]  # 10 probabilities summing to 1
    input: torch.Tensor  # (1, 28, 28) the tensor the model was fed, normalised as it was trained
    unit: torch.Tensor  # (28, 28) the same in 0..1, for display
    steps: list[Step] = field(default_factory=list)  # preprocessing steps, when asked for
    diagnosis: Diagnosis | None = None  # what the preprocessing measured on the image (why steps ran)
    doubts: list[tuple[str, dict]] = field(default_factory=list)  # why the answer may mean nothing (core.vision.digit_doubts)

    @property
    def confidence(self) -> float:
        return self.probs[self.label]


_shipped: nn.Module | None = None
_shipped_lock = threading.Lock()


def shipped_model() -> nn.Module:
    """The checkpoint in checkpoints/, loaded once per process and shared read-only."""
    global _shipped
    with _shipped_lock:
        if _shipped is None:
            _shipped = load_checkpoint(SHIPPED).model
        return _shipped


@torch.no_grad()
def predict(image, model: nn.Module | None = None, keep_steps: bool = False) -> Prediction:
    """Probabilities of each digit for an image (PIL, bytes or path); ImageError if none is found."""
    someone_waiting()  # training jobs yield to a person waiting on this (core.common.interactive)
    if not isinstance(image, Image.Image) or image.mode not in ("L", "LA"):
        image = load_image(image)
    model = model if model is not None else shipped_model()
    with one_thread():
        prepared: Preprocessed = preprocess(image, keep_steps=keep_steps)
        x = as_trained(prepared.unit.unsqueeze(0), model)  # (1, 28, 28)
        model.eval()
        logits = model(x.unsqueeze(0))  # (1, 10); log-probabilities or logits alike
    probs = torch.softmax(logits.float(), dim=1)[0]
    probs_list = probs.tolist()
    return Prediction(int(probs.argmax()), probs_list, x, prepared.unit, prepared.steps, prepared.diagnosis,
                      doubts(probs_list, prepared.parts, prepared.extent))


@torch.no_grad()
def predict_naive(image: Image.Image, model: nn.Module | None = None) -> tuple[int, float, torch.Tensor]:
    """(label, confidence, 28×28 input) with no MNIST-style preprocessing, only a resize:
    the page shows it beside the real prediction so the steps' worth is visible."""
    model = model if model is not None else shipped_model()
    with one_thread():
        unit = naive_resize(image) * MNIST_STD + MNIST_MEAN  # (1, 28, 28) back in 0..1
        probs = torch.softmax(model.eval()(as_trained(unit, model).unsqueeze(0)).float(), dim=1)[0]
    return int(probs.argmax()), float(probs.max()), unit[0]


def as_trained(unit: torch.Tensor, model: nn.Module) -> torch.Tensor:
    """(1, 28, 28) pixels in 0..1 -> normalised as `model` was trained: MNIST's 0.1307/0.3081 unless its
    checkpoint says otherwise (a run with seed 003's 0.5/0.5, or none: core.data.normalization)."""
    (mean,), (std,) = input_normalization(model)
    return (unit - mean) / std
