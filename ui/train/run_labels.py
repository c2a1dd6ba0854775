"""How a past run is named to a learner: in the compare chips, the chart's legend and the run picker.

One label per run, built in one place, so the chips and the legend can never name runs differently,
and the optimizer is written as people write it (Adam, SGD + momentum), not as the config stores it.
"""

from __future__ import annotations

import time

from core.training.config import OPTIMIZERS
from core.training.runs import RunSummary
from ui.common.i18n import t

DASH = "—"  # what a table cell or label shows for a setting the run did not record


def optimizer_name(optimizer: str) -> str:
    """'adam' -> 'Adam', 'momentum' -> 'SGD + momentum' (locales' train_page.opt_*); unknown names as they are."""
    return t(f"train_page.opt_{optimizer}") if optimizer in OPTIMIZERS else (optimizer or DASH)


def run_label(run: RunSummary) -> str:
    """'20:49:15 · convnet · Adam 0.004': when it started, what it trained, and how."""
    started = time.strftime("%H:%M:%S", time.localtime(run.created))
    rate = f"{run.lr:g}" if isinstance(run.lr, (int, float)) else DASH
    return f"{started} · {run.model} · {optimizer_name(run.optimizer)} {rate}"


def run_labels(runs: list[RunSummary]) -> dict[str, str]:
    """Run id -> label, newest first as `runs`; two runs started in the same second with the same
    settings get (2), (3)… so no label (and no legend entry) stands for two runs."""
    labels, taken = {}, set()
    for run in reversed(runs):  # the older run keeps the plain label
        label, n = run_label(run), 1
        while label in taken:
            n += 1
            label = f"{run_label(run)} ({n})"
        labels[run.id] = label
        taken.add(label)
    return {run.id: labels[run.id] for run in runs}
