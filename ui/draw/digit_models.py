"""The Draw page's model picker: the shipped model, other checkpoints, trained runs, or an upload."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from torch import nn

from core.models import get_model_info
from core.models.checkpoints import REPO_ROOT, CheckpointError, load_checkpoint
from core.vision.model_store import ModelChoice, list_digit_models
from ui.common.i18n import t, t_error
from ui.common.identity import current_owner
from ui.common.remember import KEPT
from ui.common.uploader import file_uploader

UPLOAD = "upload"


@dataclass
class PickedModel:
    model: nn.Module  # shared read-only; explanations work on copies
    name: str  # registry name, for the code snippet
    checkpoint: str | None  # path shown in code snippets (relative to the repo when inside); None: untrained


@st.cache_resource(max_entries=8)
def shared_checkpoint_model(path: str, modified: float) -> nn.Module:
    """One copy per checkpoint file (and version) for every session: models are read-only here."""
    return load_checkpoint(path).model


def select_digit_model() -> PickedModel:
    choices = {str(c.path): c for c in list_digit_models(current_owner())}
    labels = {key: model_label(choice) for key, choice in choices.items()} | {UPLOAD: t("draw.model_upload")}
    picked = st.selectbox(t("draw.model"), list(labels), key="draw.model", persist_state=KEPT,
                          format_func=labels.__getitem__)
    if picked != UPLOAD:
        return picked_checkpoint(choices[picked])
    uploaded = _uploaded_model()
    return uploaded if uploaded is not None else picked_checkpoint(next(iter(choices.values())))  # the shipped one


def picked_checkpoint(choice: ModelChoice) -> PickedModel:
    path = choice.path
    return PickedModel(shared_checkpoint_model(str(path), path.stat().st_mtime), choice.model, shown_path(path))


def shown_path(path) -> str:
    try:
        return str(path.relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def model_label(choice: ModelChoice) -> str:
    accuracy = "—" if choice.test_acc is None else f"{choice.test_acc:.2%}"
    name = choice.path.parent.name if choice.origin == "run" else choice.path.stem
    return t(f"draw.model_{choice.origin}", model=choice.model, accuracy=accuracy, name=name)


def _uploaded_model() -> PickedModel | None:
    """A per-session upload, validated by core.models.checkpoints; never shared with other users."""
    file = file_uploader(t("draw.upload_weights"), type=["pt", "pth"], key="draw.weights",
                         help=t("draw.upload_weights_help"))
    if file is None:
        st.caption(t("draw.upload_weights_waiting"))
        return None
    try:
        loaded = load_checkpoint(file.getvalue())
    except CheckpointError as error:
        st.error(t_error(error))
        return None
    shape = get_model_info(loaded.model_name).input_shape
    if tuple(shape) != (1, 28, 28):
        st.error(t("draw.upload_weights_wrong_input", model=loaded.model_name, shape="×".join(map(str, shape))))
        return None
    st.success(t("draw.upload_weights_loaded", model=loaded.model_name, name=file.name))
    return PickedModel(loaded.model, loaded.model_name, file.name)
