"""The Train page's note on an augmentation pipeline handed over from the Transforms page."""

from __future__ import annotations

import streamlit as st

from core.data.augment import training_steps
from core.data.datasets import get_spec
from core.data.folder_dataset import is_folder
from core.data.normalization import NormalizationError, pipeline_stats
from core.data.pipeline import PipelineError
from core.lessons.transform_misfits import misfits, picture_kind
from ui.common.i18n import t

TRAIN_PIPELINE = "train.augment_pipeline"  # written by the Transforms page's hand-off button


def has_normalize(steps: list) -> bool:
    """A handed-over Normalize is kept as the run's normalisation (TrainConfig.normalization = "pipeline")."""
    return any(name == "Normalize" for name, _ in steps)


def select_pipeline(dataset: str, shape: tuple[int, int, int] | None = None) -> list:
    """The handed-over pipeline (or []), shown with what training changes in it and a button to clear it.
    shape: (C, H, W) of the training pictures it runs on (a folder's, kept larger than the model's input:
    core.training.run_data.kept_shape); a built-in dataset's own by default."""
    steps = st.session_state.get(TRAIN_PIPELINE) or []
    if not steps:
        return []
    shape = shape or get_spec(dataset).shape
    _, notes = training_steps(steps, shape)
    lines = [t("transforms.train_active", steps=" → ".join(name for name, _ in steps))]
    if is_folder(dataset):  # pictures are cut to the model's size after the pipeline: say where it runs
        lines.append(f"- {t('pictures.pipeline_used', size=f'{shape[1]}×{shape[2]}')}")
        notes = [("pictures.pipeline_pinned", params) if key == "transforms.train_pinned" else (key, params)
                 for key, params in notes]
    lines += [f"- {t(key, **params)}" for key, params in notes if params.get("step") != "Normalize"]
    if has_normalize(steps):
        lines.append(f"- {_normalize_note(steps, shape[0])}")
    lines += [f"- {note}" for note in _wrong_for(steps, dataset)]
    st.info("\n".join(lines), icon=":material/tune:")
    st.button(t("transforms.train_clear"), icon=":material/delete:", key="train.clear_pipeline",
              on_click=_clear)
    return [[name, dict(params)] for name, params in steps]


def _wrong_for(steps: list, dataset: str) -> list[str]:
    """Steps that run but are wrong for this dataset's pictures (a flip on digits): core.lessons.transform_misfits."""
    if is_folder(dataset):
        return []  # your own pictures: only you know whether a mirror image is still one of its class
    try:
        found = misfits(steps, picture_kind(dataset))
    except (PipelineError, TypeError):  # a hand-written pipeline (--augment-pipeline) with values the page never
        return []  # makes: the run checks it and says why
    title = get_spec(dataset).title
    return [t("transforms.misfit.train_note", dataset=title, index=m.index, step=steps[m.index - 1][0],
              text=t(m.key, **m.params)) for m in found]


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
