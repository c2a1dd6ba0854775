"""The Datasets page's "Your own Dataset": what the class wraps (tensors made here, or class folders: a
sample set or a picture set of yours), and which mistake its __getitem__ or __len__ makes.

A sample's pictures are written once per server into a temporary folder (removed when the server
stops), each at a size of its own (core.lessons.own_dataset_files); a picture set is read where it is.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from core.data.picture_sets import PictureSets
from core.data.sample_sets import SAMPLES
from core.lessons.own_dataset import MAKERS, MISTAKES, WRAPS, OwnDatasetConfig
from core.lessons.own_dataset_files import class_folders, write_lesson_pictures, zip_folder
from ui.common.i18n import t
from ui.common.identity import current_owner
from ui.common.remember import KEPT

SIZES = [28, 32, 64]
SET = "set:"  # a picture set's option in the pictures box: "set:<id>"; a sample's is its name


@dataclass(frozen=True)
class OwnSource:
    config: OwnDatasetConfig
    shown_root: str | None = None  # files: the folder as the script names it
    root_note: str = ""  # files: the script's comment on where that folder comes from
    sample: str | None = None  # files from a sample: its name, for the zip to take home


@st.cache_resource(show_spinner=False)
def _sample_folder(sample: str) -> tempfile.TemporaryDirectory:
    """The sample's pictures on disk, once per server: read-only once written, so sessions may share it."""
    folder = tempfile.TemporaryDirectory(prefix=f"torchlab-own-{sample}-")
    write_lesson_pictures(sample, Path(folder.name))
    return folder


def _sample_root(sample: str) -> Path:
    root = Path(_sample_folder(sample).name)
    if not root.is_dir():  # removed behind the server's back (a /tmp cleaner): write it again
        _sample_folder.clear()
        root = Path(_sample_folder(sample).name)
    return root


@st.cache_data(show_spinner=False)
def sample_zip(sample: str) -> bytes:
    return zip_folder(_sample_root(sample), sample)


def select_own_source() -> OwnSource:
    """The widgets above the tabs."""
    st.markdown(t("data.own.intro"))
    for key, value in (("data.own.wraps", "tensors"), ("data.own.mistake.tensors", "none"),
                       ("data.own.mistake.files", "none")):
        st.session_state.setdefault(key, value)
    left, right = st.columns(2)
    kinds = {w: t(f"data.own.wraps_{w}") for w in WRAPS}  # dicts, not lambdas: the labels are made in this run
    wraps = left.segmented_control(t("data.own.wraps"), WRAPS, required=True, key="data.own.wraps",
                                   persist_state=KEPT, format_func=kinds.get)
    mistakes = {m: t(f"data.own.mistake_{wraps}_{m}") for m in MISTAKES[wraps]}
    mistake = right.selectbox(t("data.own.mistake"), MISTAKES[wraps], key=f"data.own.mistake.{wraps}",
                              persist_state=KEPT, format_func=mistakes.get, help=t("data.own.mistake_help"))
    if wraps == "tensors":
        return OwnSource(_select_tensors(mistake))
    return _select_files(mistake)


def _select_tensors(mistake: str) -> OwnDatasetConfig:
    d = OwnDatasetConfig()
    for key, value in (("data.own.rows", d.rows), ("data.own.features", d.features), ("data.own.maker", d.maker)):
        st.session_state.setdefault(key, value)
    a, b, c = st.columns(3)
    rows = a.slider(t("data.own.rows"), 2, 40, key="data.own.rows", persist_state=KEPT)
    features = b.slider(t("data.own.features"), 1, 4, key="data.own.features", persist_state=KEPT)
    maker = c.segmented_control(t("data.own.maker"), MAKERS, required=True, key="data.own.maker",
                                persist_state=KEPT, format_func=lambda m: f"torch.{m}")
    return OwnDatasetConfig(rows=rows, features=features, maker=maker, mistake=mistake)


def _select_files(mistake: str) -> OwnSource:
    sets = {SET + found.id: found for found in PictureSets().list(current_owner()) if any(found.counts.values())}
    options = [*SAMPLES, *sets]
    names = {name: t(f"pictures.sample_{name}") for name in SAMPLES}
    names |= {key: t("data.own.set_option", name=found.name) for key, found in sets.items()}
    if st.session_state.get("data.own.pictures") not in options:  # first visit, or a set deleted since
        st.session_state["data.own.pictures"] = "shapes"
    st.session_state.setdefault("data.own.size", OwnDatasetConfig().size)
    left, right = st.columns([3, 1])
    chosen = left.selectbox(t("data.own.pictures"), options, key="data.own.pictures", persist_state=KEPT,
                            format_func=names.get, help=t("data.own.pictures_help"))
    size = right.selectbox(t("data.own.size"), SIZES, key="data.own.size", persist_state=KEPT,
                           help=t("data.own.size_help"))
    if chosen in sets:
        found = sets[chosen]
        classes = tuple(name for name, count in found.counts.items() if count)  # a folder per class with pictures
        config = OwnDatasetConfig(wraps="files", root=str(found.path), classes=classes, size=size, mistake=mistake)
        return OwnSource(config, root_note=t("code.data_picture_set", name=" ".join(found.name.split())))
    root = _sample_root(chosen)
    config = OwnDatasetConfig(wraps="files", root=str(root), classes=class_folders(root), size=size, mistake=mistake)
    return OwnSource(config, shown_root=chosen, root_note=t("data.own.code_root_sample", name=chosen), sample=chosen)
