"""Your own Dataset (seeds 002 and 003): a class with __len__ and __getitem__ over a few tensors or over
the files of class folders, joined with `+` (ConcatDataset), and the mistakes that break a DataLoader.

The classes here are the ones the Datasets page runs; core.code.dataset_snippets writes them out as the
learner would, with the chosen mistake in place of a flag, and a test checks both print the same.
Seed 002's MyData returns the PIL image and the folder's name ("ants"): that is one of the mistakes,
since the default collate cannot batch a PIL image.
"""

from __future__ import annotations

import bisect
import os
from dataclasses import dataclass

import torch
from PIL import Image
from torch.utils.data import ConcatDataset, Dataset
from torchvision.transforms import v2

WRAPS = ("tensors", "files")
MAKERS = ("arange", "randn")
MISTAKES = {  # what __getitem__ / __len__ may get wrong, per kind of dataset; "none" is the class as it should be
    "tensors": ("none", "sizes", "length"),  # sizes: a window x[i:i+2] that runs off the end
    "files": ("none", "sizes", "seed002", "length"),  # sizes: no Resize; seed002: PIL image and folder name
}


@dataclass(frozen=True)
class OwnDatasetConfig:
    wraps: str = "tensors"  # "tensors" (seed 003's x and y) or "files" (seed 002's root/label/*.jpg)
    rows: int = 10  # tensors: a few samples, so every one fits on the page
    features: int = 2  # tensors: values per sample, x is (rows, features)
    maker: str = "arange"  # tensors: arange shows which row went where; randn looks like real data
    root: str = ""  # files: a folder with one sub-folder per class (seed 002's root_dir)
    classes: tuple[str, ...] = ()  # files: class folders, one Dataset each, concatenated in this order
    size: int = 32  # files: Resize((size, size)), so every picture stacks into one batch
    mistake: str = "none"  # one of MISTAKES[wraps]
    seed: int = 0  # randn's generator and the shuffled order

    def __post_init__(self):
        if self.wraps not in WRAPS or self.mistake not in MISTAKES[self.wraps] or self.maker not in MAKERS:
            raise ValueError(f"Unknown choice: wraps={self.wraps!r}, maker={self.maker!r}, mistake={self.mistake!r}")


class PointsDataset(Dataset):
    """Row i of x with its label y[i]: what TensorDataset(x, y) does, written out."""

    def __init__(self, x: torch.Tensor, y: torch.Tensor, mistake: str = "none"):
        if len(x) != len(y):
            raise ValueError(f"x has {len(x)} rows but y has {len(y)} labels")
        self.x, self.y, self.mistake = x, y, mistake

    def __len__(self) -> int:
        return len(self.x) + (1 if self.mistake == "length" else 0)  # the mistake: one more than there is

    def __getitem__(self, i: int):
        if self.mistake == "sizes":
            return self.x[i:i + 2], self.y[i]  # a window of two rows: (2, features), the last one (1, features)
        return self.x[i], self.y[i]  # (features,) float32, () int64


class ClassFolder(Dataset):
    """The pictures in root/label/, each with its class number (seed 002's MyData, fixed so it can be batched)."""

    def __init__(self, root: str, label: str, index: int, size: int, mistake: str = "none"):
        self.folder = os.path.join(root, label)
        self.files = sorted(os.listdir(self.folder))  # os.listdir's order depends on the file system
        self.label, self.index, self.mistake = label, index, mistake
        resize = [] if mistake == "sizes" else [v2.Resize((size, size))]
        self.transform = v2.Compose([*resize, v2.ToImage(), v2.ToDtype(torch.float32, scale=True)])

    def __len__(self) -> int:
        return len(self.files) + (1 if self.mistake == "length" else 0)

    def __getitem__(self, i: int):
        with Image.open(os.path.join(self.folder, self.files[i])) as picture:
            image = picture.convert("RGB")  # grey and RGBA files too: always 3 channels
        if self.mistake == "seed002":
            return image, self.label  # a PIL image and "ants": the default collate cannot batch the image
        return self.transform(image), self.index  # (3, size, size) float32 in 0..1, an int


def make_tensors(rows: int, features: int, maker: str, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """x (rows, features) float32 and y (rows,) int64: 0, 1, 0, 1, … (even or odd row)."""
    if maker == "arange":
        x = torch.arange(rows * features, dtype=torch.float32).reshape(rows, features)  # (rows, features)
    else:  # the same numbers as torch.manual_seed(seed); torch.randn(...) in a script
        x = torch.randn(rows, features, generator=torch.Generator().manual_seed(seed))
    return x, torch.arange(rows) % 2


def build_dataset(config: OwnDatasetConfig) -> Dataset:
    """The page's dataset: a PointsDataset, or one ClassFolder per class joined into a ConcatDataset.
    A missing folder raises FileNotFoundError, a folder of no class ValueError."""
    if config.wraps == "tensors":
        return PointsDataset(*make_tensors(config.rows, config.features, config.maker, config.seed), config.mistake)
    if not config.classes:
        raise ValueError("no class folders to read")
    parts = [ClassFolder(config.root, label, index, config.size, config.mistake)
             for index, label in enumerate(config.classes)]
    return ConcatDataset(parts)  # parts[0] + parts[1] makes the same: Dataset.__add__ returns a ConcatDataset


def concat_position(ds: ConcatDataset, i: int) -> tuple[int, int]:
    """(part, index in that part) of ds[i]: the lookup ConcatDataset.__getitem__ does with cumulative_sizes."""
    part = bisect.bisect_right(ds.cumulative_sizes, i)
    return part, i - (ds.cumulative_sizes[part - 1] if part else 0)


@dataclass(frozen=True)
class Item:
    """What ds[i] returned, as the page shows it; `error` ("IndexError: …") when it raised instead."""
    index: int
    text: str = ""  # the line the script prints for it (item_line)
    value: object = None  # the returned input: a tensor or a PIL image
    label: object = None
    part: int | None = None  # files: which ClassFolder answered, and at which index
    part_index: int | None = None
    file: str | None = None  # files: root/label/name
    error: str | None = None


def describe(value) -> str:
    """One returned value in a line: a tensor's shape and dtype, a picture's size and mode, else its repr."""
    if isinstance(value, torch.Tensor):
        return f"Tensor {list(value.shape)} {value.dtype}"
    if isinstance(value, Image.Image):
        return f"PIL.Image {value.size} {value.mode}"
    return repr(value)


def item_line(i: int, item: tuple, wraps: str) -> str:
    """How the script prints ds[i]: the tuple itself for a few tensors, a description for a picture."""
    if wraps == "tensors":
        return f"ds[{i}] = {item}"
    return f"ds[{i}] -> ({', '.join(describe(value) for value in item)})"


def read_item(ds: Dataset, i: int, wraps: str) -> Item:
    """ds[i] as the page shows it, or the error it raised (a mistake the page teaches, or a file gone)."""
    try:
        item = ds[i]
    except (IndexError, OSError, RuntimeError, TypeError, ValueError) as error:
        return Item(i, error=error_line(error))
    if not isinstance(ds, ConcatDataset):
        return Item(i, item_line(i, item, "tensors"), item[0], item[1])
    part, j = concat_position(ds, i)
    folder = ds.datasets[part]
    return Item(i, item_line(i, item, "files"), item[0], item[1], part, j, f"{folder.folder}/{folder.files[j]}")


def error_line(error: BaseException) -> str:
    """"Type: message", the message's first line only: how Python's traceback ends."""
    message = str(error).strip().splitlines()
    return f"{type(error).__name__}: {message[0]}" if message else type(error).__name__


def picture_array(value, side: int = 128):
    """A returned picture (a (3, H, W) float tensor in 0..1, or a PIL image) as an (H', W', 3) uint8 array,
    each pixel repeated so the longer side is about `side` (small pictures stay sharp)."""
    if isinstance(value, Image.Image):
        value = v2.functional.to_dtype(v2.functional.to_image(value), torch.float32, scale=True)
    pixels = (value.clamp(0, 1) * 255).round().to(torch.uint8)  # (3, H, W)
    scale = max(1, side // max(pixels.shape[1:]))
    return pixels.repeat_interleave(scale, 1).repeat_interleave(scale, 2).permute(1, 2, 0).numpy()
