"""The Train page's note on an augmentation pipeline handed over from the Transforms page."""

from __future__ import annotations

import streamlit as st

from core.data.augment import training_steps
from core.data.datasets import get_spec
from core.data.normalization import NormalizationError, pipeline_stats
from ui.common.i18n import t

TRAIN_PIPELINE = "train.augment_pipeline"  # written by the Transforms page's hand-off button


def has_normalize(steps: list) -> bool:
    """A handed-over Normalize is kept as the run's normalisation (TrainConfig.normalization = "pipeline")."""
    return any(name == "Normalize" for name, _ in steps)


def select_pipeline(dataset: str) -> list:
    """The handed-over pipeline (or []), shown with what training changes in it and a button to clear it."""
    steps = st.session_state.get(TRAIN_PIPELINE) or []
    if not steps:
        return []
    spec = get_spec(dataset)
    _, notes = training_steps(steps, spec.shape)
    lines = [t("transforms.train_active", steps=" → ".join(name for name, _ in steps))]
    lines += [f"- {t(key, **params)}" for key, params in notes if params.get("step") != "Normalize"]
    if has_normalize(steps):
        lines.append(f"- {_normalize_note(steps, spec.shape[0])}")
    st.info("\n".join(lines), icon=":material/tune:")
    st.button(t("transforms.train_clear"), icon=":material/delete:", key="train.clear_pipeline",
              on_click=_clear)
    return [[name, dict(params)] for name, params in steps]


def _normalize_note(steps: list, channels: int) -> str:
    """The Normalize's values, used for training and test images alike; the reason when they cannot be."""
    try:
        mean, std = pipeline_stats(steps, channels)
    except NormalizationError:
        return t("train_page.pipeline_normalize_unusable")  # the page's warning says why, and Train waits
    numbers = lambda values: ", ".join(f"{v:g}" for v in values)  # noqa: E731
    return t("train_page.pipeline_normalize", mean=numbers(mean), std=numbers(std))


def _clear() -> None:
    st.session_state.pop(TRAIN_PIPELINE, None)
