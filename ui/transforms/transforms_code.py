"""The Transforms page's code and its hand-off to Train: refused, with the reason, while the
pipeline fails on this picture or on the images the Train page would feed it."""

from __future__ import annotations

import streamlit as st

from core.data.datasets import DATASETS
from core.data.pipeline import PipelineError, to_code
from core.lessons.transform_checks import training_failure
from core.lessons.transform_misfits import misfits, picture_kind
from core.training.config import TrainConfig
from ui.common.code_expander import code_panel
from ui.common.i18n import t, t_error
from ui.transforms.train_pipeline import TRAIN_PIPELINE

TRAIN_PAGE = "pages/train.py"
TRAIN_DATASET = "train.dataset"  # the Train page's dataset picker


def render_code(steps: list, error: PipelineError | None) -> None:
    """The Compose as code, and the button that hands it to Train (`error`: why it fails on this picture).
    The code is a closed panel built once opened: on a fresh tab, st.code's highlighter (1.5 MB of JavaScript)
    held back the page's pictures by about half a second (bench/page_times.py)."""
    code_panel(t("transforms.code_heading"), "tf.code", lambda: to_code(steps), t("transforms.code_caption"))
    refusal = _refusal(steps, error)
    st.button(t("transforms.to_train"), icon=":material/model_training:", key="tf.to_train",
              on_click=_hand_to_train, args=(steps,), disabled=refusal is not None)
    if refusal is not None:
        st.warning(refusal, icon=":material/block:")
        return
    if (wrong := _wrong_for_training(steps)) is not None:
        st.warning(wrong, icon=":material/report:")
    if st.session_state.get(TRAIN_PIPELINE) == steps:
        st.success(t("transforms.to_train_done"), icon=":material/check_circle:")
        st.page_link(TRAIN_PAGE, label=t("pages.train.title"), icon=":material/arrow_forward:")


def _refusal(steps: list, error: PipelineError | None) -> str | None:
    """Why the Train page cannot take this pipeline, in words; None when it can."""
    if not steps:
        return t("transforms.handoff_empty")
    if error is not None:
        return t("transforms.handoff_page_fails", reason=t_error(error))
    dataset = _training_dataset()
    failure = training_failure(steps, dataset)
    if failure is None:
        return None
    shape = "×".join(str(n) for n in DATASETS[dataset].shape)  # C×H×W
    return t("transforms.handoff_train_fails", dataset=DATASETS[dataset].title, shape=shape, reason=t_error(failure))


def _wrong_for_training(steps: list) -> str | None:
    """The steps that run on the Train page's dataset but are wrong for it (a flip on digits), in words."""
    dataset = _training_dataset()
    found = misfits(steps, picture_kind(dataset))
    if not found:
        return None
    lines = [t("transforms.misfit.handoff", dataset=DATASETS[dataset].title)]
    lines += ["- " + t("transforms.misfit.handoff_step", index=m.index, step=steps[m.index - 1][0],
                       text=t(m.key, **m.params)) for m in found]
    return "\n".join(lines)


def _training_dataset() -> str:
    """The dataset the Train page has chosen (its control keeps it for the session), else its default."""
    chosen = st.session_state.get(TRAIN_DATASET)
    return chosen if chosen in DATASETS else TrainConfig().dataset


def _hand_to_train(steps: list) -> None:
    st.session_state[TRAIN_PIPELINE] = [[name, dict(params)] for name, params in steps]
