"""Fixtures for tests of training on a folder: a small ImageFolder of drawn shapes, and a cache
of its own per test (so a decode in one test is never a cache hit in another)."""

import pytest

from core.data import folder_dataset
from core.data.shape_pictures import write_shape_folder

PER_CLASS = 15  # 3 of each class go to validation (20%): 36 to train on, 9 to score


@pytest.fixture(scope="module")
def shapes(tmp_path_factory):
    return write_shape_folder(tmp_path_factory.mktemp("shapes"), per_class=PER_CLASS, size=48)


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCHLAB_CACHE", str(tmp_path / "cache"))
    folder_dataset._memo.clear()
