"""Draw a digit: a canvas or an upload, MNIST-style preprocessing, probabilities and why."""

import streamlit as st

from ui.common.shell import ensure_app_navigation

ensure_app_navigation()  # first line of every page: see ui/common/shell.py

from core.code.digit_snippet import digit_inference_code  # noqa: E402
from core.data.normalization import input_normalization  # noqa: E402
from core.vision.inference import ImageError, load_image, predict  # noqa: E402
from ui.common.code_expander import opened_code_expander  # noqa: E402
from ui.common.i18n import current_language, t, t_error  # noqa: E402
from ui.common.uploader import file_uploader  # noqa: E402
from ui.draw.digit_models import select_digit_model  # noqa: E402
from ui.draw.digit_result import render_prediction, render_refusal  # noqa: E402
from ui.draw.draw_canvas import render_canvas_and_prediction  # noqa: E402

st.title(t("pages.draw.title"))
st.markdown(t("draw.intro"))
with st.container(key="draw-model"):  # one element, whatever it holds: the canvas below keeps its place (and its drawing)
    picked = select_digit_model()

draw_tab, upload_tab = st.tabs([t("draw.tab_draw"), t("draw.tab_upload")])
with draw_tab:
    render_canvas_and_prediction(picked.model)
with upload_tab:
    photo = file_uploader(t("draw.upload_label"), type=["png", "jpg", "jpeg", "webp", "bmp", "gif"],
                          key="draw.photo", help=t("draw.upload_help"))
    if photo is None:
        st.info(t("draw.upload_hint"), icon=":material/photo_camera:")
    else:
        try:
            image = load_image(photo)
            render_prediction(predict(image, picked.model, keep_steps=True), picked.model, key="upload", image=image)
        except ImageError as error:
            st.error(t_error(error))
            render_refusal(error)

panel = opened_code_expander(t("draw.code_heading"), "draw.code")  # built once opened: ui/common/code_expander.py
if panel:
    with panel:
        st.caption(t("draw.code_caption"))
        code = digit_inference_code(picked.checkpoint, picked.name, "digit.png", current_language(),
                                    input_normalization(picked.model))
        st.code(code, language="python")
