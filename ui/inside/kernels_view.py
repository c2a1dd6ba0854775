"""The Kernels tab: the first conv layer's weights as pictures, deeper kernels per input channel."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st
from torch import nn

from core.code.inside_snippets import kernels_code
from core.plots.feature_plots import channel_grid, kernel_grid, rgb_kernels
from ui.common.code_expander import opened_code_expander
from ui.common.i18n import current_language, t
from ui.common.remember import KEPT
from ui.draw.digit_models import PickedModel
from ui.inside.feature_maps_view import CHART_CONFIG, hover_words
from ui.inside.inside_models import PictureModel

PAGE = 16  # kernels (rows) shown at once: more would shrink each tile to a few pixels
COLUMNS = 64  # input channels (columns) shown: ResNet's last convs read 512
CODE = "inside.code.kernels"  # the code expander's key: open, it shows the code


@st.fragment
def render_kernels_tab(picked: PickedModel) -> None:
    convs = {name: m for name, m in picked.model.named_modules() if isinstance(m, nn.Conv2d)}
    if not convs:
        st.info(t("inside.kernels_none", model=picked.name), icon=":material/info:")
        return
    words = hover_words()
    first_name, first = next(iter(convs.items()))
    weight = first.weight.detach()  # (out_channels, in_channels, k, k)
    st.subheader(t("inside.kernels_first", layer=first_name, shape=list(weight.shape)))
    st.caption(t("inside.kernels_first_caption" if picked.checkpoint else "inside.kernels_untrained_caption"))
    if weight.shape[1] == 3:  # red, green and blue weights together: a colour picture per kernel
        st.plotly_chart(rgb_kernels(weight, width=560), key="inside-kernels-first", config=CHART_CONFIG)
        st.caption(t("inside.kernels_rgb_caption"))
    elif weight.shape[1] == 1:  # one k×k picture per kernel
        st.plotly_chart(channel_grid(weight[:, 0], replace(words, channel=words.kernel), width=560),
                        key="inside-kernels-first", config=CHART_CONFIG)
    else:
        st.plotly_chart(kernel_grid(weight, words, width=560), key="inside-kernels-first", config=CHART_CONFIG)

    deeper = list(convs)[1:]
    layer = _deeper(convs, deeper, words, picked.name) if deeper else first_name
    panel = opened_code_expander(t("inside.code_heading"), CODE)
    if panel:
        with panel:
            st.caption(t("inside.kernels_code_caption"))
            classes = len(picked.loaded.classes) if isinstance(picked, PictureModel) else None  # its head's outputs
            st.code(kernels_code(picked.name, picked.checkpoint, layer, current_language(), classes),
                    language="python")


def _deeper(convs: dict[str, nn.Conv2d], names: list[str], words, model: str) -> str:
    """A deeper conv layer's kernels, a row per kernel; returns the layer shown. One picker per architecture
    (`model`): a browser keeps the label an option first had."""
    st.subheader(t("inside.kernels_deeper"))
    labels = {name: f"{name} · {convs[name]}" for name in names}
    name = st.selectbox(t("inside.kernels_layer"), names, format_func=labels.get, key=f"inside.kernel_layer.{model}",
                        persist_state=KEPT)
    weight = convs[name].weight.detach()  # (out_channels, in_channels, k, k)
    out_channels = weight.shape[0]
    first = 0
    if out_channels > PAGE:
        starts = list(range(0, out_channels, PAGE))
        ranges = {s: f"{s}–{min(s + PAGE, out_channels) - 1}" for s in starts}
        first = st.select_slider(t("inside.kernels_range"), starts, format_func=ranges.get, key=f"inside.range.{name}",
                                 persist_state=KEPT)
    shown = weight[first:first + PAGE, :COLUMNS]
    caption = t("inside.kernels_deeper_caption", rows=len(shown), first=first, inputs=weight.shape[1],
                k="×".join(map(str, weight.shape[2:])))
    if weight.shape[1] > COLUMNS:
        caption += " " + t("inside.kernels_first_columns", shown=COLUMNS)
    st.caption(caption)
    st.plotly_chart(kernel_grid(shown, words, width=900, first=first), key="inside-kernels-deeper",
                    config=CHART_CONFIG)
    return name
