"""Seed 004's two pipelines: a random one for training, a fixed one for validation and test.

The training pipeline is the learner's (finished with ToImage, ToDtype and the same Normalize
where it stops at a PIL image, since a model eats normalised tensors); the test pipeline has no
random step — seed 004's Resize(256) + CenterCrop(224) for photos, the dataset's own size for
MNIST & co. — so every evaluation of a model sees the same pictures and its score means something.
`repeated_scores` shows what happens otherwise: the same model, the same digits, a different score
each time they are augmented.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from core.common.threads import one_thread
from core.data.augment import augment_images
from core.data.normalization import input_normalization
from core.data.pipeline import STEPS, run_seeded
from core.lessons.pixel_stats import as_tensor
from core.lessons.transform_misfits import PictureKind

SEED_004_RESIZE, SEED_004_CROP = 256, 224  # transforms.Resize(256), transforms.CenterCrop(224)
TO_TENSOR = [["ToImage", {}], ["ToDtype", {"scale": True}]]  # the modern ToTensor()


def evaluation_pipeline(kind: PictureKind, train_steps: list) -> list:
    """The fixed pipeline for validation and test pictures of `kind`, with the training pipeline's Normalize."""
    normalize = next(([name, dict(params)] for name, params in train_steps if name == "Normalize"),
                     ["Normalize", {"mean": list(kind.mean), "std": list(kind.std)}])
    sized = [["Resize", {"size": SEED_004_RESIZE}], ["CenterCrop", {"size": SEED_004_CROP}]] if kind.name == "photo" \
        else []  # MNIST, FashionMNIST and CIFAR-10 come at the size their models take
    return sized + [[name, dict(params)] for name, params in TO_TENSOR] + [normalize]


def training_pipeline(steps: list, test_steps: list) -> tuple[list, int]:
    """(the learner's steps finished like the test pipeline where they stop short of a normalised tensor,
    how many steps were added at the end)."""
    tensor = any(name == "ToImage" for name, _ in steps)
    floating = tensor and any(name == "ToDtype" and params.get("scale", True) for name, params in steps)
    normalized = any(name == "Normalize" for name, _ in steps)
    tail = test_steps[-3:]  # ToImage, ToDtype, Normalize
    added = tail if not tensor else tail[1:] if not floating else [] if normalized else tail[2:]
    return [[n, dict(p)] for n, p in steps + added], len(added)


def is_random(steps: list) -> bool:
    return any(STEPS[name].random for name, _ in steps)


@dataclass(frozen=True)
class PairDraws:
    """Two draws of each pipeline on the same picture, from the same seed."""

    train: list  # two outputs of the training pipeline
    test: list  # two outputs of the test pipeline

    @property
    def train_same(self) -> bool:
        return _equal(*self.train)

    @property
    def test_same(self) -> bool:
        return _equal(*self.test)

    @property
    def train_shape(self) -> tuple[int, ...]:
        return tuple(as_tensor(self.train[0]).shape)  # (C, H, W)

    @property
    def test_shape(self) -> tuple[int, ...]:
        return tuple(as_tensor(self.test[0]).shape)


def _equal(a, b) -> bool:
    a, b = as_tensor(a), as_tensor(b)
    return a.shape == b.shape and torch.equal(a, b)


def draw_pair(train_steps: list, test_steps: list, picture, seed: int) -> PairDraws:
    """Each pipeline twice on `picture`, as `torch.manual_seed(seed)` then two calls would give;
    PipelineError (core.data.pipeline) when the training pipeline cannot run on it."""
    return PairDraws(run_seeded(train_steps, picture, seed, n=2), run_seeded(test_steps, picture, seed, n=2))


@torch.no_grad()
def repeated_scores(steps: list, images: torch.Tensor, labels: torch.Tensor, model: torch.nn.Module,
                    repeats: int = 3, seed: int = 0) -> tuple[list[float], list[float]]:
    """Accuracy of `model` on the same (N, C, H, W) uint8 images `repeats` times: through the training
    pipeline as the Train page applies it (core.data.augment), then through none (the test pipeline:
    only ToTensor and the model's own Normalize). The first list varies, the second cannot."""
    mean, std = (torch.tensor(v).view(1, -1, 1, 1) for v in input_normalization(model))  # (1, C, 1, 1)
    generator = torch.Generator().manual_seed(seed)

    def accuracy(batch: torch.Tensor) -> float:
        predicted = model.eval()((batch.float() / 255 - mean) / std).argmax(1)  # (N,)
        return float((predicted == labels).float().mean())

    with one_thread():  # image-by-image transforms: 2 threads on a busy server were 20× slower than 1
        augmented = [accuracy(augment_images(images, steps, generator)) for _ in range(repeats)]
        fixed = [accuracy(images) for _ in range(repeats)]
    return augmented, fixed
