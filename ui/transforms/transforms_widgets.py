"""One widget per transform parameter, chosen by the parameter's kind (a dispatch table, as
albumentations-demo does). Each takes its value from the step's params, which live in session state
with the pipeline: a step comes back as it was after a visit to another page."""

from __future__ import annotations

import streamlit as st

from core.data.datasets import DATASETS
from core.data.pipeline import Param
from ui.common.i18n import t

NORMALIZE_PRESETS = {"half": ((0.5,), (0.5,)), "imagenet": ((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))} | {
    name: (s.mean, s.std) for name, s in DATASETS.items()}


def param_widget(step: str, p: Param, value, key: str):
    """Draw the widget for parameter `p` of `step`; returns its value as params keep it (JSON-able)."""
    if p.kind == "bool":
        return st.toggle(p.name, value=bool(value), key=key)
    if p.kind == "choice":
        labels = {c: str(c) for c in p.choices}
        return st.segmented_control(p.name, list(p.choices), default=value, key=key, required=True,
                                    format_func=labels.get)
    if p.kind == "int":
        return st.slider(p.name, int(p.low), int(p.high), int(value), int(p.step), key=key)
    if p.kind == "float":
        return st.slider(p.name, float(p.low), float(p.high), float(value), float(p.step), key=key)
    if p.kind == "pair":
        low, high = st.slider(p.name, float(p.low), float(p.high), (float(value[0]), float(value[1])),
                              float(p.step), key=key)
        return [low, high]
    if p.kind == "xy":
        return _translate(p, value, key)
    if p.kind == "size":
        return _size(step, p, value, key)
    return _normalize_stats(p, value, key)


def _size(step: str, p: Param, value, key: str):
    """torchvision's size: one int (Resize: the shorter side; a crop: a square) or (height, width)."""
    forms = {"int": t("transforms.size_int"), "hw": t("transforms.size_hw")}
    form = st.segmented_control(p.name, list(forms), default="hw" if isinstance(value, list) else "int",
                                key=f"{key}.form", required=True, format_func=forms.get)
    low, high, step_by = int(p.low), int(p.high), int(p.step)
    if form == "int":
        side = t("transforms.size_side_resize" if step == "Resize" else "transforms.size_side_crop")
        return st.slider(side, low, high, int(value if isinstance(value, int) else value[0]), step_by, key=key)
    height, width = (value, value) if isinstance(value, int) else value
    left, right = st.columns(2)
    return [left.slider(t("transforms.size_height"), low, high, int(height), step_by, key=f"{key}.h"),
            right.slider(t("transforms.size_width"), low, high, int(width), step_by, key=f"{key}.w")]


def _translate(p: Param, value, key: str):
    """RandomAffine's translate=(a, b): a is the horizontal share, b the vertical — two limits, not a range."""
    x = st.slider(t("transforms.translate_x"), float(p.low), float(p.high), float(value[0]), p.step, key=f"{key}.x")
    y = st.slider(t("transforms.translate_y"), float(p.low), float(p.high), float(value[1]), p.step, key=f"{key}.y")
    return [x, y]


def _normalize_stats(p: Param, value, key: str):
    """Normalize's mean and std come as a pair of presets: seed 003's 0.5, ImageNet's, or a dataset's."""
    preset_key = key.rsplit(".", 1)[0] + ".preset"
    if p.name == "mean":
        labels = {"half": t("transforms.preset_half"), "imagenet": t("transforms.preset_imagenet")} | {
            name: s.title for name, s in DATASETS.items()}
        shown = next((name for name, (mean, _) in NORMALIZE_PRESETS.items() if list(mean) == list(value)), "half")
        chosen = st.segmented_control(t("transforms.normalize_preset"), list(labels), default=shown,
                                      key=preset_key, required=True, format_func=labels.get)
        return list(NORMALIZE_PRESETS[chosen][0])
    chosen = st.session_state.get(preset_key, "half")
    mean, std = NORMALIZE_PRESETS[chosen]
    st.caption(t("transforms.normalize_values", mean=mean, std=std))
    return list(std)
