"""Show a Prediction: the digit large, the probabilities, what the model saw, why, and the steps."""

from __future__ import annotations

import streamlit as st
from torch import nn

from core.explain import grad_cam, saliency
from core.inference import Prediction, predict_naive
from core.plots import probability_bars
from core.visual import heat_overlay, square_tile, to_uint8, upscale
from ui.i18n import t

BIG_DIGIT = '<div style="font-size:6rem;font-weight:700;line-height:1;color:#ee4c2c">{}</div>'


def render_prediction(prediction: Prediction, model: nn.Module, key: str, image=None) -> None:
    """`key` keeps element ids stable and distinct between the canvas and the upload tab."""
    digit_col, chart_col = st.columns([1, 3])
    with digit_col:
        st.caption(t("draw.prediction"))
        with st.container(key=f"{key}-digit"):  # .st-key-<key>-digit: a stable hook for browser tests
            st.markdown(BIG_DIGIT.format(prediction.label), unsafe_allow_html=True)
        st.markdown(f"**{t('draw.confidence', confidence=prediction.confidence)}**")
    with chart_col:
        figure = probability_bars(prediction.probs, t("draw.chart_title"), t("draw.chart_x"))
        st.plotly_chart(figure, key=f"{key}-probs", config={"displayModeBar": False})

    sees_col, cam_col, saliency_col = st.columns(3)
    sees_col.image(upscale(to_uint8(prediction.unit), 6), caption=t("draw.sees"))
    cam = grad_cam(model, prediction.input, prediction.label)
    cam_col.image(upscale(heat_overlay(prediction.unit, cam), 6), caption=t("draw.why_cam"))
    cam_col.caption(t("draw.why_cam_help"))
    sal = saliency(model, prediction.input, prediction.label)
    saliency_col.image(upscale(heat_overlay(prediction.unit, sal), 6), caption=t("draw.why_saliency"))
    saliency_col.caption(t("draw.why_saliency_help"))

    if prediction.steps:
        st.markdown(f"**{t('draw.steps_heading')}**")
        st.image([square_tile(step.image, 96) for step in prediction.steps],
                 caption=[t(step.key) for step in prediction.steps], width=96)
    if image is not None:
        render_without_preprocessing(image, model, prediction.label)


def render_without_preprocessing(image, model: nn.Module, label: int) -> None:
    """The same model on the plainly resized picture: why the steps above matter."""
    naive_label, confidence, unit = predict_naive(image, model)
    picture, words = st.columns([1, 6], vertical_alignment="center")
    picture.image(upscale(to_uint8(unit), 3))
    verdict = "draw.naive_same" if naive_label == label else "draw.naive_differs"
    words.markdown(t(verdict, label=naive_label, confidence=confidence))
