"""The Datasets page's dataset picker: a torchvision dataset, or an ImageFolder: one of your picture sets
(ui/data/picture_set_source.py), a server path or a .zip; or a Dataset class of your own (ui/data/own_view.py)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
import torch
from streamlit.delta_generator import DeltaGenerator

from core.data.datasets import DATASETS
from core.data.image_folder import ImageFolderError, extract_zip, load_folder
from core.data.loaders import folder_line, torchvision_line
from core.data.loading import DatasetMissing, data_dir, dataset_available, downloads_allowed, load_split
from ui.common.i18n import current_language, t, t_error
from ui.common.remember import KEPT, forget_if_cleared, forget_upload, remembered_upload, upload_is_kept
from ui.common.server_folders import folder_paths_allowed
from ui.common.uploader import file_uploader
from ui.data.picture_set_source import owner_has_sets, select_picture_set

FOLDER_SIZES = [28, 32, 64]
OWN = "own"  # "Your own Dataset": ui/data/own_view.py
ZIP = "data.zip"  # the uploader's key; its last file is kept across page switches (ui/common/remember.py)


@dataclass(frozen=True)
class Picked:
    images: torch.Tensor  # (N, C, H, W) uint8
    labels: torch.Tensor  # (N,) int64
    classes: tuple[str, ...]
    code_line: str  # how the shown script builds the same dataset


@st.cache_resource(show_spinner=False, max_entries=4)
def _from_zip(data: bytes, size: int):
    with tempfile.TemporaryDirectory(prefix="torchlab-zip-") as scratch:  # removed on exit, whatever happens
        return load_folder(extract_zip(data, Path(scratch)), size)


@st.cache_resource(show_spinner=False, max_entries=4)
def _from_path(path: str, size: int):
    return load_folder(Path(path), size)


def select_source() -> tuple[str, DeltaGenerator]:
    """The dataset's name (a torchvision dataset, "folder" or OWN) and the column beside its picker."""
    titles = {name: spec.title for name, spec in DATASETS.items()}
    titles |= {"folder": t("data.folder"), OWN: t("data.own.title")}
    left, right = st.columns([3, 1])
    st.session_state.setdefault("data.name", "mnist")  # widgets take their first value from here (ui/common/remember.py)
    name = left.segmented_control(t("data.dataset"), list(titles), required=True, key="data.name", persist_state=KEPT,
                                  format_func=titles.get)
    return name, right


def select_dataset(name: str, right: DeltaGenerator) -> Picked | None:
    if name == "folder":
        return _folder()
    splits = {True: t("data.split_train"), False: t("data.split_test")}
    st.session_state.setdefault("data.train", True)
    train = right.segmented_control(t("data.split"), list(splits), required=True, key="data.train",
                                    persist_state=KEPT, format_func=splits.get)
    try:
        if dataset_available(name) or not downloads_allowed():
            split = load_split(name, train=train)
        else:  # torchvision may download it now: say so while the page waits
            with st.spinner(t("data.downloading", title=DATASETS[name].title)):
                split = load_split(name, train=train)
    except DatasetMissing as error:
        st.warning(t_error(error), icon=":material/folder_off:")
        if error.detail:
            st.caption(t("data.error_detail", detail=error.detail))
        return None
    line = torchvision_line(DATASETS[name].torchvision_class, str(data_dir()), train)
    return Picked(split.images, split.labels, DATASETS[name].classes, line)


def _folder() -> Picked | None:
    sources = {"sets": t("data.folder_sets"), "zip": t("data.folder_zip"), "path": t("data.folder_path")}
    if not folder_paths_allowed():
        sources.pop("path")
    if st.session_state.get("data.folder_source") not in sources:  # also a kept "path" once paths are closed
        st.session_state["data.folder_source"] = "sets" if owner_has_sets() else "zip"
    st.session_state.setdefault("data.folder_size", 32)
    left, right = st.columns([3, 1])
    source = left.segmented_control(t("data.folder_source"), list(sources), required=True,
                                    key="data.folder_source", persist_state=KEPT, format_func=sources.get)
    size = right.selectbox(t("data.folder_size"), FOLDER_SIZES, key="data.folder_size", persist_state=KEPT)
    if "path" not in sources:
        st.caption(t("data.folder_path_off"))
    if source == "sets":
        chosen = select_picture_set(size)
        if chosen is None:
            return None
        found, line = chosen
        return Picked(found.images, found.labels, found.classes, line)
    try:
        if source == "path":
            st.session_state.setdefault("data.path", "")
            path = st.text_input(t("data.folder_path"), key="data.path", persist_state=KEPT,
                                 help=t("data.folder_path_help"))
            if not path.strip():
                st.info(t("data.folder_hint"), icon=":material/folder_open:")
                return None
            found, root = _from_path(path.strip(), size), path.strip()
        else:
            upload = _zip_upload()
            if upload is None:
                return None
            found, root = _from_zip(upload.getvalue(), size), "my_images"
    except ImageFolderError as error:
        st.error(t_error(error), icon=":material/error:")
        if error.detail:
            st.caption(t("data.error_detail", detail=error.detail))
        return None
    st.success(t("data.folder_loaded", count=len(found.labels), classes=len(found.classes), skipped=found.skipped))
    return Picked(found.images, found.labels, found.classes,
                  folder_line(root, size, from_zip=source == "zip", lang=current_language()))


def _zip_upload():
    """The zip in the uploader, else the one uploaded before a page switch (said on the page); None: a hint."""
    uploaded = file_uploader(t("data.folder_zip_label"), type=["zip"], key=ZIP, on_change=forget_if_cleared,
                             args=(ZIP,))
    upload = remembered_upload(ZIP, uploaded)
    if upload is None:
        st.info(t("data.folder_hint"), icon=":material/folder_zip:")
    elif upload_is_kept(ZIP, uploaded):
        note, button = st.columns([4, 1], vertical_alignment="center")
        note.caption(t("data.zip_kept", name=upload.name))
        button.button(t("data.zip_forget"), key="data.zip_forget", on_click=forget_upload, args=(ZIP,))
    return upload
