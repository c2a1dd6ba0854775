"""One channel, enlarged, next to the kernel that produced it and the input that kernel slid over."""

from __future__ import annotations

import streamlit as st
from torch import nn

from core.plots.feature_plots import HoverWords, channel_grid, channel_heatmap, kernel_grid
from core.vision.activations import FeatureMaps, producing_conv
from ui.common.i18n import t
from ui.common.remember import KEPT

CHART_CONFIG = {"displayModeBar": False}
CLOSER_LAYER = "inside.closer_layer"  # session keys: a click on a channel grid sets both


def channel_key(layer_name: str) -> str:
    return f"inside.channel.{layer_name}"


def render_closer_look(maps: FeatureMaps, model: nn.Module, words: HoverWords) -> None:
    with_channels = [i for i, layer in enumerate(maps.layers) if layer.has_channels]
    if not with_channels:
        return
    st.subheader(t("inside.closer_heading"))
    st.caption(t("inside.closer_caption"))
    labels = {i: f"{i + 1}. {maps.layers[i].name} ({maps.layers[i].kind})" for i in with_channels}
    layer_col, channel_col = st.columns([2, 3])
    if st.session_state.get(CLOSER_LAYER) not in with_channels:  # another model: start at its first layer
        st.session_state.pop(CLOSER_LAYER, None)
    index = layer_col.selectbox(t("inside.closer_layer"), with_channels, format_func=labels.get,
                                key=CLOSER_LAYER, persist_state=KEPT)
    layer = maps.layers[index]
    channels = layer.shape[1]
    key = channel_key(layer.name)
    if not 0 <= st.session_state.get(key, 0) < channels:
        st.session_state.pop(key)
    channel = channel_col.slider(t("inside.closer_channel"), 0, channels - 1, key=key, persist_state=KEPT,
                                 help=t("inside.closer_channel_help")) if channels > 1 else 0

    source = producing_conv(maps.layers, index)
    input_col, kernel_col, output_col = st.columns([5, 4, 4], gap="medium")
    with output_col:
        st.markdown(t("inside.closer_output", layer=layer.name, channel=channel))
        st.plotly_chart(channel_heatmap(layer.output[0, channel], words, width=360), key="inside-closer-output",
                        config=CHART_CONFIG)
        st.caption(t("inside.closer_range", size="×".join(map(str, layer.shape[2:])),
                     low=float(layer.output[0, channel].min()), high=float(layer.output[0, channel].max())))
    if source is None:
        with input_col:
            st.info(t("inside.closer_no_conv", layer=layer.name), icon=":material/info:")
        return
    conv = maps.layers[source]
    module: nn.Conv2d = model.get_submodule(conv.name)
    weight = module.weight.detach()[channel]  # (in_channels, k, k): the kernel of this output channel
    with input_col:
        st.markdown(t("inside.closer_input", layer=conv.name, shape=list(conv.input.shape)))
        st.plotly_chart(channel_grid(conv.input[0], words, width=420), key="inside-closer-input", config=CHART_CONFIG)
    with kernel_col:
        st.markdown(t("inside.closer_kernel", layer=conv.name, channel=channel, shape=list(weight.shape)))
        figure = channel_heatmap(weight[0], words, width=300) if len(weight) == 1 else \
            kernel_grid(weight[None], words, width=300)  # one row: a k×k slice per input channel
        st.plotly_chart(figure, key="inside-closer-kernel", config=CHART_CONFIG)
        bias = float(module.bias.detach()[channel]) if module.bias is not None else 0.0
        st.caption(t("inside.closer_sum", channel=channel, bias=bias))
        steps = [maps.layers[i].kind for i in range(source + 1, index + 1)]
        if steps:
            st.caption(t("inside.closer_then", steps=" → ".join(steps)))
