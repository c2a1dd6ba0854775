"""The "Your runs" table: one row per run, with every setting a learner changes between two runs.

Every cell is text written for a reader: a setting the run did not record is a dash, a run that
never finished an evaluation says why it has no accuracy, so no cell ever reads None or NaN. A run on
your pictures names its set as you named it, or a server folder by its last two folders, never by
the path the config keeps (`folder:/…/sets/20261207-…`).
"""

from __future__ import annotations

import math
import time
from pathlib import Path

import streamlit as st

from core.data.datasets import DATASETS
from core.data.folder_dataset import folder_root, is_folder
from core.data.picture_sets import PictureSets
from core.models.transfer import RANDOM, is_transfer
from core.training.config import SCHEDULES
from core.training.runs import RunSummary
from ui.common.i18n import t
from ui.train.picture_source import set_title
from ui.train.run_labels import DASH, optimizer_name

STATUSES = ("running", "finished", "stopped", "diverged", "failed")  # locales: train_page.status_*
NORMALIZATIONS = {"dataset": "train_page.norm_short_dataset", "0.5": "train_page.norm_short_half",
                  "none": "train_page.norm_short_none", "pipeline": "train_page.norm_short_pipeline"}


def render_run_table(runs: list[RunSummary]) -> None:
    titles = {dataset: dataset_name(dataset) for dataset in {run.dataset for run in runs}}  # each set read once
    st.dataframe([run_row(run, titles) for run in runs], hide_index=True, width="stretch")


def run_row(run: RunSummary, titles: dict[str, str] | None = None) -> dict[str, str]:
    """Column header (in the reader's language) -> cell text, in the order the table shows them.
    `titles`: dataset id -> dataset_name, when the caller has them for every run of its table."""
    cfg = run.config
    title = titles[run.dataset] if titles and run.dataset in titles else dataset_name(run.dataset)
    return {  # what it was and how it ended first; the finer settings after, where the table scrolls
        t("train_page.col_run"): time.strftime("%m-%d %H:%M:%S", time.localtime(run.created)) if run.created else DASH,
        t("train_page.col_model"): _text(run.model),
        t("train_page.col_dataset"): title,
        t("train_page.col_optimizer"): optimizer_name(run.optimizer),
        t("train_page.col_lr"): _number(run.lr, "{:g}"),
        t("train_page.col_batch"): _number(cfg.get("batch_size"), "{:,}"),
        t("train_page.col_epochs"): _epochs(run.epochs_done, cfg.get("epochs")),
        t("train_page.col_best"): _best(run),
        t("train_page.col_status"): t(f"train_page.status_{run.status}") if run.status in STATUSES else DASH,
        t("train_page.col_schedule"): t(f"train_page.sched_{cfg.get('schedule')}")
        if cfg.get("schedule") in SCHEDULES else DASH,
        t("train_page.col_normalization"): _normalization(cfg.get("normalization"), _pretrained(cfg) or title),
        t("train_page.col_augment"): _augmentation(cfg),
        t("train_page.col_images"): t("train_page.all") if cfg.get("train_subset") == 0
        else _number(cfg.get("train_subset"), "{:,}"),
        t("train_page.col_seed"): _number(cfg.get("seed"), "{}"),
    }


def dataset_name(dataset: str) -> str:
    """A built-in's title; this browser's picture set by its name (or said deleted); another folder by
    its last two folders, e.g. "…/photos/pets"; a dash for an unrecorded one."""
    if dataset in DATASETS:
        return DATASETS[dataset].title
    if not is_folder(dataset):
        return _text(dataset)
    named = set_title(dataset)
    if named:
        return named
    try:
        folder = folder_root(dataset)
    except ValueError:  # "folder:" with no path: a run started before a set was picked
        return DASH
    if folder.parent.resolve() == PictureSets().root.resolve():
        return t("train_page.dataset_set_gone")
    return short_path(folder)


def short_path(folder: Path, keep: int = 2) -> str:
    """'/srv/data/photos/pets' -> '…/photos/pets': enough to tell folders apart in a narrow column."""
    return str(folder) if len(folder.parts) <= keep + 1 else "…/" + "/".join(folder.parts[-keep:])


def _pretrained(cfg: dict) -> str | None:
    """'ImageNet' for a transfer model started from published or uploaded weights: its "dataset"
    normalisation is ImageNet's mean and std (core.training.run_data.pretrained), not its set's."""
    return "ImageNet" if is_transfer(str(cfg.get("model", ""))) and cfg.get("weights", RANDOM) != RANDOM else None


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


def _normalization(name, title: str) -> str:
    if name not in NORMALIZATIONS:
        return DASH  # runs from before TorchLab recorded it
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
