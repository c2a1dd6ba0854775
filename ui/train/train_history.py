"""This browser's past runs: a table, accuracy curves overlaid, downloads, and a delete that asks first.

Which runs the chips compare and which run the picker acts on are decided here, from the runs on
disk, and written into those widgets before they are drawn: a widget left to itself keeps a value
from before a run while the browser, remounting it after the training layout, shows its default.
"""

from __future__ import annotations

import json

import streamlit as st

from core.training.runs import RunNotFound, RunStore
from ui.common.i18n import t
from ui.train.run_compare import render_comparison
from ui.train.run_delete import ask_to_delete, render_delete_dialog
from ui.train.run_labels import run_labels
from ui.train.run_table import render_run_table
from ui.train.try_pictures import is_picture_run, render_try_pictures

SEEN = "train.history_seen"  # the run ids listed last time: a run not among them has just appeared
PICK = "train.pick"  # the run picker's key: written by the page before every draw
PICKED = "train.picked"  # the picked run, kept across page switches


def render_history(store: RunStore, owner: str, running_id: str | None) -> None:
    runs = store.list(owner=owner)
    st.subheader(t("train_page.history"))
    if not runs:
        st.caption(t("train_page.history_empty"))
        return
    labels = run_labels(runs)
    seen = st.session_state.get(SEEN)
    new_ids = [] if seen is None else [run_id for run_id in labels if run_id not in seen]
    st.session_state[SEEN] = list(labels)
    render_run_table(runs)
    render_comparison(store, labels, new_ids)
    _run_actions(store, owner, labels, new_ids, running_id)
    render_delete_dialog(store, owner, labels)


def _run_actions(store: RunStore, owner: str, labels: dict, new_ids: list[str], running_id: str | None) -> None:
    """The picked run's weights and config to download, its Delete (which opens a confirmation) and,
    for a run on your own pictures, Try it."""
    kept = st.session_state.get(PICKED)
    picked = new_ids[0] if new_ids else kept if kept in labels else next(iter(labels))  # a new run is picked
    st.session_state[PICK] = st.session_state[PICKED] = picked
    st.selectbox(t("train_page.pick_run"), list(labels), format_func=labels.get, key=PICK, on_change=_picked)
    try:
        run = store.get(picked, owner)
    except RunNotFound:  # deleted in another tab
        return
    weights, config, delete = st.columns(3)
    best = run.path / "best.pt"
    if best.exists():
        weights.download_button(t("train_page.download_weights"), best.read_bytes(), file_name=f"{picked}-best.pt",
                                icon=":material/download:", key=f"dl-w-{picked}")
    config.download_button(t("train_page.download_config"), json.dumps(run.shareable_info(), indent=2),
                           file_name=f"{picked}-config.json", icon=":material/download:", key=f"dl-c-{picked}")
    delete.button(t("train_page.delete"), icon=":material/delete:", key=f"del-{picked}",
                  disabled=picked == running_id, on_click=ask_to_delete, args=(picked,))
    if picked != running_id and is_picture_run(run):
        render_try_pictures(run)  # a run on your own pictures: try it on a photo, take it home


def _picked() -> None:
    st.session_state[PICKED] = st.session_state[PICK]
