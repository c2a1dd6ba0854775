"""See inside's input picker: a test-set sample by class, a drawing, or an uploaded picture."""

from __future__ import annotations

import numpy as np
import streamlit as st
from PIL import Image

from core.common.image_io import ImageError
from core.common.visual import png_bytes, upscale
from core.data.datasets import DatasetSpec
from core.data.loading import DatasetMissing, dataset_available, load_split
from core.vision.model_inputs import ModelInput, dataset_for, example_picture, from_pixels, from_upload
from ui.common.i18n import t, t_error
from ui.common.remember import KEPT
from ui.common.uploader import file_uploader

IMAGE_TYPES = ["png", "jpg", "jpeg", "webp", "bmp", "gif"]
FIRST_CLASS = {"mnist": 7, "cifar10": 3}  # the first test image of each: a 7, a cat


def select_input(input_shape: tuple[int, int, int]) -> ModelInput | None:
    """The picture to run, or None (with a hint shown) while there is none yet."""
    spec = dataset_for(input_shape)
    options = {"sample": t("inside.source_sample", dataset=spec.title), "draw": t("inside.source_draw"),
               "upload": t("inside.source_upload")}
    if input_shape[0] == 3:
        del options["draw"]  # the canvas draws white digits; a colour model wants a photo
    if not dataset_available(spec.name):
        options["sample"] = t("inside.source_example" if input_shape[0] == 3 else "inside.source_missing",
                              dataset=spec.title)
    source = st.segmented_control(t("inside.source"), list(options), format_func=options.get, default="sample",
                                  required=True, key=f"inside.source.{spec.name}", persist_state=KEPT)
    if source == "draw":
        return _drawn(input_shape)
    if source == "upload":
        return _uploaded(input_shape)
    return _sample(spec, input_shape)


def _sample(spec: DatasetSpec, input_shape: tuple[int, int, int]) -> ModelInput | None:
    try:
        split = load_split(spec.name, train=False)
    except DatasetMissing as error:
        if input_shape[0] == 3:
            st.caption(t("inside.no_cifar_example", size=input_shape[-1]))
            return example_picture(input_shape)
        st.warning(t_error(error), icon=":material/folder_off:")
        return None
    labels = dict(enumerate(spec.classes))
    label = st.pills(t("inside.sample_class"), list(labels), format_func=labels.get, required=True,
                     default=FIRST_CLASS.get(spec.name, 0), key=f"inside.class.{spec.name}", persist_state=KEPT)
    counter = f"inside.nth.{spec.name}"
    indices = (split.labels == label).nonzero().flatten()  # test images of this class
    index = int(indices[st.session_state.get(counter, 0) % len(indices)])
    st.button(t("inside.another", label=labels[label]), on_click=_next, args=(counter,), key="inside.another",
              icon=":material/shuffle:")
    st.caption(t("inside.sample_caption", dataset=spec.title, index=index))
    if tuple(spec.shape[1:]) != tuple(input_shape[1:]):  # a 224-px model: the 32×32 image enlarged, as a photo
        return from_upload(Image.fromarray(split.images[index].permute(1, 2, 0).numpy()), input_shape)
    return from_pixels(split.images[index], spec)


def _next(counter: str) -> None:
    st.session_state[counter] = st.session_state.get(counter, 0) + 1


def _drawn(input_shape: tuple[int, int, int]) -> ModelInput | None:
    from ui.draw.draw_canvas import drawing_canvas  # imported here: its digit reader loads SciPy (~0.35 s), which
    # See inside's first visit on a fresh server, on a test digit, does not need
    drawing = drawing_canvas("inside")
    try:
        if drawing is not None:
            return from_upload(drawing, input_shape)
    except ImageError:  # a dot too faint to be a digit: keep inviting
        pass
    st.info(t("inside.draw_hint"), icon=":material/draw:")
    return None


def _uploaded(input_shape: tuple[int, int, int]) -> ModelInput | None:
    help_key = "inside.upload_help_colour" if input_shape[0] == 3 else "inside.upload_help_digit"
    photo = file_uploader(t("inside.upload_label"), type=IMAGE_TYPES, key="inside.photo",
                          help=t(help_key, size=input_shape[-1]))
    if photo is None:
        st.info(t("inside.upload_hint"), icon=":material/photo_camera:")
        return None
    try:
        return from_upload(photo, input_shape)
    except ImageError as error:
        st.error(t_error(error))
        return None


def render_input_picture(model_input: ModelInput, file_name: str, file: np.ndarray | None = None) -> None:
    """What the model sees, enlarged, with a download so the page's code can read the same file
    (`file`, when the code starts from another picture than the one the model sees)."""
    picture = model_input.picture
    st.image(upscale(picture, max(1, 168 // picture.shape[0])), caption=t("inside.sees", size="×".join(
        map(str, model_input.tensor.shape))))
    st.download_button(t("inside.download_input", name=file_name), png_bytes(picture if file is None else file),
                       file_name=file_name, mime="image/png", icon=":material/download:", key="inside.download")
