"""The from-scratch net learns a small set of pictures nobody here made in a few epochs (issue #23's
bar: ≥ 90% validation accuracy), with the page's own starting recipe for pictures."""

import dataclasses

import pytest

from core.data.sample_sets import write_sample_folder
from core.training.config import TrainConfig
from core.training.loop import seeded_model, train
from core.training.presets import PICTURES
from core.training.records import EpochRecord
from shape_folder import own_cache  # noqa: F401  (a cache of this test's own)

FEW_EPOCHS = 5


@pytest.mark.parametrize("sample", ["textures", "faces"])  # scikit-image's photos, as published
def test_the_from_scratch_net_reads_a_few_hundred_pictures_within_a_few_epochs(sample, tmp_path):
    root = write_sample_folder(sample, tmp_path / sample)
    config = TrainConfig(**dict(PICTURES, dataset=f"folder:{root}", epochs=FEW_EPOCHS, device="cpu"))
    assert config.model == "cifar-net" and config.augment  # seed 002's net, with the page's recipe
    epochs = [r for r in train(config, seeded_model(config)) if isinstance(r, EpochRecord)]
    assert len(epochs) == FEW_EPOCHS
    assert max(r.test_acc for r in epochs) >= 0.90, [round(r.test_acc, 3) for r in epochs]


def test_a_run_that_learns_nothing_stays_below_the_bar(tmp_path):
    """The bar can fail: the same pictures with the learning rate at zero stay near chance."""
    root = write_sample_folder("textures", tmp_path / "textures", per_class=30)
    config = TrainConfig(**dict(PICTURES, dataset=f"folder:{root}", epochs=2, device="cpu"))
    config = dataclasses.replace(config, lr=1e-12)
    epochs = [r for r in train(config, seeded_model(config)) if isinstance(r, EpochRecord)]
    assert max(r.test_acc for r in epochs) < 0.90
