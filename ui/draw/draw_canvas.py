"""The drawing canvas (shared by Draw and See inside) and the Draw page's live prediction fragment."""

from __future__ import annotations

import streamlit as st
from PIL import Image
from torch import nn

from core.vision.inference import ImageError, predict
from ui.common.i18n import t
from ui.draw.canvas_style import TOOLBAR_TITLES, keep_toolbar_off_the_canvas
from ui.draw.digit_result import render_prediction


def _clear(counter: str) -> None:
    """Clear: a new key mounts a fresh, empty canvas."""
    st.session_state[counter] = st.session_state.get(counter, 0) + 1


def drawing_canvas(prefix: str) -> Image.Image | None:
    """Pen width, a 280×280 canvas (white ink on black), Clear and the undo hint; None while it is blank."""
    from streamlit_drawable_canvas import st_canvas  # imports only inside a Streamlit runtime

    counter = f"{prefix}.canvas_id"
    width = st.slider(t("draw.stroke"), 6, 40, 20, key=f"{prefix}.stroke", help=t("draw.stroke_help"))
    titles = {english: t(f"draw.toolbar.{name}") for english, name in TOOLBAR_TITLES.items()}
    keep_toolbar_off_the_canvas(f"{prefix}-canvas-fix", titles)
    result = st_canvas(
        stroke_width=width, stroke_color="#FFFFFF", background_color="#000000",
        height=280, width=280, drawing_mode="freedraw", return_image_data=True,
        key=f"{prefix}.canvas.{st.session_state.get(counter, 0)}",
    )
    st.button(t("draw.clear"), on_click=_clear, args=(counter,), key=f"{prefix}.clear", icon=":material/delete:")
    st.caption(t("draw.undo_hint"))
    pixels = result.image_data  # (280, 280, 4) uint8, None before the first stroke
    if pixels is None or pixels[..., :3].max() == 0:
        return None
    return Image.fromarray(pixels)


@st.fragment
def render_canvas_and_prediction(model: nn.Module) -> None:
    left, right = st.columns([1, 2.2])
    with left:
        drawing = drawing_canvas("draw")
    with right:
        if drawing is None:
            st.info(t("draw.hint"), icon=":material/draw:")
            return
        try:
            prediction = predict(drawing, model, keep_steps=True)
        except ImageError:  # a dot too faint to be a digit: keep inviting
            st.info(t("draw.hint"), icon=":material/draw:")
            return
        render_prediction(prediction, model, key="canvas", image=drawing)
