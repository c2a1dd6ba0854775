"""What makes the Speedrun preset fast: its ingredients, each taken out in turn and timed to 99% again.

Leave-one-out, not a chain of changes: each ingredient is swapped back for what the Fast preset does
(seed 000's ConvNet, a cosine schedule, no label smoothing, Adam's 0.004, fp32 for bf16; seed 000's batch 512),
the rest stays, and the run is timed to the target again, with as many epochs as it then needs. The
seconds it loses are that ingredient's share. bench/speedrun.py measures them and saves
speedrun_measured.json beside this file; the Train page shows those figures with the machine they
came from, so a number on the page is one somebody measured, not one we derived.
"""

from __future__ import annotations

import json
import statistics
import threading
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from core.training.config import TrainConfig
from core.training.loop import seeded_model, train
from core.training.presets import preset
from core.training.records import EndRecord, EpochRecord

TARGET = 0.99
# ingredient -> what the run does without it: the Fast preset's choice for that one knob
INGREDIENTS: dict[str, dict] = {
    "net": {"model": "convnet"},  # seed 000's ConvNet (no batch norm) instead of the small batch-norm net
    "onecycle": {"schedule": "cosine"},  # no warm-up: cosine from the top, as the Fast preset
    "lr": {"lr": 4e-3},  # the Fast preset's Adam lr
    "label_smoothing": {"label_smoothing": 0.0},
    "batch": {"batch_size": 512},  # seed 000's batch: half the steps per epoch again
    "bf16": {"precision": "fp32"},  # every multiply in fp32
}
MAX_EPOCHS = 4  # an ingredient left out may need more passes; past this many it "did not reach" the target
MEASURED = Path(__file__).with_name("speedrun_measured.json")


@dataclass
class Reached:
    """One timed run: seconds from the call to the first evaluation at the target (None: never), its epoch,
    the best accuracy of the run, the epochs it was set to, and (time_without) what the one-epoch run scored."""

    seconds: float | None
    epoch: int | None
    best_acc: float
    epochs: int
    one_epoch_acc: float | None = None


def time_to_target(config: TrainConfig, target: float = TARGET, stop: threading.Event | None = None) -> Reached:
    """Train `config` (model built inside the timing) and time it to the first evaluation ≥ target;
    the run goes on to its end, so `best_acc` says where it finished."""
    start, seconds, at_epoch, best = time.perf_counter(), None, None, 0.0
    for record in train(config, seeded_model(config), stop):
        if isinstance(record, EpochRecord):
            best = max(best, record.test_acc)
            if seconds is None and record.test_acc >= target:
                seconds, at_epoch = time.perf_counter() - start, record.epoch
        if isinstance(record, EndRecord):
            best = max(best, record.best_acc)
    return Reached(seconds, at_epoch, best, config.epochs)


def without(name: str, **changes) -> TrainConfig:
    """The Speedrun preset with one ingredient swapped back (and `changes`, e.g. seed or epochs)."""
    return preset("speedrun", **INGREDIENTS[name], **changes)


def time_without(name: str, seed: int, device: str = "auto", target: float = TARGET,
                 max_epochs: int = MAX_EPOCHS) -> Reached:
    """Time the preset without `name`: one epoch first, then two, … (the schedule is set for the whole
    run, so each length is its own run) until it reaches the target or max_epochs fails too."""
    reached, one_epoch_acc = None, None
    for epochs in range(1, max_epochs + 1):
        reached = time_to_target(without(name, seed=seed, device=device, epochs=epochs), target)
        one_epoch_acc = reached.best_acc if epochs == 1 else one_epoch_acc
        if reached.seconds is not None:
            break
    return replace(reached, one_epoch_acc=one_epoch_acc)


def median_seconds(runs: list[Reached]) -> float | None:
    """The median time over seeds; None when half or more of them never reached the target."""
    times = [r.seconds for r in runs if r.seconds is not None]
    return statistics.median(times) if len(times) > len(runs) / 2 else None


def save_measured(facts: dict, path: Path = MEASURED) -> None:
    path.write_text(json.dumps(facts, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def load_measured(path: Path = MEASURED) -> dict | None:
    """The figures bench/speedrun.py saved, or None when there are none (or not in a form we wrote)."""
    try:
        facts = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return facts if isinstance(facts, dict) and isinstance(facts.get("without"), dict) else None


def as_row(runs: list[Reached], target: float = TARGET) -> dict:
    """A JSON-able summary of one recipe's runs over the seeds: the median time to the target, how many
    seeds got there in one epoch, the lowest accuracy after it, and every run."""
    first = [r.best_acc if r.one_epoch_acc is None and r.epochs == 1 else r.one_epoch_acc for r in runs]
    first = [acc for acc in first if acc is not None]
    return {"seconds": median_seconds(runs), "seeds": len(runs),
            "in_one_epoch": sum(acc >= target for acc in first), "lowest_one_epoch_acc": min(first, default=None),
            "runs": [asdict(r) for r in runs]}


def shares(facts: dict) -> dict[str, float | None]:
    """Seconds each ingredient saves (its time-to-target lost when left out); None where the run without it
    never got there within MAX_EPOCHS (it is then worth more than we can put a number on)."""
    own = facts["speedrun"]["seconds"]
    return {name: (row["seconds"] - own if row["seconds"] is not None and own is not None else None)
            for name, row in facts["without"].items()}
