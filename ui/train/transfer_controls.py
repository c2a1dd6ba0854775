"""The Train page's knobs of a transfer model (core.models.transfer): its starting weights, what trains,
and the pretrained layers' learning rate. Drawn only for a model that has a pretrained backbone."""

from __future__ import annotations

import hashlib
from pathlib import Path

import streamlit as st

from core.common.atomic import write_atomically
from core.common.i18n import LocalizedError
from core.data.paths import downloads_allowed
from core.data.picture_sets import sets_dir
from core.models import create_model
from core.models.checkpoints import read_state_dict
from core.models.transfer import BACKBONES, RANDOM, TORCHVISION, is_transfer, load_backbone, published_weights
from core.training.config import TRANSFERS
from ui.common.i18n import t, t_error
from ui.common.remember import KEPT
from ui.common.uploader import file_uploader

FILE = "file"  # the weights control's third choice; the config then holds the kept file's path
WEIGHT_CHOICES = (TORCHVISION, RANDOM, FILE)
WEIGHTS_FILE = "train.weights_file"  # the path of the .pth kept for this session's runs
WEIGHTS_NAME = "train.weights_name"  # the name it was uploaded with
BACKBONE_LRS = [0.01, 0.03, 0.1, 0.3, 1.0]
MAX_PTH_MB = 200  # ResNet-18's published file is 45 MB, MobileNetV3-Small's 10 MB


def transfer_knobs(model: str) -> dict:
    """The TrainConfig fields these controls set (weights, transfer, backbone_lr), for a transfer model;
    {} for any other, whose run gets the defaults (the controls keep their values for later)."""
    if not is_transfer(model):
        return {}
    labels = {TORCHVISION: t("train_page.weights_torchvision"), RANDOM: t("train_page.weights_random"),
              FILE: t("train_page.weights_file")}
    choice = st.radio(t("train_page.weights"), WEIGHT_CHOICES, key="train.weights", persist_state=KEPT,
                      horizontal=True, format_func=labels.get, help=t("train_page.weights_help"))  # wraps when narrow
    weights = _weights(model, choice)
    transfer = st.radio(t("train_page.transfer"), TRANSFERS, key="train.transfer", persist_state=KEPT,
                        horizontal=True, format_func=lambda m: t(f"train_page.transfer_{m}"),
                        help=t("train_page.transfer_help"))
    knobs = {"weights": weights or choice, "transfer": transfer}
    if transfer == "finetune":
        knobs["backbone_lr"] = st.select_slider(t("train_page.backbone_lr"), BACKBONE_LRS, key="train.backbone_lr",
                                                persist_state=KEPT, help=t("train_page.backbone_lr_help"),
                                                format_func=lambda v: t("train_page.backbone_lr_value", share=f"{v:g}"))
    elif choice == RANDOM:
        st.caption(t("train_page.weights_random_frozen"))
    return knobs


def shown_weights(weights: str) -> str:
    """config.weights -> the control's choice (a file's path is shown as "A .pth file", and kept)."""
    if weights in (TORCHVISION, RANDOM):
        return weights
    st.session_state[WEIGHTS_FILE] = weights
    return FILE


def weights_problem(model: str, weights: str) -> str | None:
    """Why a run with these weights cannot start: no file yet, or ImageNet's weights out of reach."""
    if not is_transfer(model):
        return None
    if weights == FILE:
        return t("train_page.weights_need_file")
    if weights == TORCHVISION and not downloads_allowed() and not published_weights(model).cached:
        return t("train_page.weights_unreachable", model=BACKBONES[model].title)  # the caption says what to do
    return None


def _weights(model: str, choice: str) -> str | None:
    """What the run gets for the choice (a file's kept path), with a line that says what it means."""
    title = BACKBONES[model].title
    if choice == TORCHVISION:
        published = published_weights(model)
        st.caption(t("train_page.weights_note_torchvision"))
        if published.cached:
            st.caption(t("train_page.weights_cached", model=title, folder=published.path.parent))
        elif downloads_allowed():
            st.caption(t("train_page.weights_download", model=title, mb=f"{published.megabytes:.0f}",
                         folder=published.path.parent))
        else:  # what to do instead; the run waits (weights_problem)
            st.caption(t("errors.weights_offline", model=title, url=published.url, folder=published.path.parent))
        return TORCHVISION
    if choice == RANDOM:
        st.caption(t("train_page.weights_note_random"))
        return RANDOM
    upload = file_uploader(t("train_page.weights_upload", model=title), type=["pth", "pt"], key="train.weights_upload",
                           max_upload_size=MAX_PTH_MB, help=t("train_page.weights_upload_help"))
    if upload is not None:
        try:
            st.session_state[WEIGHTS_FILE] = str(_kept_weights(model, upload.getvalue()))
            st.session_state[WEIGHTS_NAME] = upload.name
        except LocalizedError as error:  # junk, code inside, or another network's layers
            st.error(t_error(error), icon=":material/error:")
            st.session_state.pop(WEIGHTS_FILE, None)
    kept = st.session_state.get(WEIGHTS_FILE)
    if kept:
        st.caption(t("train_page.weights_kept", name=st.session_state.get(WEIGHTS_NAME) or Path(kept).name))
    return kept


@st.cache_resource(show_spinner=False, max_entries=8)
def _kept_weights(model: str, data: bytes):
    """The upload checked against the backbone (every layer's name and shape), then kept under its hash
    beside the picture sets: a run names weights by path, and the path says nothing about who sent them."""
    load_backbone(create_model(model), model, read_state_dict(data))  # CheckpointError / WeightsError
    path = sets_dir() / "weights" / f"{hashlib.sha256(data).hexdigest()[:20]}.pth"
    if not path.exists():
        write_atomically(path, lambda tmp: Path(tmp).write_bytes(data))
    return path
