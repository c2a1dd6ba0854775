"""Training runs on disk: runs/<id>/ with config.json, metrics.jsonl, best/last checkpoints, TensorBoard logs.

Run ids are unguessable (a timestamp for sorting + 64 random bits), and every run
records its owner (a per-browser token) so one user's runs are never listed to another.
"""

from __future__ import annotations

import json
import math
import os
import re
import secrets
import shlex
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from torch import nn

from core.common.atomic import write_text_atomically
from core.models.checkpoints import REPO_ROOT, save_checkpoint
from core.training.config import TrainConfig

_RUN_ID = re.compile(r"^\d{8}-\d{6}-[A-Za-z0-9_-]{11}$")  # also refuses "..", "/" and friends


def runs_dir() -> Path:
    """Where runs are kept: env TORCHLAB_RUNS, else ./runs."""
    return Path(os.environ.get("TORCHLAB_RUNS") or REPO_ROOT / "runs")


def tensorboard_command(root: Path | None = None) -> str:
    """The command that shows every run's TensorBoard logs: `--logdir` names where runs really are
    (TORCHLAB_RUNS may have moved them), relative to the working directory when it is below it."""
    root = Path(root or runs_dir()).resolve()
    try:
        shown = str(root.relative_to(Path.cwd().resolve()))
    except ValueError:
        shown = str(root)
    return f"tensorboard --logdir {shlex.quote(shown)}"


class RunNotFound(KeyError):
    """No run with that id (or one that belongs to someone else)."""


@dataclass(frozen=True)
class RunSummary:
    id: str
    model: str
    dataset: str
    optimizer: str
    lr: float
    epochs_done: int
    best_acc: float | None
    status: str  # "running", "finished", "stopped", "diverged", "failed"
    created: float  # seconds since the epoch
    config: dict = field(default_factory=dict, compare=False)  # every setting, to tell runs apart in a table


class Run:
    """One run's folder. Writers append; readers never see half a file (atomic JSON, line-wise JSONL)."""

    def __init__(self, path: Path):
        self.path = path
        self.id = path.name

    @property
    def tensorboard_dir(self) -> Path:
        return self.path / "tensorboard"

    def read_info(self) -> dict:
        return json.loads((self.path / "config.json").read_text(encoding="utf-8"))

    def shareable_info(self) -> dict:
        """The run's info.json as a download: everything but the owner, the private per-browser token
        that opens this user's runs (it is in their URL; a shared config.json must not carry it)."""
        return {key: value for key, value in self.read_info().items() if key != "owner"}

    def write_info(self, info: dict) -> None:
        write_text_atomically(self.path / "config.json", json.dumps(info, indent=2) + "\n")

    def update_info(self, **changes) -> None:
        self.write_info({**self.read_info(), **changes})

    @contextmanager
    def metrics_log(self) -> Iterator[Callable[[dict], None]]:
        """A function that appends a record to metrics.jsonl, the file held open for the block.
        A job appends every step, and opening the file each time cost the training thread
        0.2 ms a step (1% of training). Each line is flushed whole: readers follow the run."""
        with open(self.path / "metrics.jsonl", "a", encoding="utf-8") as f:
            def append(record: dict) -> None:
                f.write(json.dumps(record) + "\n")
                f.flush()

            yield append

    def read_metrics(self) -> list[dict]:
        """Every complete line; a line cut short by a crash is skipped, not fatal."""
        path = self.path / "metrics.jsonl"
        if not path.exists():
            return []
        records = []
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                records.append(json.loads(line))
            except ValueError:
                continue
        return records

    def save_weights(self, model: nn.Module, which: str, meta: dict) -> Path:
        """best.pt or last.pt (+ .json), atomically; `meta` carries best_acc (seed 004 names it best_acc1)."""
        path = self.path / f"{which}.pt"
        save_checkpoint(path, model, self.read_info()["config"]["model"], meta)
        return path


class RunStore:
    def __init__(self, root: Path | None = None):
        self.root = Path(root) if root is not None else runs_dir()

    def create(self, config: TrainConfig, owner: str) -> Run:
        run_id = time.strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_urlsafe(8)
        run = Run(self.root / run_id)
        run.path.mkdir(parents=True)
        run.write_info({"id": run_id, "owner": owner, "created": time.time(), "status": "running",
                        "config": config.to_dict(), "best_acc": None, "epochs_done": 0})
        return run

    def get(self, run_id: str, owner: str | None = None) -> Run:
        if not _RUN_ID.match(run_id) or not (self.root / run_id / "config.json").exists():
            raise RunNotFound(run_id)
        run = Run(self.root / run_id)
        if owner is not None and run.read_info().get("owner") != owner:
            raise RunNotFound(run_id)
        return run

    def list(self, owner: str | None = None) -> list[RunSummary]:
        """Runs newest first; only `owner`'s when given."""
        summaries = []
        for path in sorted(self.root.glob("*/config.json"), reverse=True):
            if not _RUN_ID.match(path.parent.name):
                continue
            try:
                info = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if owner is not None and info.get("owner") != owner:
                continue
            cfg = info.get("config", {})
            summaries.append(RunSummary(info["id"], cfg.get("model", "?"), cfg.get("dataset", "?"),
                                        cfg.get("optimizer", "?"), cfg.get("lr", 0.0), info.get("epochs_done", 0),
                                        _accuracy_or_none(info.get("best_acc")), info.get("status", "?"),
                                        info.get("created", 0.0), cfg))
        return summaries

    def delete(self, run_id: str, owner: str | None = None) -> None:
        """Gone for good: the page asks first (ui/train/run_delete.py), so this never runs on one click."""
        shutil.rmtree(self.get(run_id, owner).path)


def _accuracy_or_none(value) -> float | None:
    """A run that never finished an evaluation (or wrote NaN) has no best accuracy, not a number to show."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None
