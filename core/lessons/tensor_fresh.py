"""Where a new tensor's numbers come from: torch.Tensor(5, 3) and torch.empty leave memory as it was,
torch.zeros clears it, and uniform_ (trailing underscore: in place) fills a tensor it already has.

Uninitialised memory is shown as it is: whatever bytes were there, different from run to run.
The classic confusion beside it: torch.Tensor([5, 3]) is data, torch.Tensor(5, 3) a shape.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from core.common.i18n import LocalizedError
from core.common.torch_refusal import TorchRefusal
from core.common.torch_words import torch_words

SEED = 0  # torch.manual_seed(SEED) before uniform_: the page and its code draw the same numbers


class FreshError(TorchRefusal):
    """uniform_ refused its range; `torch_message` is torch's own line."""


class RangeError(LocalizedError):
    """A range a learner typed that cannot be drawn from."""


@dataclass
class Fresh:
    shape: tuple[int, int]
    uninitialised: torch.Tensor  # torch.Tensor(*shape), as it came: x before uniform_
    empty: torch.Tensor  # torch.empty(shape)
    zeros: torch.Tensor  # torch.zeros(shape)
    filled: torch.Tensor  # x.uniform_(low, high): the same tensor as x, now filled
    returns_x: bool  # x.uniform_(…) is x
    same_memory: bool  # and its data_ptr did not move: in place means no new memory


def make_fresh(shape: tuple[int, int], low: float, high: float) -> Fresh:
    """The four tensors the page draws, made as the shown code makes them."""
    if not low <= high:
        raise RangeError("tensors_page.fresh.range_order", low=low, high=high)
    x = torch.Tensor(*shape)  # (rows, cols): memory handed out as it was, like torch.empty(*shape)
    before = x.clone()  # its numbers before uniform_ overwrites them
    pointer = x.data_ptr()
    generator = torch.Generator().manual_seed(SEED)  # the same draws as torch.manual_seed(SEED); no shared state
    try:
        filled = x.uniform_(low, high, generator=generator)
    except (RuntimeError, OverflowError) as error:  # a range past float32's
        raise FreshError("tensors_page.fresh.range_refused", torch_words(error)) from None
    return Fresh(shape, before, torch.empty(shape), torch.zeros(shape), filled, filled is x,
                 filled.data_ptr() == pointer)


@dataclass(frozen=True)
class Constructor:
    code: str  # as a learner writes it
    shape: tuple[int, ...] | None  # None: torch refused
    dtype: str | None
    values: str | None  # str(result) when its values mean something; None for uninitialised memory
    error: str | None  # "TypeError: …" when torch refused


CONSTRUCTORS = {  # the calls compared in the table, each run by torch itself
    "torch.Tensor(5, 3)": lambda: torch.Tensor(5, 3),
    "torch.Tensor([5, 3])": lambda: torch.Tensor([5, 3]),
    "torch.tensor([5, 3])": lambda: torch.tensor([5, 3]),
    "torch.tensor(5, 3)": lambda: torch.tensor(5, 3),
}
UNINITIALISED = ("torch.Tensor(5, 3)",)  # their values are whatever memory held: not shown as if they meant something


def compare_constructors() -> list[Constructor]:
    """torch.Tensor vs torch.tensor, with numbers and with a list: what each really makes (or refuses)."""
    rows = []
    for code, make in CONSTRUCTORS.items():
        try:
            result = make()
        except TypeError as error:
            rows.append(Constructor(code, None, None, None, f"TypeError: {torch_words(error)}"))
            continue
        values = None if code in UNINITIALISED else str(result)
        rows.append(Constructor(code, tuple(result.shape), str(result.dtype), values, None))
    return rows
