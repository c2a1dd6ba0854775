"""Your own Dataset (core.lessons.own_dataset*): the classes against torch's own TensorDataset, ConcatDataset
and DataLoader, and each mistake failing where, and as, PyTorch says."""

import io
import zipfile

import pytest
import torch
from PIL import Image
from torch.utils.data import ConcatDataset, DataLoader, TensorDataset

from core.lessons.own_dataset import (OwnDatasetConfig, PointsDataset, build_dataset, concat_position, make_tensors,
                                      picture_array, read_item)
from core.lessons.own_dataset_files import class_folders, write_lesson_pictures, zip_folder
from core.lessons.own_dataset_loader import LoaderChoice, walk_loader


@pytest.fixture(scope="module")
def shapes(tmp_path_factory):
    return write_lesson_pictures("shapes", tmp_path_factory.mktemp("own") / "shapes", per_class=5)


def files(root, **options) -> OwnDatasetConfig:
    return OwnDatasetConfig(wraps="files", root=str(root), classes=class_folders(root), **options)


def test_points_dataset_is_tensor_dataset_written_out():
    x, y = make_tensors(7, 3, "randn", seed=4)
    torch.manual_seed(4)
    assert torch.equal(x, torch.randn(7, 3)), "the script's torch.manual_seed + torch.randn draws the same x"
    ours, theirs = PointsDataset(x, y), TensorDataset(x, y)
    assert len(ours) == len(theirs) == 7
    for i in range(7):
        assert all(torch.equal(a, b) for a, b in zip(ours[i], theirs[i]))
    assert y.tolist() == [0, 1, 0, 1, 0, 1, 0]
    assert read_item(ours, 2, "tensors").text == f"ds[2] = {theirs[2]}"


def test_walk_gives_the_batches_of_dataloader_with_shuffle_true():
    ds = PointsDataset(*make_tensors(11, 2, "arange"))
    walk = walk_loader(ds, LoaderChoice(batch_size=3, shuffle=True, seed=5), shown=10)
    torch.manual_seed(5)
    theirs = list(DataLoader(ds, batch_size=3, shuffle=True))
    assert walk.length == 4 and walk.made == 4 and walk.failure is None and walk.complete
    for batch, (inputs, labels) in zip(walk.batches, theirs, strict=True):
        assert torch.equal(batch.inputs, inputs) and torch.equal(batch.labels, labels)
        assert torch.equal(ds.x[batch.indices], inputs), "the noted indices are the samples in the batch"
    assert sorted(i for b in walk.batches for i in b.indices) == list(range(11))


def test_a_window_fails_only_in_the_batch_that_holds_the_last_sample():
    ds = build_dataset(OwnDatasetConfig(rows=10, mistake="sizes"))
    walk = walk_loader(ds, LoaderChoice(batch_size=4))
    assert walk.made == 2 and walk.batches[0].line == "batch 0: [4, 2, 2] torch.float32, labels [0, 1, 0, 1]"
    assert walk.failure.batch == 2 and walk.failure.indices == [8, 9] and walk.failure.kind == "sizes"
    assert walk.failure.error.startswith("RuntimeError: stack expects each tensor to be equal size, but got [2, 2]")
    hidden = walk_loader(ds, LoaderChoice(batch_size=4, drop_last=True))
    assert hidden.failure is None and hidden.made == 2, "drop_last drops the short window with the last batch"


def test_one_too_many_raises_index_error_where_the_sampler_puts_it():
    ds = build_dataset(OwnDatasetConfig(rows=6, mistake="length"))
    assert len(ds) == 7 and read_item(ds, 6, "tensors").error == \
        "IndexError: index 6 is out of bounds for dimension 0 with size 6"
    walk = walk_loader(ds, LoaderChoice(batch_size=4))
    assert (walk.made, walk.failure.batch, walk.failure.indices, walk.failure.kind) == (1, 1, [4, 5, 6], "index")


def test_class_folders_joined_are_a_concat_dataset(shapes):
    ds = build_dataset(files(shapes, size=28))
    assert isinstance(ds, ConcatDataset) and ds.cumulative_sizes == [5, 10, 15]
    for i in (0, 4, 5, 14):
        part, j = concat_position(ds, i)
        image, label = ds[i]
        assert torch.equal(ds.datasets[part][j][0], image) and label == part
        assert image.shape == (3, 28, 28) and image.dtype == torch.float32 and 0 <= image.min() <= image.max() <= 1
    item = read_item(ds, 7, "files")
    assert (item.part, item.part_index, item.file.rsplit("/", 2)[1:]) == (1, 2, ["square", "02.png"])
    assert item.text == "ds[7] -> (Tensor [3, 28, 28] torch.float32, 1)"


def test_sample_pictures_have_sizes_of_their_own_so_no_resize_cannot_batch(shapes):
    sizes = {Image.open(path).size for path in shapes.rglob("*.png")}
    assert len(sizes) > 5
    ds = build_dataset(files(shapes, mistake="sizes"))
    walk = walk_loader(ds, LoaderChoice(batch_size=2))
    assert walk.made == 0 and walk.failure.kind == "sizes"
    assert walk_loader(ds, LoaderChoice(batch_size=1)).failure is None, "a batch of one needs no stacking"


def test_seed_002s_mydata_returns_what_default_collate_refuses(shapes):
    ds = build_dataset(files(shapes, mistake="seed002"))
    image, label = ds[0]
    assert isinstance(image, Image.Image) and label == "circle"
    assert read_item(ds, 0, "files").text.endswith(f"(PIL.Image {image.size} RGB, 'circle')")
    failure = walk_loader(ds, LoaderChoice(batch_size=1)).failure
    assert failure.kind == "collate_type" and "found <class 'PIL.Image.Image'>" in failure.error
    assert picture_array(image).dtype.name == "uint8"


def test_zip_holds_the_folder_under_one_top_name(shapes):
    with zipfile.ZipFile(io.BytesIO(zip_folder(shapes, "shapes"))) as archive:
        names = archive.namelist()
    assert len(names) == 15 and "shapes/triangle/04.png" in names


def test_bad_choices_and_missing_folders_say_so(tmp_path):
    with pytest.raises(ValueError, match="mistake"):
        OwnDatasetConfig(mistake="seed002")  # a files mistake, not a tensors one
    with pytest.raises(FileNotFoundError):
        build_dataset(OwnDatasetConfig(wraps="files", root=str(tmp_path), classes=("gone",)))


def test_a_large_dataset_is_read_only_as_far_as_the_page_shows():
    ds = PointsDataset(*make_tensors(40, 1, "arange"))
    walk = walk_loader(ds, LoaderChoice(batch_size=2), shown=3, walk_limit=30)
    assert (walk.length, walk.made, len(walk.batches), walk.complete) == (20, 3, 3, False)
