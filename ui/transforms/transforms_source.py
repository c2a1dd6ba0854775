"""The Transforms page's picture: a bundled photo, a dataset image or an upload, kept across page switches."""

from __future__ import annotations

import streamlit as st

from core.common.image_io import ImageError
from core.data.datasets import DATASETS
from core.data.loading import DatasetMissing, load_split
from core.lessons.sample_photos import MAX_SIDE, PHOTOS, bundled_photo, dataset_picture
from core.lessons.transform_pictures import fit_upload
from ui.common.i18n import t, t_error
from ui.common.remember import KEPT, forget_if_cleared, forget_upload, remembered_upload, upload_is_kept
from ui.common.uploader import file_uploader

IMAGE_TYPES = ["png", "jpg", "jpeg", "webp", "bmp", "gif"]
UPLOAD = "tf.upload"


@st.cache_resource(show_spinner=False)
def _photo(name: str):
    return bundled_photo(name)


def select_picture():
    """The picture the pipeline runs on (a PIL image), or None while an upload is awaited."""
    options = {"photo": t("transforms.source_photo"), "dataset": t("transforms.source_dataset"),
               "upload": t("transforms.source_upload")}
    st.session_state.setdefault("tf.source", "photo")
    source = st.segmented_control(t("transforms.source"), list(options), required=True, key="tf.source",
                                  persist_state=KEPT, format_func=options.get)
    if source == "photo":
        labels = {name: t(f"transforms.photo_{name}") for name in PHOTOS}
        st.session_state.setdefault("tf.photo", "astronaut")
        name = st.pills(t("transforms.photo"), list(PHOTOS), required=True, key="tf.photo", persist_state=KEPT,
                        format_func=labels.get)
        return _photo(name)
    if source == "dataset":
        return _dataset_picture()
    return _uploaded_picture()


def picture_dataset() -> str | None:
    """The built-in dataset the picture comes from, or None for a photo or an upload."""
    if st.session_state.get("tf.source") != "dataset":
        return None
    return st.session_state.get("tf.dataset") or next(iter(DATASETS))


def _dataset_picture():
    titles = {name: s.title for name, s in DATASETS.items()}
    left, right = st.columns(2)
    name = left.selectbox(t("transforms.dataset"), list(DATASETS), key="tf.dataset", persist_state=KEPT,
                          format_func=titles.get)
    try:
        split = load_split(name, train=False)
    except DatasetMissing as error:
        st.warning(t_error(error), icon=":material/folder_off:")
        return None
    st.session_state.setdefault("tf.index", 0)
    index = right.number_input(t("transforms.dataset_index"), 0, len(split) - 1, key="tf.index", persist_state=KEPT)
    return dataset_picture(split.images[int(index)])


def _uploaded_picture():
    """The upload in the widget, or the one kept from before a page switch (the page says which)."""
    uploaded = file_uploader(t("transforms.upload_label"), type=IMAGE_TYPES, key=UPLOAD,
                             on_change=forget_if_cleared, args=(UPLOAD,))
    photo = remembered_upload(UPLOAD, uploaded)
    if photo is None:
        st.info(t("transforms.upload_hint"), icon=":material/photo_camera:")
        return None
    if upload_is_kept(UPLOAD, uploaded):
        st.info(t("transforms.upload_kept", name=photo.name), icon=":material/history:")
        st.button(t("transforms.forget_upload"), icon=":material/delete:", key="tf.forget_upload",
                  on_click=forget_upload, args=(UPLOAD,))
    try:
        fitted = fit_upload(photo)
    except ImageError as error:
        st.error(t_error(error))
        return None
    if fitted.shrunk:
        (width, height), (shown_width, shown_height) = fitted.original, fitted.image.size
        st.caption(t("transforms.upload_shrunk", width=width, height=height, shown_width=shown_width,
                     shown_height=shown_height, limit=MAX_SIDE))
    return fitted.image
