"""See inside's model picker: trained digit readers (shipped, checkpoints, your runs), your runs on your
own pictures, and every registry architecture untrained, so a learner can compare learned and random kernels."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
import torch
from torch import nn

from core.common.i18n import LocalizedError
from core.models import create_model, list_models
from core.models.checkpoints import LoadedCheckpoint, load_checkpoint
from core.vision.model_store import ModelChoice, list_digit_models, list_picture_models
from ui.common.i18n import t, t_error
from ui.common.identity import current_owner
from ui.common.remember import KEPT
from ui.draw.digit_models import PickedModel, model_label, picked_checkpoint, shown_path

UNTRAINED = "untrained:"  # option prefix: "untrained:convnet"


@dataclass
class PictureModel(PickedModel):
    """A run on your own pictures: its own classes, input size and normalisation travel in `loaded`."""

    loaded: LoadedCheckpoint
    title: str  # the picture set's name


@st.cache_resource
def untrained_model(name: str) -> nn.Module:
    """Random weights from seed 0, shared read-only: the same every visit, and the same as the code shows."""
    with torch.random.fork_rng():  # seed only this model, leave the global generator alone
        torch.manual_seed(0)
        return create_model(name).eval()


@st.cache_resource(max_entries=4, show_spinner=False)
def shared_picture_checkpoint(path: str, mtime_ns: int) -> LoadedCheckpoint:
    """One model per checkpoint file (and version), shared: See inside only reads it (hooks go on a copy)."""
    return load_checkpoint(path)


def select_inside_model() -> PickedModel:
    owner = current_owner()
    trained = {str(c.path): c for c in list_digit_models(owner)}
    pictures = {str(c.path): c for c in list_picture_models(owner)}
    labels = {key: model_label(choice) for key, choice in trained.items()}
    labels |= {key: picture_label(choice) for key, choice in pictures.items()}
    labels |= {UNTRAINED + name: t("inside.model_untrained", model=name) for name in list_models()}
    picked = st.selectbox(t("inside.model"), list(labels), key="inside.model", persist_state=KEPT,
                          format_func=labels.get, help=t("inside.model_help"))
    if picked.startswith(UNTRAINED):
        name = picked.removeprefix(UNTRAINED)
        return PickedModel(untrained_model(name), name, None)
    if picked in pictures:
        found = picked_pictures(pictures[picked])
        if found is not None:
            return found
        return picked_checkpoint(next(iter(trained.values())))  # deleted meanwhile: the shipped one, said above
    return picked_checkpoint(trained[picked])


def picture_label(choice: ModelChoice) -> str:
    accuracy = "—" if choice.test_acc is None else f"{choice.test_acc:.1%}"
    return t("inside.model_pictures", title=choice.pictures, model=choice.model, accuracy=accuracy)


def picked_pictures(choice: ModelChoice) -> PictureModel | None:
    """The run's model with its classes, or None with an error shown when its file cannot be read now."""
    try:
        loaded = shared_picture_checkpoint(str(choice.path), choice.path.stat().st_mtime_ns)
    except (LocalizedError, OSError) as error:  # deleted meanwhile, or a file TorchLab cannot read
        st.error(t_error(error) if isinstance(error, LocalizedError) else t("inside.model_gone"),
                 icon=":material/error:")
        return None
    return PictureModel(loaded.model, loaded.model_name, shown_path(choice.path), loaded, choice.pictures)
