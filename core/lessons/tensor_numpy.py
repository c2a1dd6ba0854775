"""NumPy ↔ tensor: torch.from_numpy (and .numpy() back) share memory, torch.tensor copies.

The page keeps only the learner's edits; each run builds a, t = torch.from_numpy(a) and
c = torch.tensor(a) afresh and replays the edits on them, so what the grids show is what
NumPy and torch really did, never a story told about them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

NAMES = ("a", "t", "c")  # the NumPy array, torch.from_numpy(a), torch.tensor(a)
SHAPE = (2, 3)  # small enough to read every cell, 2-D so that a cell has a row and a column
STEP = 10  # each edit adds 10: the changed cell stands out from 0 … 5
MAX_EDITS = 12  # lines in the shown code; a person makes the point with two or three


@dataclass(frozen=True)
class Edit:
    name: str  # "a", "t" or "c": which variable the learner changes
    cell: tuple[int, int]
    amount: int = STEP  # repeated clicks on one cell add up: a[0, 1] += 20

    @property
    def code(self) -> str:
        return f"{self.name}[{self.cell[0]}, {self.cell[1]}] += {self.amount}"


@dataclass
class Bridge:
    a: np.ndarray
    t: torch.Tensor
    c: torch.Tensor
    changed: dict[str, np.ndarray]  # per name: which cells differ from the start (bool, SHAPE)
    shares: dict[str, bool]  # per name: np.shares_memory with a (a itself: True)
    back_shares: bool  # np.shares_memory(t.numpy(), a): .numpy() gives the same memory back


def start_array() -> np.ndarray:
    return np.arange(6.0).reshape(SHAPE)  # float64: NumPy's default, kept by both torch calls


def add_edit(edits: list[Edit], name: str, cell: tuple[int, int]) -> list[Edit]:
    """The edits with one more click on `name[cell]`: a click on the same cell as the last one adds to it."""
    if name not in NAMES or not all(0 <= i < n for i, n in zip(cell, SHAPE)):
        raise ValueError(f"no cell {cell} in {name}")
    if edits and edits[-1].name == name and edits[-1].cell == cell:
        return [*edits[:-1], Edit(name, cell, edits[-1].amount + STEP)]
    return [*edits, Edit(name, cell)][-MAX_EDITS:]


def replay(edits: list[Edit]) -> Bridge:
    """a, t and c made as the shown code makes them, then every edit done in order on the real objects."""
    a = start_array()
    t = torch.from_numpy(a)  # shares a's memory: no copy
    c = torch.tensor(a)  # copies a's numbers into memory of its own
    named = {"a": a, "t": t, "c": c}
    for edit in edits:
        named[edit.name][edit.cell] += edit.amount  # in place, on NumPy's or torch's side
    start = start_array()
    changed = {name: np.asarray(value) != start for name, value in named.items()}
    shares = {name: bool(np.shares_memory(a, np.asarray(value))) for name, value in named.items()}
    return Bridge(a, t, c, changed, shares, bool(np.shares_memory(t.numpy(), a)))
