"""Save and load model weights safely: state_dict + JSON metadata, never pickled code.

A TorchLab checkpoint is a `.pt` file holding {format, model, state_dict, meta_json}
plus a human-readable `.json` beside it. Loading uses `torch.load(weights_only=True)`,
so a file that carries code is refused instead of run.
"""

from __future__ import annotations

import functools
import io
import json
import pickle
import pickletools
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

import torch
from torch import nn

from core.common.atomic import write_atomically, write_text_atomically
from core.common.i18n import LocalizedError, Message
from core.data.normalization import checkpoint_stats, remember_normalization
from core.models import create_model, get_model_info, list_models
from core.models.heads import with_classes

FORMAT = "torchlab-checkpoint/1"
REPO_ROOT = Path(__file__).resolve().parents[2]
SHIPPED = REPO_ROOT / "checkpoints" / "mnist-convnet.pt"
_PREFIXES = ("module.", "_orig_mod.")  # added by DataParallel/DDP and torch.compile
# Where training scripts keep the weights inside a checkpoint dict, tried in this order: seed 004 and
# the Train page's script use "state_dict"; PyTorch's "saving a general checkpoint" recipe uses
# "model_state_dict"; many scripts save {"epoch", "model", "optimizer", …}.
WEIGHTS_KEYS = ("state_dict", "model_state_dict", "model")
TORCHLAB, BARE = "torchlab", "bare"  # the other two layouts: ours (FORMAT), and a file that is the state_dict


class CheckpointError(LocalizedError, ValueError):
    """The file is not a checkpoint TorchLab can load; the message says why and what to do."""


@dataclass
class ReadCheckpoint:
    """A file read with weights_only=True: everything in it, and the weights found inside."""

    content: object  # the whole loaded object (optimizer state and all), for showing what the file holds
    layout: str  # TORCHLAB, BARE, or the key of WEIGHTS_KEYS the weights were under
    state_dict: dict  # names → tensors, DataParallel's "module." and torch.compile's "_orig_mod." removed
    model_name: str | None  # the registry model the file names (ours: "model", seed 004's: "arch"), if any
    meta: dict


@dataclass
class LoadedCheckpoint:
    model: nn.Module  # in eval mode, on the CPU; its input_normalization says how to feed it (core.data.normalization)
    model_name: str
    meta: dict

    @property
    def classes(self) -> list[str] | None:
        """The class names of a run on your own pictures (output i is classes[i]); None for a built-in dataset's."""
        return _class_names(self.meta)

    @property
    def input_shape(self) -> tuple[int, int, int]:
        """(C, H, W) the model was trained on: what the run recorded, else what its architecture was made for."""
        shape = self.meta.get("input_shape")
        if isinstance(shape, list) and len(shape) == 3 and all(isinstance(v, int) for v in shape):
            return tuple(shape)
        return tuple(get_model_info(self.model_name).input_shape)


def save_checkpoint(path: Path | str, model: nn.Module, model_name: str, meta: dict | None = None) -> dict:
    """Write `path` (.pt) and its `.json` beside it, each atomically. Returns the metadata written."""
    path = Path(path)
    meta = {
        "model": model_name,
        "torch_version": torch.__version__,
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "parameters": sum(p.numel() for p in model.parameters()),
        **(meta or {}),
    }
    state = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
    blob = {"format": FORMAT, "model": model_name, "state_dict": state, "meta_json": json.dumps(meta)}
    write_atomically(path, lambda tmp: torch.save(blob, tmp))
    write_text_atomically(path.with_suffix(".json"), json.dumps(meta, indent=2) + "\n")
    return meta


def read_metadata(path: Path | str) -> dict | None:
    """The `.json` beside a checkpoint, without touching the weights; None if absent or unreadable."""
    try:
        return json.loads(Path(path).with_suffix(".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def read_checkpoint(source: Path | str | bytes | BinaryIO) -> ReadCheckpoint:
    """The one reader behind every checkpoint and upload in the app (Draw, Save & load, Models pages):
    the same layouts accepted everywhere, the same CheckpointError for everything else."""
    content = _torch_load(source)
    state, name, meta = _unpack(content)
    return ReadCheckpoint(content, checkpoint_layout(content), state, name, meta)


def load_checkpoint(source: Path | str | bytes | BinaryIO | ReadCheckpoint,
                    model_name: str | None = None) -> LoadedCheckpoint:
    """Rebuild a model from a file, bytes or stream; CheckpointError for anything that is not ours.

    A model whose metadata holds its training config keeps the (mean, std) it learned from as
    `model.input_normalization` (0.5/0.5 or none are not MNIST's): core.vision.inference feeds it so.
    A run on your own pictures records its classes: the model gets a head of that many outputs."""
    found = source if isinstance(source, ReadCheckpoint) else read_checkpoint(source)  # read once, e.g. an upload
    state, name, meta = found.state_dict, found.model_name, found.meta
    name = model_name or name or _guess_architecture(state)
    if name not in list_models():
        raise CheckpointError("errors.ckpt_unknown_model", model=name)
    model = create_model(name)
    classes = _class_names(meta)
    if classes is not None:
        model = with_classes(model, len(classes))  # e.g. Linear(64, 3) for three folders, as it was trained
    check_fits(state, model, name)
    model.load_state_dict(state, strict=True)
    try:
        stats = checkpoint_stats(meta)
    except ValueError as exc:  # a config naming a normalisation we cannot rebuild: never guess one
        raise CheckpointError("errors.ckpt_normalization", reason=str(exc)) from exc
    if stats is not None:
        remember_normalization(model, stats)
    return LoadedCheckpoint(model.eval(), name, meta)


def _class_names(meta: dict) -> list[str] | None:
    classes = meta.get("classes")
    if isinstance(classes, list) and len(classes) >= 2 and all(isinstance(c, str) for c in classes):
        return classes
    return None


def read_state_dict(source: Path | str | bytes | BinaryIO) -> dict:
    """The tensors in any .pt/.pth file: ours, a training checkpoint (WEIGHTS_KEYS) or a bare
    state_dict (torchvision's published weights are one). CheckpointError for anything else."""
    return read_checkpoint(source).state_dict


def load_weights_only(source: Path | str | bytes | BinaryIO) -> object:
    """Whatever a .pt file holds, read with weights_only=True (tensors, dicts, numbers, strings);
    CheckpointError for a file that is missing, junk, or carries classes or code."""
    return _torch_load(source)


def _torch_load(source) -> object:
    if isinstance(source, (str, Path)):
        try:
            source = Path(source).read_bytes()
        except FileNotFoundError as exc:
            raise CheckpointError("errors.ckpt_not_found", path=source) from exc
        except OSError as exc:
            raise CheckpointError("errors.ckpt_unreadable", path=source, reason=exc.strerror) from exc
    elif not isinstance(source, (bytes, bytearray)):
        source = source.read()
    if not source:
        raise CheckpointError("errors.ckpt_empty")
    try:
        return torch.load(io.BytesIO(source), map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        if "GLOBAL" not in str(exc).upper() and not _pickle_imports(source):
            raise CheckpointError("errors.ckpt_not_checkpoint") from exc  # junk bytes, not a refused pickle
        raise CheckpointError("errors.ckpt_code") from exc
    except Exception as exc:  # zip/pickle readers raise many types for a file that is not a checkpoint
        raise CheckpointError("errors.ckpt_not_checkpoint") from exc


def _pickle_imports(data: bytes) -> bool:
    """Whether a plain pickle names a class or function to import; read by opcodes, never run."""
    try:
        return any(op.name in ("GLOBAL", "STACK_GLOBAL", "INST") for op, _, _ in pickletools.genops(data))
    except Exception:  # not a well-formed pickle at all
        return False


def checkpoint_layout(obj) -> str:
    """Where a loaded file keeps its weights: TORCHLAB, a key of WEIGHTS_KEYS, or BARE (the file is
    the state_dict). CheckpointError naming what the file holds instead, for anything else."""
    if isinstance(obj, dict) and obj.get("format") == FORMAT:
        return TORCHLAB
    if isinstance(obj, dict):
        for key in WEIGHTS_KEYS:
            if isinstance(obj.get(key), dict):
                return key
        if obj and all(isinstance(v, torch.Tensor) for v in obj.values()):
            return BARE
    found = "{" + ", ".join(map(str, list(obj)[:6])) + "}" if isinstance(obj, dict) else type(obj).__name__
    raise CheckpointError("errors.ckpt_no_weights", found=found, keys=", ".join(WEIGHTS_KEYS[:-1]),
                          last=WEIGHTS_KEYS[-1])


def _unpack(obj) -> tuple[dict, str | None, dict]:
    """Find the state_dict in our format, a training checkpoint (WEIGHTS_KEYS), or a bare one."""
    if isinstance(obj, dict) and obj.get("format") == FORMAT:
        try:
            meta = json.loads(obj.get("meta_json", "{}"))
        except ValueError:
            meta = {}
        return _clean(obj.get("state_dict")), obj.get("model"), meta
    key = checkpoint_layout(obj)
    if key == BARE:
        return _clean(obj), None, {}
    extra = {k: v for k, v in obj.items() if isinstance(v, (int, float, str))}  # e.g. epoch, arch, best_acc1
    arch = obj.get("arch")  # seed 004's model name: a torchvision one ("resnet18") is not ours, so guess then
    return _clean(obj[key]), arch if isinstance(arch, str) and arch in list_models() else None, extra


def _clean(state) -> dict:
    if not isinstance(state, dict) or not state or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise CheckpointError("errors.ckpt_not_state_dict")
    out = {}
    for key, value in state.items():
        while key.startswith(_PREFIXES):  # e.g. "_orig_mod.module.conv1.weight"
            key = key[len(next(p for p in _PREFIXES if key.startswith(p))):]
        out[key] = value
    return out


def _guess_architecture(state: dict) -> str:
    """The registry model whose parameter names and shapes match exactly."""
    for name in list_models():
        expected = _shapes(name)
        if expected.keys() == state.keys() and all(expected[k] == state[k].shape for k in state):
            return name
    raise CheckpointError("errors.ckpt_no_architecture", models=", ".join(list_models()), layers=_describe(state))


@functools.cache  # a registered name always stands for the same architecture
def _shapes(name: str) -> dict[str, torch.Size]:
    """A registry model's tensor names and shapes, once per name, built on the meta device: shapes
    without storage or random initialisation (ResNet-18 would allocate and fill 45 MB of weights)."""
    with torch.device("meta"):
        model = create_model(name)
    return {key: value.shape for key, value in model.state_dict().items()}


def check_fits(state: dict, model: nn.Module, name: str) -> None:
    """CheckpointError naming the first missing, unexpected or misshapen tensors; or NaN weights."""
    expected = model.state_dict()
    missing = sorted(expected.keys() - state.keys())
    unexpected = sorted(state.keys() - expected.keys())
    wrong = [k for k in expected if k in state and expected[k].shape != state[k].shape]  # in layer order
    if missing or unexpected or wrong:
        problems = []
        if missing:
            problems.append(Message("errors.ckpt_missing_keys", {"keys": ", ".join(missing[:3])}))
        if unexpected:
            problems.append(Message("errors.ckpt_unexpected_keys", {"keys": ", ".join(unexpected[:3])}))
        if wrong:
            k = wrong[0]
            problems.append(Message("errors.ckpt_wrong_shape", {
                "key": k, "shape": list(state[k].shape), "model": name, "needed": list(expected[k].shape)}))
        raise CheckpointError("errors.ckpt_mismatch", model=name, problems=problems)
    for key, value in state.items():
        if value.is_floating_point() and not torch.isfinite(value).all():
            raise CheckpointError("errors.ckpt_not_finite", key=key)


def _describe(state: dict) -> str:
    items = list(state.items())[:3]
    return ", ".join(f"{k} {list(v.shape)}" for k, v in items)

