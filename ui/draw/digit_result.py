"""Show a Prediction: the digit large, the probabilities, what the model saw, each preprocessing
step with why it ran, and (only once its section is opened) Grad-CAM and saliency.

Everything redrawn on a stroke is light: one HTML element for the chart, small PNGs inline,
no Plotly; the explanations cost nothing until somebody asks for them.
"""

from __future__ import annotations

import numpy as np
import streamlit as st
from PIL import Image
from torch import nn

from core.common.visual import heat_overlay, to_uint8
from core.vision.explain import grad_cam, saliency
from core.vision.inference import Prediction, predict_naive
from ui.common.i18n import t
from ui.draw.digit_html import picture_strip_html, probability_bars_html

BIG_DIGIT = '<div style="font-size:6rem;font-weight:700;line-height:1;color:#ee4c2c">{}</div>'
CLEANING = ("lighting", "grain", "paper", "edges", "lines", "specks")
STEP_TILE = 88  # px: a strip of up to a dozen steps fits the page's width
SEEN = 112  # px: the 28×28 input, four times enlarged


def render_prediction(prediction: Prediction, model: nn.Module, key: str, image=None) -> None:
    """`key` keeps element ids stable and distinct between the canvas and the upload tab."""
    digit_col, chart_col = st.columns([1, 3])
    with digit_col:
        st.caption(t("draw.prediction"))
        with st.container(key=f"{key}-digit"):  # .st-key-<key>-digit: a stable hook for browser tests
            st.markdown(BIG_DIGIT.format(prediction.label), unsafe_allow_html=True)
        st.markdown(f"**{t('draw.confidence', confidence=prediction.confidence)}**", help=t("draw.confidence_help"))
    with chart_col, st.container(key=f"{key}-probs"):
        st.html(probability_bars_html(prediction.probs, t("draw.chart_title"), t("draw.chart_x")))
    if prediction.doubts:
        with st.container(key=f"{key}-doubts"):
            reasons = "\n".join(f"- {t(doubt, **values)}" for doubt, values in prediction.doubts)
            st.warning(f"{t('draw.doubt_heading')}\n\n{reasons}", icon=":material/help:")
    render_seen_and_naive(prediction, model, image)
    if prediction.steps:
        render_steps(prediction, key)
    render_explanations(prediction, model, key)


def render_seen_and_naive(prediction: Prediction, model: nn.Module, image) -> None:
    """What the model saw, and what it would have seen (and said) with the picture only resized."""
    pictures = [(to_uint8(prediction.unit), t("draw.sees"))]
    words = ""
    if image is not None:
        naive_label, confidence, unit = predict_naive(image, model)
        pictures.append((to_uint8(unit), t("draw.naive_caption")))
        verdict = "draw.naive_same" if naive_label == prediction.label else "draw.naive_differs"
        words = t(verdict, label=naive_label, confidence=confidence, ours=prediction.label)
    pictures_col, words_col = st.columns([1, 1.1], vertical_alignment="center")
    pictures_col.html(picture_strip_html(pictures, SEEN))
    if words:
        words_col.markdown(words)


def render_steps(prediction: Prediction, key: str) -> None:
    """The strip from the picture to MNIST's 28×28, and a sentence for each step saying why it ran."""
    st.markdown(f"**{t('draw.steps_heading')}**")
    st.html(picture_strip_html([(_small(step.image, STEP_TILE), t(step.key)) for step in prediction.steps], STEP_TILE))
    with st.container(key=f"{key}-why"):
        st.markdown(f"**{t('draw.why_heading')}**")
        st.markdown("\n".join(f"- {reason}" for reason in step_reasons(prediction)))


def render_refusal(error) -> None:
    """A refused picture: what was received and the steps it got through, the last one where the digit was lost."""
    steps = getattr(error, "steps", [])
    if not steps:
        return
    with st.container(key="upload-refused"):
        st.markdown(t("draw.lost_at", step=t(steps[-1].key)))
        st.html(picture_strip_html([(_small(step.image, STEP_TILE), t(step.key)) for step in steps], STEP_TILE))
        reasons = [t(step.why, **step.values) for step in steps if step.why]
        if reasons:
            st.markdown("\n".join(f"- {reason}" for reason in reasons))


def step_reasons(prediction: Prediction) -> list[str]:
    """One sentence per step that ran and why; for a clean image, why nothing was cleaned."""
    reasons = [t(step.why, **step.values) for step in prediction.steps if step.why]
    cleaned = any(step.key.removeprefix("draw.step_") in CLEANING for step in prediction.steps)
    found = prediction.diagnosis
    if not cleaned and found is not None:
        note = t("draw.why_small", size=max(prediction.steps[0].image.shape)) if found.small else \
            t("draw.why_clean", flat=found.flat)
        reasons.insert(1, note)
    return reasons + [t("draw.why_textbook")]


def render_explanations(prediction: Prediction, model: nn.Module, key: str) -> None:
    """Grad-CAM and saliency, computed only while their section is open (a backward pass each)."""
    with st.expander(t("draw.explain_heading"), key=f"{key}-explain", on_change="rerun",
                     icon=":material/visibility:") as section:
        if not section.open:
            return
        cam = grad_cam(model, prediction.input, prediction.label)
        sal = saliency(model, prediction.input, prediction.label)
        st.html(picture_strip_html([(heat_overlay(prediction.unit, cam), t("draw.why_cam")),
                                    (heat_overlay(prediction.unit, sal), t("draw.why_saliency"))], SEEN))
        st.caption(t("draw.why_cam_help"))
        st.caption(t("draw.why_saliency_help"))


def _small(picture: np.ndarray, size: int) -> np.ndarray:
    """A step's picture at most `size` px on its longer side (box-averaged): a preview, sent small."""
    h, w = picture.shape[:2]
    if max(h, w) <= size:
        return picture
    scale = size / max(h, w)
    return np.asarray(Image.fromarray(picture).resize((max(1, round(w * scale)), max(1, round(h * scale))),
                                                      Image.Resampling.BOX))
