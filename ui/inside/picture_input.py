"""See inside's input for a model trained on your own pictures: a validation picture of its run by class
(the pictures it was scored on, never trained on), or an uploaded photo; both made exactly as Try it
makes them (core.vision.picture_inputs). A set gone from disk is said, and an upload still works."""

from __future__ import annotations

import hashlib

import streamlit as st

from core.common.i18n import LocalizedError
from core.data.folder_dataset import stored_size
from core.vision.picture_inputs import PictureRunInput, picture_run_input, validation_pictures
from ui.common.i18n import t, t_error
from ui.common.remember import KEPT
from ui.common.uploader import file_uploader
from ui.inside.inside_input import IMAGE_TYPES
from ui.inside.inside_models import PictureModel

SOURCE = "inside.source.pictures"


def select_picture_input(picked: PictureModel) -> PictureRunInput | None:
    """The picture to run, or None (with a hint or a warning shown) while there is none."""
    options = {"valid": t("inside.source_valid", title=picked.title), "upload": t("inside.source_upload")}
    source = st.segmented_control(t("inside.source"), list(options), format_func=options.get, default="valid",
                                  required=True, key=SOURCE, persist_state=KEPT)
    if source == "upload":
        return _uploaded(picked)
    return _validation(picked)


def _validation(picked: PictureModel) -> PictureRunInput | None:
    try:
        with st.spinner(t("inside.valid_reading")):
            found = validation_pictures(picked.loaded)  # the folder's decode is cached (core.data.folder_dataset)
    except LocalizedError as error:  # the set is gone, or its classes are no longer the run's
        st.warning(t_error(error), icon=":material/folder_off:")
        st.caption(t("inside.valid_gone"))
        return None
    run = hashlib.sha1(str(picked.checkpoint).encode()).hexdigest()[:10]  # keys of its own: classes differ per run
    labels = dict(enumerate(picked.loaded.classes))
    label = st.pills(t("inside.sample_class"), list(labels), format_func=labels.get, required=True, default=0,
                     key=f"inside.class.{run}", persist_state=KEPT)
    counter = f"inside.nth.{run}"
    indices = (found.labels == label).nonzero().flatten()  # this class's validation pictures
    nth = st.session_state.get(counter, 0) % len(indices)
    st.button(t("inside.another", label=labels[label]), on_click=_next, args=(counter,), key="inside.another",
              icon=":material/shuffle:")
    st.caption(t("inside.valid_caption", nth=nth + 1, count=len(indices), label=labels[label], title=picked.title))
    return picture_run_input(picked.loaded, found.stored[int(indices[nth])])  # (3, side, side) uint8


def _next(counter: str) -> None:
    st.session_state[counter] = st.session_state.get(counter, 0) + 1


def _uploaded(picked: PictureModel) -> PictureRunInput | None:
    size = picked.loaded.input_shape[-1]
    photo = file_uploader(t("inside.upload_label"), type=IMAGE_TYPES, key="inside.photo",
                          help=t("inside.upload_help_pictures", side=stored_size(size), size=size))
    if photo is None:
        st.info(t("inside.upload_hint"), icon=":material/photo_camera:")
        return None
    try:
        return picture_run_input(picked.loaded, photo)
    except LocalizedError as error:  # not a picture (ImageError)
        st.error(t_error(error))
        return None
