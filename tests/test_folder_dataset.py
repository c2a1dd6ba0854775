"""core.data.folder_dataset: a folder of pictures decoded once, split by a seed, refused clearly."""

from __future__ import annotations

import os

import pytest
import torch
from PIL import Image

from core.data import folder_dataset
from core.data.folder_dataset import center_crop, folder_root, folder_splits, split_rows, stored_size
from core.data.image_folder import ImageFolderError, load_folder
from core.data.shape_pictures import CLASSES, write_shape_folder

from shape_folder import own_cache, shapes  # noqa: F401  (fixtures)


def test_a_folder_becomes_two_parts_of_one_spec(shapes):
    parts = folder_splits(f"folder:{shapes}", input_size=32)
    assert parts.spec.classes == CLASSES and parts.spec.shape == (3, 32, 32)
    assert parts.train.images.dtype == torch.uint8 and parts.train.images.shape[1:] == (3, 37, 37)  # 32·256/224
    assert (len(parts.train), len(parts.valid)) == (36, 9)  # 20% of each class of 15
    assert sorted(parts.valid.labels.tolist()) == [0] * 3 + [1] * 3 + [2] * 3
    assert len(parts.spec.mean) == 3 and all(0 < s for s in parts.spec.std)


def test_the_split_is_seeded_and_never_shares_a_picture():
    labels = torch.arange(3).repeat_interleave(10)
    train, valid = split_rows(labels, 0.2, seed=1)
    again = split_rows(labels, 0.2, seed=1)
    other = split_rows(labels, 0.2, seed=2)
    assert torch.equal(train, again[0]) and torch.equal(valid, again[1])
    assert not torch.equal(valid.sort().values, other[1].sort().values)
    assert set(train.tolist()).isdisjoint(valid.tolist()) and len(train) + len(valid) == 30
    assert len(set(labels[train[:10]].tolist())) > 1, "mixed classes: the first rows are not all one class"


def test_a_small_class_still_gets_a_picture_in_each_part():
    labels = torch.tensor([0] * 40 + [1] * 2)
    train, valid = split_rows(labels, 0.2, seed=0)
    assert 1 in labels[valid].tolist() and 1 in labels[train].tolist()


def test_decoded_once_then_read_from_the_cache(shapes, monkeypatch):
    first = folder_splits(f"folder:{shapes}", input_size=32)
    folder_dataset._memo.clear()
    monkeypatch.setattr(folder_dataset, "load_folder", lambda *a, **k: pytest.fail("decoded again"))
    again = folder_splits(f"folder:{shapes}", input_size=32)
    assert torch.equal(first.train.images, again.train.images)


def test_an_edited_folder_is_read_again(tmp_path):
    root = write_shape_folder(tmp_path / "set", per_class=4, size=40)
    before = folder_splits(f"folder:{root}", input_size=32)
    Image.new("RGB", (40, 40), "red").save(root / "circle" / "new.png")
    after = folder_splits(f"folder:{root}", input_size=32)
    assert len(after.train) + len(after.valid) == len(before.train) + len(before.valid) + 1


def test_pictures_keep_their_proportions_when_cropped(tmp_path):
    for name in ("wide", "tall"):
        (tmp_path / name).mkdir()
    wide = Image.new("RGB", (300, 100), "black")
    wide.paste(Image.new("RGB", (100, 100), "white"), (100, 0))  # a white square in the middle
    wide.save(tmp_path / "wide" / "a.png")
    Image.new("RGB", (50, 200), "blue").save(tmp_path / "tall" / "b.png")
    cropped = load_folder(tmp_path, size=32, fit="crop")
    wide_one = cropped.classes.index("wide")
    assert cropped.images[wide_one].float().mean() > 250, "the centre of the wide picture is the white square"
    stretched = load_folder(tmp_path, size=32)
    assert stretched.images[wide_one].float().mean() < 120, "stretching keeps the black sides"


def test_center_crop_takes_the_middle():
    images = torch.arange(2 * 3 * 6 * 6, dtype=torch.int64).reshape(2, 3, 6, 6)
    assert torch.equal(center_crop(images, 4), images[..., 1:5, 1:5])
    assert stored_size(224) == 256 and stored_size(32) == 37


@pytest.mark.parametrize("classes, key", [({"only": 3}, "errors.folder_one_class"),
                                          ({"a": 3, "b": 1}, "errors.folder_too_few")])
def test_too_little_to_train_on_is_refused_in_words(tmp_path, classes, key):
    for name, count in classes.items():
        (tmp_path / name).mkdir()
        for n in range(count):
            Image.new("RGB", (8, 8), (n * 40, 0, 0)).save(tmp_path / name / f"{n}.png")
    with pytest.raises(ImageFolderError) as refused:
        folder_splits(f"folder:{tmp_path}", input_size=32)
    assert refused.value.message.key == key


def test_a_name_without_a_path_is_refused():
    with pytest.raises(ImageFolderError):
        folder_root("folder:")
    with pytest.raises(ValueError):
        folder_root("mnist")
    assert folder_root("folder:~/x") == folder_root(f"folder:{os.path.expanduser('~/x')}")


def test_a_cache_that_cannot_be_written_costs_only_time(shapes, tmp_path, monkeypatch):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would go")
    monkeypatch.setenv("TORCHLAB_CACHE", str(blocked))
    assert len(folder_splits(f"folder:{shapes}", input_size=32).train) == 36


def test_the_memory_keeps_only_the_most_recently_used_entries():
    recent = folder_dataset.RecentlyUsed(2)
    assert recent.keep("a", 1) == 1 and recent.keep("b", 2) == 2
    assert recent.get("a") == 1, "asking for a makes b the oldest"
    assert recent.keep("a", 10) == 1, "a second thread's copy is dropped for the one already kept"
    recent.keep("c", 3)
    assert recent.keys() == ["a", "c"] and recent.get("b") is None and len(recent) == 2


def test_splits_of_many_seeds_do_not_pile_up_in_memory(shapes):
    """Each seed's split is an entry (as each edited folder is): the memory stays bounded, the folder
    itself, used for every split, stays in it, and a forgotten split is simply made again."""
    name = f"folder:{shapes}"
    first = folder_splits(name, input_size=32, split_seed=0)
    last = 2 * folder_dataset.MEMO_ENTRIES
    made = [folder_splits(name, input_size=32, split_seed=seed) for seed in range(1, last + 1)]
    assert len(folder_dataset._memo) == folder_dataset.MEMO_ENTRIES
    assert any(key[0] != "splits" for key in folder_dataset._memo.keys()), "the decoded folder is kept"
    assert folder_splits(name, input_size=32, split_seed=last) is made[-1]
    again = folder_splits(name, input_size=32, split_seed=0)
    assert again is not first and torch.equal(again.valid.labels, first.valid.labels)
