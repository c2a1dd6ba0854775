"""The Datasets page's DataLoader: settings as data, the batches they give, and the same loader as code.

The page loads with num_workers=0 (worker processes and a threaded server do not mix), but the
batches are the same with any num_workers: each worker only fetches; the sampler decides the order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch.utils.data import DataLoader, RandomSampler, SequentialSampler, SubsetRandomSampler, TensorDataset

from core.common.i18n import translate

SAMPLERS = ("default", "sequential", "random", "subset")


@dataclass(frozen=True)
class LoaderSettings:
    batch_size: int = 64  # seed 002's batch size
    shuffle: bool = False  # DataLoader's default
    drop_last: bool = False
    sampler: str = "default"  # default (shuffle decides), sequential, random or subset (a train/valid split)
    valid_share: float = 0.2  # subset sampler: the share held out for validation
    num_workers: int = 0
    pin_memory: bool = False
    seed: int = 0  # torch.manual_seed before the loader: the shuffled order repeats

    @property
    def shuffles(self) -> bool:
        return self.shuffle and self.sampler == "default"  # DataLoader refuses shuffle=True with a sampler


def split_indices(n: int, valid_share: float, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """(train, valid) indices of a random split, for a SubsetRandomSampler over the training part."""
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed))
    n_valid = int(n * valid_share)
    return order[n_valid:], order[:n_valid]


def build_sampler(settings: LoaderSettings, n: int):
    if settings.sampler == "sequential":
        return SequentialSampler(range(n))
    if settings.sampler == "random":
        return RandomSampler(range(n))
    if settings.sampler == "subset":
        return SubsetRandomSampler(split_indices(n, settings.valid_share, settings.seed)[0].tolist())
    return None


def sampled_count(settings: LoaderSettings, n: int) -> int:
    return len(split_indices(n, settings.valid_share, settings.seed)[0]) if settings.sampler == "subset" else n


def batch_counts(settings: LoaderSettings, n: int) -> tuple[int, int]:
    """(number of batches, size of the last one): floor with drop_last, else ceil."""
    m, bs = sampled_count(settings, n), settings.batch_size
    if settings.drop_last:
        return m // bs, bs if m >= bs else 0
    return math.ceil(m / bs), (m % bs or bs) if m else 0


def first_batches(images: torch.Tensor, labels: torch.Tensor, settings: LoaderSettings, count: int = 2) -> list:
    """The first `count` (images, labels) batches the loader yields, loaded in this process."""
    loader = DataLoader(TensorDataset(images, labels), batch_size=settings.batch_size, shuffle=settings.shuffles,
                        sampler=build_sampler(settings, len(labels)), drop_last=settings.drop_last, num_workers=0)
    batches = []
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(settings.seed)
        for batch in loader:
            batches.append(batch)  # (B, C, H, W) uint8, (B,) int64
            if len(batches) == count:
                break
    return batches


def class_counts(labels: torch.Tensor, classes: int) -> list[int]:
    return torch.bincount(labels, minlength=classes).tolist()


def loader_code(settings: LoaderSettings, dataset_line: str, lang: str = "en") -> str:
    """A script that builds the dataset and loader and prints what the page shows."""
    c = lambda key, **params: translate(lang, f"code.data_{key}", **params)  # noqa: E731
    sampler_lines, sampler_arg = "", ""
    if settings.sampler == "sequential":
        sampler_lines, sampler_arg = "sampler = SequentialSampler(dataset)\n", ", sampler=sampler"
    elif settings.sampler == "random":
        sampler_lines, sampler_arg = "sampler = RandomSampler(dataset)\n", ", sampler=sampler"
    elif settings.sampler == "subset":
        sampler_lines = (f"# {c('split', share=int(settings.valid_share * 100))}\n"
                         f"order = torch.randperm(len(dataset), generator=torch.Generator().manual_seed({settings.seed}))\n"
                         f"n_valid = int(len(dataset) * {settings.valid_share})\n"
                         "train_idx, valid_idx = order[n_valid:].tolist(), order[:n_valid].tolist()\n"
                         "sampler = SubsetRandomSampler(train_idx)\n")
        sampler_arg = ", sampler=sampler"
    options = f"batch_size={settings.batch_size}"
    options += ", shuffle=True" if settings.shuffles else ""
    options += sampler_arg + (", drop_last=True" if settings.drop_last else "")
    options += f", num_workers={settings.num_workers}" if settings.num_workers else ""
    options += ", pin_memory=True" if settings.pin_memory else ""
    return f'''import torch
from torch.utils.data import DataLoader, RandomSampler, SequentialSampler, SubsetRandomSampler
from torchvision import datasets
from torchvision.transforms import v2

to_tensor = v2.Compose([v2.ToImage(), v2.ToDtype(torch.uint8)])  # {c("raw_pixels")}
{dataset_line}
{sampler_lines}
if __name__ == "__main__":  # {c("main_guard")}
    torch.manual_seed({settings.seed})
    loader = DataLoader(dataset, {options})
    print("batches:", len(loader))
    for i, (images, labels) in enumerate(loader):
        print("batch", i, list(images.shape), images.dtype, labels[:8].tolist())
        if i == 1:
            break
'''


def torchvision_line(class_name: str, root: str, train: bool) -> str:
    return f"dataset = datasets.{class_name}({path_literal(root)}, train={train}, download=False, transform=to_tensor)"


def folder_line(root: str, size: int, from_zip: bool = False, lang: str = "en") -> str:
    """ImageFolder: one sub-folder per class, classes sorted by name; its loader opens each file as RGB."""
    unzip = f"# {translate(lang, 'code.data_unzip', root=root)}\n" if from_zip else ""
    return (f"{unzip}to_tensor = v2.Compose([v2.Resize(({size}, {size})), v2.ToImage(), v2.ToDtype(torch.uint8)])\n"
            f"dataset = datasets.ImageFolder({path_literal(root)}, transform=to_tensor)\n"
            "print(dataset.classes)")


def picture_set_line(root: str, set_name: str, size: int, lang: str = "en") -> str:
    """A picture set built on the Train page is a plain ImageFolder in the server's sets folder: the same
    line, with a comment that names the set (its name is one printable line: core.data.picture_checks)."""
    name = " ".join(set_name.split())  # a comment must stay one line whatever the name holds
    return f"# {translate(lang, 'code.data_picture_set', name=name)}\n" + folder_line(root, size, lang=lang)


def path_literal(path: str) -> str:
    """A path as a Python string literal: "plain" when it can be, else repr (a Windows path's backslashes)."""
    if path.isprintable() and not any(c in path for c in '"\\'):
        return f'"{path}"'
    return repr(path)
