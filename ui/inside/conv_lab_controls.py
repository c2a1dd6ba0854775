"""The conv lab's sliders, as data: one row per argument of nn.Conv2d / nn.MaxPool2d."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from core.lessons.conv_arithmetic import LayerSettings
from ui.common.i18n import t
from ui.common.remember import KEPT


@dataclass(frozen=True)
class Knob:
    arg: str  # the LayerSettings field and the PyTorch argument it stands for
    low: int
    high: int
    conv_default: int  # seed 002: nn.Conv2d(3, 6, 3, stride=1, padding=0)
    pool_default: int  # nn.MaxPool2d(3): stride defaults to the kernel size


KNOBS = (
    Knob("kernel", 1, 7, 3, 3),
    Knob("stride", 1, 4, 1, 3),
    Knob("padding", 0, 3, 0, 0),
    Knob("dilation", 1, 3, 1, 1),
)


def select_layer_settings(in_channels: int) -> LayerSettings:
    """The layer chosen with the widgets; the image decides in_channels, as it must in PyTorch."""
    kinds = {"conv": "nn.Conv2d", "pool": "nn.MaxPool2d"}
    kind = st.segmented_control(t("inside.lab_layer"), list(kinds), format_func=kinds.get, default="conv",
                                required=True, key="inside.lab.kind", persist_state=KEPT)
    values = {}
    for knob in KNOBS:
        high = knob.high
        if knob.arg == "padding" and kind == "pool":
            high = min(high, values["kernel"] // 2)  # PyTorch: pool padding at most half the kernel
        values[knob.arg] = clamped_slider(t(f"inside.lab_{knob.arg}"), knob.low, high,
                                          knob.conv_default if kind == "conv" else knob.pool_default,
                                          key=f"inside.lab.{kind}.{knob.arg}", help=t(f"inside.lab_{knob.arg}_help"))
    out_channels, ceil_mode = in_channels, False
    if kind == "conv":
        out_channels = st.slider(t("inside.lab_out_channels"), 1, 16, 6, key="inside.lab.out_channels",
                                 persist_state=KEPT, help=t("inside.lab_out_channels_help"))
    else:
        ceil_mode = st.toggle(t("inside.lab_ceil_mode"), value=True, key="inside.lab.ceil_mode", persist_state=KEPT,
                              help=t("inside.lab_ceil_mode_help"))
    return LayerSettings(kind, values["kernel"], values["stride"], values["padding"], values["dilation"],
                         ceil_mode, in_channels, out_channels)


def clamped_slider(label: str, low: int, high: int, default: int, key: str, help: str | None = None) -> int:
    """A slider whose range may shrink between runs: a kept value above the new top is pulled down first.
    The value lives in session state (no `value=` argument), so code may set it too without a warning."""
    if key not in st.session_state:
        st.session_state[key] = min(default, high)
    elif st.session_state[key] > high:
        st.session_state[key] = high
    if high <= low:  # nothing to choose (e.g. no padding allowed for a 1×1 pool)
        st.caption(f"{label}: {low}")
        return low
    return st.slider(label, low, high, key=key, persist_state=KEPT, help=help)
