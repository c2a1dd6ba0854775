"""This browser's past runs: a table, accuracy curves overlaid, downloads, delete."""

from __future__ import annotations

import json
import time
from pathlib import Path

import streamlit as st

from core.runs import Run, RunNotFound, RunStore
from core.train_plots import ChartText, runs_overlay
from ui.i18n import t


@st.cache_data(max_entries=256)
def _epoch_curve(run_dir: str, modified: float) -> tuple[list[float], list[float]]:
    """(epochs, test accuracies) of a run, re-read only when its metrics file changes."""
    epochs = [r for r in Run(Path(run_dir)).read_metrics() if r.get("event") == "epoch"]
    return [r["epoch"] for r in epochs], [r["test_acc"] for r in epochs]


def render_history(store: RunStore, owner: str, running_id: str | None) -> None:
    runs = store.list(owner=owner)
    st.subheader(t("train_page.history"))
    if not runs:
        st.caption(t("train_page.history_empty"))
        return
    st.dataframe([{
        t("train_page.col_run"): time.strftime("%m-%d %H:%M:%S", time.localtime(r.created)),
        t("train_page.col_model"): r.model, t("train_page.col_optimizer"): r.optimizer,
        t("train_page.lr"): r.lr, t("train_page.epochs"): r.epochs_done,
        t("train_page.col_best"): None if r.best_acc is None else f"{r.best_acc:.2%}",
        t("train_page.col_status"): t(f"train_page.status_{r.status}"),
    } for r in runs], hide_index=True, width="stretch")
    labels = {r.id: f"{time.strftime('%H:%M:%S', time.localtime(r.created))} · {r.model} · {r.optimizer} {r.lr:g}"
              for r in runs}
    chosen = st.multiselect(t("train_page.compare"), list(labels), default=list(labels)[:3],
                            format_func=labels.get, key="train.compare")
    curves = {}
    for run_id in chosen:
        path = store.root / run_id / "metrics.jsonl"
        if path.exists():
            curves[labels[run_id]] = _epoch_curve(str(store.root / run_id), path.stat().st_mtime)
    if curves:
        st.plotly_chart(runs_overlay(curves, ChartText(t("train_page.compare_title"), t("train_page.epoch"),
                                                       t("train_page.accuracy"))), key="train-history-chart")
    _run_actions(store, owner, labels, running_id)


def _run_actions(store: RunStore, owner: str, labels: dict, running_id: str | None) -> None:
    picked = st.selectbox(t("train_page.pick_run"), list(labels), format_func=labels.get, key="train.pick")
    try:
        run = store.get(picked, owner)
    except RunNotFound:  # deleted in another tab
        return
    weights, config, delete = st.columns(3)
    best = run.path / "best.pt"
    if best.exists():
        weights.download_button(t("train_page.download_weights"), best.read_bytes(), file_name=f"{picked}-best.pt",
                                icon=":material/download:", key=f"dl-w-{picked}")
    config.download_button(t("train_page.download_config"), json.dumps(run.read_info(), indent=2),
                           file_name=f"{picked}-config.json", icon=":material/download:", key=f"dl-c-{picked}")
    delete.button(t("train_page.delete"), icon=":material/delete:", key=f"del-{picked}",
                  disabled=picked == running_id, on_click=store.delete, args=(picked, owner))
