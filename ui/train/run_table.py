"""The "Your runs" table: one row per run, with every setting a learner changes between two runs.

Every cell is text written for a reader: a setting the run did not record is a dash, a run that
never finished an evaluation says why it has no accuracy, so no cell ever reads None or NaN.
"""

from __future__ import annotations

import math
import time

import streamlit as st

from core.data.datasets import DATASETS
from core.training.config import SCHEDULES
from core.training.runs import RunSummary
from ui.common.i18n import t
from ui.train.run_labels import DASH, optimizer_name

STATUSES = ("running", "finished", "stopped", "diverged", "failed")  # locales: train_page.status_*
NORMALIZATIONS = {"dataset": "train_page.norm_short_dataset", "0.5": "train_page.norm_short_half",
                  "none": "train_page.norm_short_none", "pipeline": "train_page.norm_short_pipeline"}


def render_run_table(runs: list[RunSummary]) -> None:
    st.dataframe([run_row(run) for run in runs], hide_index=True, width="stretch")


def run_row(run: RunSummary) -> dict[str, str]:
    """Column header (in the reader's language) -> cell text, in the order the table shows them."""
    cfg = run.config
    return {  # what it was and how it ended first; the finer settings after, where the table scrolls
        t("train_page.col_run"): time.strftime("%m-%d %H:%M:%S", time.localtime(run.created)) if run.created else DASH,
        t("train_page.col_model"): _text(run.model),
        t("train_page.col_dataset"): DATASETS[run.dataset].title if run.dataset in DATASETS else _text(run.dataset),
        t("train_page.col_optimizer"): optimizer_name(run.optimizer),
        t("train_page.col_lr"): _number(run.lr, "{:g}"),
        t("train_page.col_batch"): _number(cfg.get("batch_size"), "{:,}"),
        t("train_page.col_epochs"): _epochs(run.epochs_done, cfg.get("epochs")),
        t("train_page.col_best"): _best(run),
        t("train_page.col_status"): t(f"train_page.status_{run.status}") if run.status in STATUSES else DASH,
        t("train_page.col_schedule"): t(f"train_page.sched_{cfg.get('schedule')}")
        if cfg.get("schedule") in SCHEDULES else DASH,
        t("train_page.col_normalization"): _normalization(cfg.get("normalization"), run.dataset),
        t("train_page.col_augment"): _augmentation(cfg),
        t("train_page.col_images"): t("train_page.all") if cfg.get("train_subset") == 0
        else _number(cfg.get("train_subset"), "{:,}"),
        t("train_page.col_seed"): _number(cfg.get("seed"), "{}"),
    }


def _text(value) -> str:
    return value if isinstance(value, str) and value not in ("", "?") else DASH


def _number(value, form: str) -> str:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    return form.format(value) if ok else DASH


def _epochs(done, planned) -> str:
    """'3' for a run that did all it planned, '1 of 3' for one that ended early."""
    if not isinstance(planned, int) or done == planned:
        return _number(done, "{}")
    return t("train_page.epochs_of", done=_number(done, "{}"), planned=planned)


def _normalization(name, dataset: str) -> str:
    if name not in NORMALIZATIONS:
        return DASH  # runs from before TorchLab recorded it
    title = DATASETS[dataset].title if dataset in DATASETS else dataset
    return t(NORMALIZATIONS[name], title=title)


def _augmentation(cfg: dict) -> str:
    parts = [t("train_page.augment_builtin")] if cfg.get("augment") else []
    pipeline = cfg.get("augment_pipeline") or []
    if pipeline:
        parts.append(t("train_page.augment_steps", count=len(pipeline)))
    return " + ".join(parts) or t("train_page.augment_none")


def _best(run: RunSummary) -> str:
    """Its best test accuracy, or why it has none (it diverged, stopped or failed before epoch 1 ended)."""
    if run.best_acc is not None:
        return f"{run.best_acc:.2%}"
    return t(f"train_page.no_eval_{run.status}") if run.status in ("running", "diverged", "stopped", "failed") else DASH
