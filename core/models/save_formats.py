"""The two ways to torch.save a model, and what each file holds: tensors, or a pickled class reference.

`torch.save(model.state_dict(), f)` stores names → tensors; `torch.save(model, f)` pickles the
module object, which stores *where its class lives* ("core.models.seeds", "ConvNet"), not its code.
Everything here reads files by their bytes and opcodes; nothing unpickles a file it did not write.
"""

from __future__ import annotations

import pickletools
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

RUN_TIMEOUT_S = 90  # a fresh Python that imports torch twice; generous for a busy 2-core machine


@dataclass(frozen=True)
class TensorRow:
    """One entry of a state_dict, as a table row."""

    key: str  # e.g. "conv1.weight"
    shape: tuple[int, ...]
    dtype: str  # "float32"
    numel: int


@dataclass(frozen=True)
class SavedPair:
    """The same model saved both ways, side by side."""

    weights_path: Path  # torch.save(model.state_dict(), …)
    whole_path: Path  # torch.save(model, …)
    weights_bytes: int
    whole_bytes: int


def save_both_ways(model: nn.Module, folder: Path | str) -> SavedPair:
    """Write `weights.pt` (state_dict) and `model.pt` (whole pickled model) into `folder`."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    weights, whole = folder / "weights.pt", folder / "model.pt"
    torch.save(model.state_dict(), weights)
    torch.save(model, whole)
    return SavedPair(weights, whole, weights.stat().st_size, whole.stat().st_size)


def state_dict_rows(state: dict) -> list[TensorRow]:
    """Keys, shapes and dtypes of a state_dict, in layer order."""
    return [TensorRow(k, tuple(v.shape), str(v.dtype).removeprefix("torch."), v.numel()) for k, v in state.items()]


def pickled_globals(path: Path | str) -> list[str]:
    """The "module.Name" references inside a torch.save zip, read from the pickle's opcodes (never run).

    These are what torch.load must import to rebuild the object: for a whole model, its class.
    """
    with zipfile.ZipFile(path) as archive:
        pickle_name = next(n for n in archive.namelist() if n.endswith("/data.pkl"))
        data = archive.read(pickle_name)
    found, strings = [], []
    for op, arg, _ in pickletools.genops(data):
        if op.name in ("GLOBAL", "INST"):  # protocol 0-1: "module name" in one argument
            found.append(".".join(str(arg).split(" ", 1)))
        elif op.name == "STACK_GLOBAL" and len(strings) >= 2:  # protocol 2+: the two last strings pushed
            found.append(f"{strings[-2]}.{strings[-1]}")
        if isinstance(arg, str) and "UNICODE" in op.name:
            strings.append(arg)
    return list(dict.fromkeys(found))  # unique, in first-seen order


def class_references(path: Path | str) -> list[str]:
    """The pickled references that are not torch's own: the classes torch.load will have to import."""
    return [g for g in pickled_globals(path) if not g.startswith(("torch.", "collections.", "builtins.", "__builtin__."))]


def load_elsewhere(whole_path: Path | str, folder: Path | str) -> str:
    """Open a whole-model file we saved in a fresh Python outside the repo; the error it meets.

    Our models' classes live in `core.models.seeds`, which that Python cannot import: this is
    what happens to anyone we send the file to. (Our own file, so weights_only=False is safe here.)
    """
    folder = Path(folder)
    (folder / "model.pt").write_bytes(Path(whole_path).read_bytes())
    try:
        run_script('import torch\ntorch.load("model.pt", weights_only=False)\nprint("loaded")', folder)
    except RuntimeError as error:
        return str(error)
    return "loaded"


def run_script(code: str, folder: Path | str, timeout: float = RUN_TIMEOUT_S) -> str:
    """Run a script we generated (never user input) in a fresh Python inside `folder`; its output.

    A fresh process is the honest way to show what a *different* program sees when it
    loads a file: it has none of the classes this server has imported.
    """
    folder = Path(folder)
    script = folder / "snippet.py"
    script.write_text(code, encoding="utf-8")
    try:
        done = subprocess.run([sys.executable, "-I", script.name], cwd=folder, capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"no answer after {timeout:.0f} s (the machine is busy)") from exc
    if done.returncode != 0:
        last = done.stderr.strip().splitlines()[-1:] or [f"exit code {done.returncode}"]
        raise RuntimeError(last[0])
    return done.stdout
