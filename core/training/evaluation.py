"""Test-set evaluation and the pure metric helpers the pages plot."""

from __future__ import annotations

import threading

import torch
import torch.nn.functional as F
from torch import nn

from core.data.batches import make_batch
from core.data.datasets import DatasetSpec
from core.training.engine import Engine


@torch.no_grad()
def predict_all(
    model: nn.Module,
    images: torch.Tensor,
    spec: DatasetSpec,
    batch_size: int = 1000,  # 2000 spills the caches of a small CPU: 0.37 s vs 0.28 s for 10k digits
    stop: threading.Event | None = None,
    engine: Engine | None = None,
) -> torch.Tensor | None:
    """Log-probabilities (N, classes) for a whole uint8 image tensor; None if stopped midway.

    Always in fp32, even after bf16 training: the accuracy we report is the accuracy of
    the weights we save, as the Draw page runs them. `engine` only sets the memory layout.
    """
    was_training = model.training
    model.eval()
    try:
        outputs = []
        for start in range(0, len(images), batch_size):
            if stop is not None and stop.is_set():
                return None
            batch = make_batch(images[start:start + batch_size], spec)
            logits = model(engine.layout(batch) if engine else batch)
            outputs.append(F.log_softmax(logits.float(), dim=1))
        return torch.cat(outputs)
    finally:
        model.train(was_training)


def accuracy(log_probs: torch.Tensor, labels: torch.Tensor) -> float:
    """Fraction of rows whose most likely class is the label."""
    return (log_probs.argmax(dim=1) == labels).float().mean().item()


def confusion_matrix(predicted: torch.Tensor, labels: torch.Tensor, num_classes: int) -> torch.Tensor:
    """(true, predicted) counts as a (classes, classes) int64 tensor, rows = true class."""
    flat = labels.long() * num_classes + predicted.long()
    return torch.bincount(flat.cpu(), minlength=num_classes**2).view(num_classes, num_classes)


def worst_mistakes(log_probs: torch.Tensor, labels: torch.Tensor, limit: int = 16) -> list[dict]:
    """The test images the model got wrong most confidently: the ones worth looking at."""
    confidence, predicted = log_probs.exp().max(dim=1)
    wrong = torch.nonzero(predicted != labels).flatten()
    order = wrong[confidence[wrong].argsort(descending=True)][:limit]
    return [{"index": int(i), "true": int(labels[i]), "predicted": int(predicted[i]),
             "confidence": round(float(confidence[i]), 4)} for i in order]


def smooth(values: list[float], weight: float = 0.9) -> list[float]:
    """TensorBoard-style exponential moving average, debiased so it starts at the first value."""
    smoother = Smoother(weight)
    return [smoother(v) for v in values]


class Smoother:
    """smooth() one value at a time, for a curve that grows (core.training.live_feed)."""

    def __init__(self, weight: float = 0.9):
        self.weight, self._avg, self._count = weight, 0.0, 0

    def __call__(self, value: float) -> float:
        """The smoothed value at `value`, the next one of the curve."""
        self._count += 1
        self._avg = self.weight * self._avg + (1 - self.weight) * value
        return self._avg / (1 - self.weight**self._count)
