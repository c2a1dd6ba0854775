"""core.data.loading: MNIST from the shared .gz files as whole tensors, cached elsewhere, never written to."""

import os
from pathlib import Path

import pytest
import torch

from core.data import loading as data
from core.data.datasets import get_spec

SHARED_MNIST = Path(os.environ["TORCHLAB_DATA"]) / "MNIST"
MNIST = get_spec("mnist")


def _snapshot(folder: Path) -> dict:
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in [folder, *sorted(folder.rglob("*"))]}


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """A private data dir (symlinks to the shared .gz files), an empty cache and an empty memo."""
    raw = tmp_path / "data" / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for f in (SHARED_MNIST / "raw").iterdir():
        (raw / f.name).symlink_to(f)
    monkeypatch.setenv("TORCHLAB_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("TORCHLAB_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(data, "_memo", {})
    return tmp_path


def test_mnist_splits_are_whole_uint8_tensors():
    before = _snapshot(SHARED_MNIST)
    train, test = data.load_split("mnist", True), data.load_split("mnist", False)
    assert _snapshot(SHARED_MNIST) == before
    assert train.images.shape == (60000, 1, 28, 28) and test.images.shape == (10000, 1, 28, 28)
    assert train.images.dtype == test.images.dtype == torch.uint8
    assert train.labels.dtype == test.labels.dtype == torch.int64
    assert len(train) == 60000 and len(test) == 10000
    assert set(train.labels.unique().tolist()) == set(range(10))
    assert set(test.labels.unique().tolist()) == set(range(10))
    assert train.labels[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert int(train.images.max()) == 255 and int(train.images.min()) == 0


def test_load_caches_elsewhere_and_never_writes_the_shared_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCHLAB_CACHE", str(tmp_path / "cache"))
    before = _snapshot(SHARED_MNIST)
    first = data._load_uncached(MNIST, False)
    assert (tmp_path / "cache" / "mnist-test.pt").is_file()
    assert _snapshot(SHARED_MNIST) == before

    def no_decoding(*args):
        raise AssertionError("decoded again although a valid cache exists")

    monkeypatch.setattr(data, "torchvision_dataset", no_decoding)
    second = data._load_uncached(MNIST, False)
    assert torch.equal(first.images, second.images) and torch.equal(first.labels, second.labels)
    assert list((tmp_path / "cache").iterdir()) == [tmp_path / "cache" / "mnist-test.pt"]  # no scratch left


def test_missing_dataset_says_where_to_put_the_files(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCHLAB_DATA", str(tmp_path / "empty"))
    monkeypatch.setenv("TORCHLAB_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(data, "_memo", {})
    with pytest.raises(data.DatasetMissing) as info:
        data.load_split("mnist", True)
    assert str(tmp_path / "empty" / "MNIST") in str(info.value)
    assert not (tmp_path / "empty").exists()  # offline: nothing created, nothing downloaded


def test_dataset_available(tmp_path, monkeypatch):
    assert data.dataset_available("mnist")
    monkeypatch.setenv("TORCHLAB_DATA", str(tmp_path))
    monkeypatch.setenv("TORCHLAB_CACHE", str(tmp_path / "cache"))
    assert not data.dataset_available("mnist")
    assert not data.dataset_available("fashion-mnist")
    assert not data.dataset_available("cifar10")


def test_stale_cache_is_rebuilt(isolated):
    cache = isolated / "cache" / "mnist-test.pt"
    cache.parent.mkdir()
    fake = torch.zeros(3, 1, 28, 28, dtype=torch.uint8)
    torch.save({"images": fake, "labels": torch.zeros(3, dtype=torch.int64), "signature": "stale"}, cache)
    loaded = data.load_split("mnist", False)
    assert loaded.images.shape == (10000, 1, 28, 28)
    assert torch.load(cache, weights_only=True)["images"].shape == (10000, 1, 28, 28)


@pytest.mark.parametrize("junk", [b"", b"not a torch file", b"PK\x03\x04" + bytes(100)])
def test_corrupt_cache_is_ignored_and_rebuilt(isolated, junk):
    cache = isolated / "cache" / "mnist-test.pt"
    cache.parent.mkdir()
    cache.write_bytes(junk)
    loaded = data.load_split("mnist", False)
    assert loaded.images.shape == (10000, 1, 28, 28)
    assert loaded.labels[:3].tolist() == [7, 2, 1]  # the known first MNIST test labels
    assert torch.load(cache, weights_only=True)["labels"].shape == (10000,)


def test_cache_of_the_wrong_shape_is_rebuilt(isolated):
    """A readable .pt that is not our {images, labels, signature} dict (a foreign file) is not trusted."""
    cache = isolated / "cache" / "mnist-test.pt"
    cache.parent.mkdir()
    torch.save(torch.zeros(3), cache)
    assert data.load_split("mnist", False).images.shape == (10000, 1, 28, 28)
