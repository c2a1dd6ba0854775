"""load_state_dict into a model that changed since it was saved: what strict=True says, what strict=False
returns, and which tensors really arrived (compared with torch.equal, not taken on trust).

The saved model is TinyVGG, VGG16's layout in miniature (features.N, classifier.N, ReLU(inplace=True));
each mismatch is one edit to the new model (or to how the file was saved), as seed 002 edits its VGG16.
Two facts the page shows because PyTorch does them: strict=True raises only *after* copying every tensor
that fit, and a shape mismatch raises even with strict=False (after copying the rest, too).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch import nn
from torch.nn.modules.utils import consume_prefix_in_state_dict_if_present

SAVED_SEED = 0  # the saved model's weights
NEW_SEED = 1  # the new model's initial weights: different, so "loaded" and "left at init" tell apart


class TinyVGG(nn.Module):
    """VGG16's shape, small: features (conv, ReLU, pool ×2), avgpool, classifier (Linear, ReLU, Dropout, Linear)."""

    def __init__(self, num_classes: int = 10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(inplace=True), nn.MaxPool2d(2),  # features.0: (N, 8, 16, 16)
            nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(inplace=True), nn.MaxPool2d(2),  # features.3: (N, 16, 8, 8)
        )
        self.avgpool = nn.AdaptiveAvgPool2d((2, 2))  # (N, 16, 2, 2), as VGG16 pools to (N, 512, 7, 7)
        self.classifier = nn.Sequential(
            nn.Linear(16 * 2 * 2, 32), nn.ReLU(inplace=True), nn.Dropout(),  # classifier.0
            nn.Linear(32, num_classes),  # classifier.3
        )

    def forward(self, x):  # x: (N, 3, 32, 32), a CIFAR-10 picture
        return self.classifier(torch.flatten(self.avgpool(self.features(x)), 1))  # (N, num_classes)


def _add_module(model: nn.Module) -> None:
    model.classifier.add_module("add_linear", nn.Linear(10, 2))


def _insert(model: nn.Module) -> None:
    model.features.insert(1, nn.BatchNorm2d(8))


def _rename(model: nn.Module) -> None:
    model.head = model.classifier
    del model.classifier


def _no_head(model: nn.Module) -> None:
    model.classifier = nn.Identity()


def _new_head(model: nn.Module) -> None:
    model.classifier[3] = nn.Linear(32, 2)


def _keep(model: nn.Module) -> None:
    pass


def _strip_module(state: dict, model: nn.Module) -> dict:
    consume_prefix_in_state_dict_if_present(state, "module.")
    return state


def _rename_keys(state: dict, model: nn.Module) -> dict:
    return {key.replace("classifier.", "head.", 1): value for key, value in state.items()}


def _renumber(state: dict, model: nn.Module) -> dict:
    return {key.replace("features.3.", "features.4.", 1): value for key, value in state.items()}


def _drop_misfits(state: dict, model: nn.Module) -> dict:
    own = model.state_dict()
    return {key: value for key, value in state.items() if key not in own or value.shape == own[key].shape}


@dataclass(frozen=True)
class Mismatch:
    """One way a saved file and a model can disagree; its code lives in core.code.save_load_snippets."""

    name: str
    change: Callable[[nn.Module], None]  # the edit to the new model
    data_parallel: bool = False  # the file was saved from nn.DataParallel(model): every key starts "module."
    fix: Callable[[dict, nn.Module], dict] | None = None  # the usual repair of the loaded dict, if one is needed


MISMATCHES = {m.name: m for m in (
    Mismatch("add_module", _add_module),
    Mismatch("insert", _insert, fix=_renumber),
    Mismatch("rename", _rename, fix=_rename_keys),
    Mismatch("no_head", _no_head),
    Mismatch("new_head", _new_head, fix=_drop_misfits),
    Mismatch("data_parallel", _keep, data_parallel=True, fix=_strip_module),
)}


@dataclass(frozen=True)
class KeyRow:
    """One key of the file or the model after the load: 'loaded', 'init', 'mismatch' or 'unexpected'."""

    key: str
    file_shape: tuple[int, ...] | None  # None: the file has no such key
    model_shape: tuple[int, ...] | None  # None: the model has no such key
    status: str


@dataclass(frozen=True)
class LoadOutcome:
    """What one load_state_dict call did: its error or its returned _IncompatibleKeys, and every key's fate."""

    mismatch: str
    strict: bool
    fixed: bool
    error: str | None  # the RuntimeError's message, when it raised
    result: str | None  # repr of the returned _IncompatibleKeys, when it returned
    missing_keys: list[str]
    unexpected_keys: list[str]
    rows: list[KeyRow]

    def count(self, status: str) -> int:
        return sum(row.status == status for row in self.rows)


def saved_state(data_parallel: bool = False) -> dict[str, torch.Tensor]:
    """The file's contents: TinyVGG's state_dict, saved from the bare model or from nn.DataParallel around it."""
    torch.manual_seed(SAVED_SEED)
    saved = TinyVGG()
    return (nn.DataParallel(saved) if data_parallel else saved).state_dict()


def changed_model(name: str) -> nn.Module:
    torch.manual_seed(NEW_SEED)
    model = TinyVGG()
    MISMATCHES[name].change(model)
    return model


def load_into_changed(name: str, strict: bool, fixed: bool = False) -> LoadOutcome:
    """Load the saved TinyVGG into the changed one, as the page's script does, and compare every tensor after."""
    if name not in MISMATCHES:
        raise ValueError(f"Unknown mismatch {name!r}; choose one of {tuple(MISMATCHES)}")
    mismatch = MISMATCHES[name]
    fixed = fixed and mismatch.fix is not None
    state = saved_state(mismatch.data_parallel)
    model = changed_model(name)
    if fixed:
        state = mismatch.fix(state, model)
    before = {key: tensor.clone() for key, tensor in model.state_dict().items()}
    error = result = None
    missing, unexpected = [], []
    try:
        keys = model.load_state_dict(state, strict=strict)
        result, missing, unexpected = repr(keys), list(keys.missing_keys), list(keys.unexpected_keys)
    except RuntimeError as exc:
        error = str(exc)
    rows = key_rows(state, before, model.state_dict())
    return LoadOutcome(name, strict, fixed, error, result, missing, unexpected, rows)


def key_rows(state: dict, before: dict, after: dict) -> list[KeyRow]:
    """Each model key (its fate read from the tensors), then each file key the model has no place for."""
    rows = []
    for key, tensor in after.items():
        theirs = state.get(key)
        if theirs is not None and theirs.shape != tensor.shape:
            status = "mismatch"
        elif theirs is not None and torch.equal(tensor, theirs):
            status = "loaded"
        elif torch.equal(tensor, before[key]):
            status = "init"
        else:
            raise AssertionError(f"{key} changed but not into the file's tensor")  # load_state_dict only copies
        rows.append(KeyRow(key, None if theirs is None else tuple(theirs.shape), tuple(tensor.shape), status))
    rows += [KeyRow(key, tuple(tensor.shape), None, "unexpected") for key, tensor in state.items() if key not in after]
    return rows
