"""The Train page's note on an augmentation pipeline handed over from the Transforms page."""

from __future__ import annotations

import streamlit as st

from core.augment import training_steps
from core.datasets import get_spec
from ui.i18n import t

TRAIN_PIPELINE = "train.augment_pipeline"  # written by the Transforms page's hand-off button


def select_pipeline(dataset: str) -> list:
    """The handed-over pipeline (or []), shown with what training changes in it and a button to clear it."""
    steps = st.session_state.get(TRAIN_PIPELINE) or []
    if not steps:
        return []
    _, notes = training_steps(steps, get_spec(dataset).shape)
    lines = [t("transforms.train_active", steps=" → ".join(name for name, _ in steps))]
    lines += [f"- {t(key, **params)}" for key, params in notes]
    st.info("\n".join(lines), icon=":material/tune:")
    st.button(t("transforms.train_clear"), icon=":material/delete:", key="train.clear_pipeline",
              on_click=_clear)
    return [[name, dict(params)] for name, params in steps]


def _clear() -> None:
    st.session_state.pop(TRAIN_PIPELINE, None)
