"""Deleting a run asks first: a dialog names the run and what goes with it; only its confirm removes files.

A run is an hour of somebody's training and there is no bin to fish it out of, so one stray click
must not lose it. The Delete button only marks the run as asked about; the dialog is drawn on every
rerun while that mark stands (so any rerun in between keeps it open), and closing it keeps the run.
"""

from __future__ import annotations

from contextlib import suppress

import streamlit as st

from core.training.runs import RunNotFound, RunStore
from ui.common.i18n import t

ASKING = "train.delete_asking"  # the run id the dialog asks about, until it is answered or dismissed
DELETED = "train.deleted"  # the label of the run just deleted: said once, on the next run of the page


def ask_to_delete(run_id: str) -> None:
    """on_click of the Delete button: open the dialog; nothing is removed yet."""
    st.session_state[ASKING] = run_id


def render_delete_dialog(store: RunStore, owner: str, labels: dict[str, str]) -> None:
    """The confirmation while a run is asked about, and a toast once one has gone."""
    gone = st.session_state.pop(DELETED, None)
    if gone is not None:
        st.toast(t("train_page.deleted", run=gone), icon=":material/delete:")
    run_id = st.session_state.get(ASKING)
    if run_id is None:
        return
    if run_id not in labels:  # deleted in another tab meanwhile
        st.session_state.pop(ASKING, None)
        return
    st.dialog(t("train_page.delete_title"), on_dismiss=_keep)(_confirm)(store, owner, run_id, labels[run_id])


def _keep() -> None:
    st.session_state.pop(ASKING, None)


def _confirm(store: RunStore, owner: str, run_id: str, label: str) -> None:
    if st.session_state.get(ASKING) != run_id:  # answered: the buttons' callbacks ran before this rerun
        st.rerun()  # the whole page (a dialog reruns alone): it closes, and a deleted run leaves every list
    st.markdown(t("train_page.delete_question", run=label))
    delete, keep = st.columns(2)
    delete.button(t("train_page.delete_confirm"), type="primary", icon=":material/delete_forever:",
                  key="train.delete_confirm", width="stretch", on_click=_delete, args=(store, owner, run_id, label))
    keep.button(t("train_page.delete_cancel"), key="train.delete_cancel", width="stretch", on_click=_keep)


def _delete(store: RunStore, owner: str, run_id: str, label: str) -> None:
    with suppress(RunNotFound):  # already gone (deleted in another tab): the outcome asked for
        store.delete(run_id, owner)
    st.session_state[DELETED] = label
    _keep()
