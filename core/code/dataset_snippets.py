"""The Datasets page's "your own Dataset" as a plain PyTorch script: the class (with the chosen mistake
written in, not a flag), the dataset, ds[i], and a DataLoader's epoch printed as the page shows it
(core.lessons.own_dataset's item_line, core.lessons.own_dataset_loader's BATCH_LINE and DONE_LINE).
A script with a mistake stops with the very error the page shows.
"""

from __future__ import annotations

from core.common.i18n import translate
from core.data.loaders import path_literal
from core.lessons.own_dataset import OwnDatasetConfig
from core.lessons.own_dataset_loader import SHOWN, LoaderChoice

_MISTAKE = "# ← "  # marks the line a mistake changed


def own_dataset_code(config: OwnDatasetConfig, choice: LoaderChoice, index: int, lang: str = "en",
                     shown_root: str | None = None, root_note: str = "") -> str:
    """The whole script. Files: `shown_root` is the folder as the reader has it (the page's may be a
    temporary one), `root_note` a comment that says where it comes from."""
    c = lambda key, **params: translate(lang, f"data.own.code_{key}", **params)  # noqa: E731
    if config.wraps == "tensors":
        head, body = _points(config, c), _points_data(config, index, c)
    else:
        head, body = _folder(config, c), _folder_data(config, index, shown_root or config.root, root_note, c)
    options = f"batch_size={choice.batch_size}"
    options += ", shuffle=True" if choice.shuffle else ""
    options += ", drop_last=True" if choice.drop_last else ""
    return f'''{head}


{body}
# {c("seed")}
torch.manual_seed({choice.seed})
loader = DataLoader(ds, {options})
print("len(loader) =", len(loader))
count = 0
for inputs, labels in loader:  # {c("loop")}
    if count < {SHOWN}:
        print(f"batch {{count}}: {{list(inputs.shape)}} {{inputs.dtype}}, labels {{labels.tolist()}}")
    count += 1
print("epoch done:", count, "batches")
'''


def dataset_class_code(config: OwnDatasetConfig, lang: str = "en") -> str:
    """The script's imports and class alone, for the page to show next to what ds[i] returns."""
    c = lambda key, **params: translate(lang, f"data.own.code_{key}", **params)  # noqa: E731
    return (_points(config, c) if config.wraps == "tensors" else _folder(config, c)) + "\n"


def _points(config: OwnDatasetConfig, c) -> str:
    length = "return len(self.x)"
    item = f"# {c('returns_row', features=config.features)}\n        return self.x[i], self.y[i]"
    if config.mistake == "length":
        length = f"{_MISTAKE}{c('mistake_length')}\n        return len(self.x) + 1"
    elif config.mistake == "sizes":
        item = f"{_MISTAKE}{c('mistake_window')}\n        return self.x[i:i + 2], self.y[i]"
    return f'''import torch
from torch.utils.data import DataLoader, Dataset


class PointsDataset(Dataset):
    """{c("points_doc")}"""

    def __init__(self, x, y):
        self.x, self.y = x, y

    def __len__(self):
        {length}

    def __getitem__(self, i):
        {item}'''


def _points_data(config: OwnDatasetConfig, index: int, c) -> str:
    rows, features = config.rows, config.features
    if config.maker == "arange":
        x = f"x = torch.arange({rows * features}, dtype=torch.float32).reshape({rows}, {features})"
    else:
        x = f"torch.manual_seed({config.seed})\nx = torch.randn({rows}, {features})"
    return f'''# {c("x_shape", rows=rows, features=features)}
{x}
y = torch.arange({rows}) % 2  # {c("y_rule")}
ds = PointsDataset(x, y)
print("len(ds) =", len(ds))
print("ds[{index}] =", ds[{index}])
'''


def _folder(config: OwnDatasetConfig, c) -> str:
    resize = f"v2.Resize(({config.size}, {config.size})),"
    item = f"# {c('returns_picture', size=config.size)}\n        return self.transform(image), self.index"
    length = "return len(self.files)"
    if config.mistake == "sizes":
        resize = f"{_MISTAKE}{c('mistake_no_resize')}"
    elif config.mistake == "seed002":
        item = f"{_MISTAKE}{c('mistake_seed002')}\n        return image, self.label"
    elif config.mistake == "length":
        length = f"{_MISTAKE}{c('mistake_length')}\n        return len(self.files) + 1"
    return f'''import os

import torch
from PIL import Image
from torch.utils.data import ConcatDataset, DataLoader, Dataset
from torchvision.transforms import v2


class ClassFolder(Dataset):
    """{c("folder_doc")}"""

    def __init__(self, root, label, index):
        self.folder = os.path.join(root, label)
        # {c("sorted")}
        self.files = sorted(os.listdir(self.folder))
        self.label, self.index = label, index
        self.transform = v2.Compose([
            {resize}
            v2.ToImage(),
            v2.ToDtype(torch.float32, scale=True),
        ])

    def __len__(self):
        {length}

    def __getitem__(self, i):
        with Image.open(os.path.join(self.folder, self.files[i])) as picture:
            image = picture.convert("RGB")  # {c("rgb")}
        {item}'''


def _folder_data(config: OwnDatasetConfig, index: int, root: str, root_note: str, c) -> str:
    note = f"# {root_note}\n" if root_note else ""
    return f'''def describe(value):
    """{c("describe")}"""
    if isinstance(value, torch.Tensor):
        return f"Tensor {{list(value.shape)}} {{value.dtype}}"
    if isinstance(value, Image.Image):
        return f"PIL.Image {{value.size}} {{value.mode}}"
    return repr(value)


{note}root = {path_literal(root)}
classes = {list(config.classes)!r}
parts = [ClassFolder(root, label, index) for index, label in enumerate(classes)]
# {c("concat")}
ds = ConcatDataset(parts)
print("len(ds) =", len(ds), "cumulative_sizes =", ds.cumulative_sizes)
item = ds[{index}]
print(f"ds[{index}] -> ({{', '.join(describe(value) for value in item)}})")
'''
