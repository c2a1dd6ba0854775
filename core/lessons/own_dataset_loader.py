"""A DataLoader over your own Dataset, walked through one epoch: the batches it makes, which samples went
into each, and, when __getitem__ or __len__ is wrong, the batch that fails and why, in words.

The page loads with shuffle=True through `sampler=RandomSampler(ds)`, which is what DataLoader builds for
shuffle=True: the same draws from the same seed, so the script that says shuffle=True prints the same
batches (a test checks). The sampler is wrapped only to note which indices it handed out.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch.utils.data import DataLoader, Dataset, RandomSampler, Sampler, SequentialSampler

from core.lessons.own_dataset import error_line

SHOWN = 4  # batches the page draws and the script prints
WALK_LIMIT = 120  # samples walked at most; past it, only the shown batches (a photo decodes in 10-40 ms)
BATCH_LINE = "batch {index}: {shape} {dtype}, labels {labels}"  # page and script alike
DONE_LINE = "epoch done: {count} batches"


@dataclass(frozen=True)
class LoaderChoice:
    batch_size: int = 4  # a few samples: several batches, and a last one that is smaller
    shuffle: bool = False  # DataLoader's default
    drop_last: bool = False
    seed: int = 0  # torch.manual_seed before the loop: the shuffled order repeats


@dataclass(frozen=True)
class Batch:
    index: int
    indices: list[int]  # the ds[i] that went into it, in order
    inputs: torch.Tensor  # (B, ...) whatever __getitem__ returned, stacked
    labels: object  # (B,) int64, or whatever the default collate made of the labels

    @property
    def line(self) -> str:
        labels = self.labels.tolist() if isinstance(self.labels, torch.Tensor) else self.labels
        return BATCH_LINE.format(index=self.index, shape=list(self.inputs.shape), dtype=self.inputs.dtype,
                                 labels=labels)


@dataclass(frozen=True)
class Failure:
    batch: int  # the batch that could not be made
    indices: list[int]  # the samples it asked for
    kind: str  # sizes, collate_type, index or other: which explanation fits (failure_kind)
    error: str  # "RuntimeError: stack expects …", as a traceback ends


@dataclass(frozen=True)
class Walk:
    length: int  # len(loader)
    batches: list[Batch]  # the first SHOWN
    made: int  # batches made before the end or the failure
    failure: Failure | None
    complete: bool  # the whole epoch was walked (else only the shown batches: a large dataset)


class _Noted(Sampler):
    """Hands out the inner sampler's indices unchanged and notes them."""

    def __init__(self, inner: Sampler):
        self.inner, self.seen = inner, []

    def __len__(self) -> int:
        return len(self.inner)

    def __iter__(self):
        for i in self.inner:
            self.seen.append(i)
            yield i


def walk_loader(ds: Dataset, choice: LoaderChoice, shown: int = SHOWN, walk_limit: int = WALK_LIMIT) -> Walk:
    """One epoch of DataLoader(ds, batch_size, shuffle, drop_last) after torch.manual_seed(seed), in this
    process (num_workers=0), as the script runs it."""
    noted = _Noted(RandomSampler(ds) if choice.shuffle else SequentialSampler(ds))
    loader = DataLoader(ds, batch_size=choice.batch_size, sampler=noted, drop_last=choice.drop_last)
    complete = len(ds) <= walk_limit
    batches, made, failure = [], 0, None
    size = choice.batch_size
    with torch.random.fork_rng(devices=[]):  # the seed is the page's, the server's generator is left as it was
        torch.manual_seed(choice.seed)
        try:
            for inputs, labels in loader:
                if made < shown:
                    batches.append(Batch(made, noted.seen[made * size:(made + 1) * size], inputs, labels))
                made += 1
                if made == shown and not complete:
                    break
        except (IndexError, OSError, RuntimeError, TypeError, ValueError) as error:
            failure = Failure(made, noted.seen[made * size:(made + 1) * size], failure_kind(error), error_line(error))
    return Walk(len(loader), batches, made, failure, complete)


def failure_kind(error: BaseException) -> str:
    """Which explanation the page gives: the default collate's two refusals, an index past the end, or other."""
    text = str(error)
    if isinstance(error, RuntimeError) and "stack expects each tensor to be equal size" in text:
        return "sizes"
    if isinstance(error, TypeError) and "default_collate" in text:
        return "collate_type"
    if isinstance(error, IndexError):
        return "index"
    return "other"
