"""Which trained digit readers exist on disk: the shipped one, other checkpoints, runs from the Train page."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from core.models.checkpoints import SHIPPED, read_metadata
from core.training.runs import runs_dir


@dataclass(frozen=True)
class ModelChoice:
    path: Path
    model: str  # registry name
    test_acc: float | None
    origin: str  # "shipped", "checkpoint" or "run"


def list_digit_models(owner: str | None = None) -> list[ModelChoice]:
    """MNIST models, shipped first, then other checkpoints, then `owner`'s runs (newest first)."""
    found = [_choice(SHIPPED, "shipped")]
    found += [_choice(p, "checkpoint") for p in sorted(SHIPPED.parent.glob("*.pt")) if p != SHIPPED]
    runs = sorted(runs_dir().glob("*/best.pt"), key=lambda p: p.stat().st_mtime, reverse=True)
    found += [_choice(p, "run") for p in runs if _owned_by(p.parent, owner)]
    return [c for c in found if c is not None]


def _owned_by(run_dir: Path, owner: str | None) -> bool:
    """A run is listed only to the browser that made it (see ui.common.identity)."""
    try:
        return json.loads((run_dir / "config.json").read_text(encoding="utf-8")).get("owner") == owner
    except (OSError, ValueError):
        return False


def _choice(path: Path, origin: str) -> ModelChoice | None:
    meta = read_metadata(path)
    if not path.exists() or meta is None or meta.get("dataset", "mnist") != "mnist":
        return None
    return ModelChoice(path, meta.get("model", "?"), meta.get("test_acc"), origin)
