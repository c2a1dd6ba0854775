"""The drawing canvas and its live prediction, in a fragment: a stroke reruns only this part."""

from __future__ import annotations

import streamlit as st
from PIL import Image
from torch import nn

from core.inference import ImageError, predict
from ui.digit_result import render_prediction
from ui.i18n import t

_CANVAS_ID = "draw.canvas_id"  # bumped by Clear: a new key mounts a fresh, empty canvas


def _clear() -> None:
    st.session_state[_CANVAS_ID] = st.session_state.get(_CANVAS_ID, 0) + 1


@st.fragment
def render_canvas_and_prediction(model: nn.Module) -> None:
    from streamlit_drawable_canvas import st_canvas  # imports only inside a Streamlit runtime

    left, right = st.columns([1, 2.2])
    with left:
        width = st.slider(t("draw.stroke"), 6, 40, 20, key="draw.stroke", help=t("draw.stroke_help"))
        result = st_canvas(
            stroke_width=width, stroke_color="#FFFFFF", background_color="#000000",
            height=280, width=280, drawing_mode="freedraw", return_image_data=True,
            key=f"draw.canvas.{st.session_state.get(_CANVAS_ID, 0)}",
        )
        st.button(t("draw.clear"), on_click=_clear, key="draw.clear", icon=":material/delete:")
        st.caption(t("draw.undo_hint"))
    with right:
        pixels = result.image_data  # (280, 280, 4) uint8, None before the first stroke
        if pixels is None or pixels[..., :3].max() == 0:
            st.info(t("draw.hint"), icon=":material/draw:")
            return
        try:
            drawing = Image.fromarray(pixels)
            prediction = predict(drawing, model, keep_steps=True)
        except ImageError:  # a dot too faint to be a digit: keep inviting
            st.info(t("draw.hint"), icon=":material/draw:")
            return
        render_prediction(prediction, model, key="canvas", image=drawing)
