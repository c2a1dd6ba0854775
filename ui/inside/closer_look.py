"""One channel, enlarged, next to the kernel that produced it and the input that kernel slid over; each drawn as
a picture that reads its numbers on hover (ui/inside/map_view.py), small ones with the numbers in the cells."""

from __future__ import annotations

import hashlib

import streamlit as st
from torch import nn

from core.plots.feature_plots import HoverWords, channels_drawn
from core.plots.map_pictures import map_picture
from core.vision.activations import LayerOutput, producing_conv
from ui.common.i18n import t
from ui.common.remember import KEPT
from ui.inside.map_view import show_map

ROW = 16  # a kernel's input-channel slices drawn in one row at most; more are drawn as a grid
MAX_SLICES = 64  # slices drawn at most (ResNet's last convs read 512 channels)
CLOSER_LAYER = "inside.closer_layer"  # session keys (closer_key, channel_key): a click on a channel grid sets both


def channel_key(layer_name: str) -> str:
    return f"inside.channel.{layer_name}"


def closer_option(index: int, layer: LayerOutput) -> str:
    """The closer look's option for drawn layer `index`."""
    return f"{index + 1}. {layer.name} ({layer.kind})"


def closer_key(layers: list[LayerOutput]) -> str:
    """The layer picker's key, one per list of drawn layers: a browser keeps showing the option it had
    for a key, so another model's (or another block's) picker is another widget."""
    digest = hashlib.sha1("|".join(closer_option(i, layer) for i, layer in enumerate(layers)).encode())
    return f"{CLOSER_LAYER}.{digest.hexdigest()[:10]}"


def render_closer_look(layers: list[LayerOutput], model: nn.Module, words: HoverWords) -> None:
    """For the layers the tab drew (every layer, a deep model's blocks, or one block's layers)."""
    with_channels = [i for i, layer in enumerate(layers) if layer.has_channels]
    if not with_channels:
        return
    st.subheader(t("inside.closer_heading"))
    st.caption(t("inside.closer_caption"))
    options = {closer_option(i, layers[i]): i for i in with_channels}
    layer_col, channel_col = st.columns([2, 3])
    index = options[layer_col.selectbox(t("inside.closer_layer"), list(options), key=closer_key(layers),
                                        persist_state=KEPT)]
    layer = layers[index]
    channels = layer.shape[1]
    key = channel_key(layer.name)
    if not 0 <= st.session_state.get(key, 0) < channels:
        st.session_state.pop(key)
    channel = channel_col.slider(t("inside.closer_channel"), 0, channels - 1, key=key, persist_state=KEPT,
                                 help=t("inside.closer_channel_help")) if channels > 1 else 0

    source = producing_conv(layers, index)
    input_col, kernel_col, output_col = st.columns([5, 4, 4], gap="medium")
    with output_col:
        st.markdown(t("inside.closer_output", layer=layer.name, channel=channel))
        show_map(map_picture(layer.output[0, channel:channel + 1]), words, "inside-closer-output", 360,
                 f"{layer.name} {channel}")
        st.caption(t("inside.closer_range", size="×".join(map(str, layer.shape[2:])),
                     low=float(layer.output[0, channel].min()), high=float(layer.output[0, channel].max())))
    if source is None:
        with input_col:
            st.info(t("inside.closer_no_conv", layer=layer.name), icon=":material/info:")
        return
    conv = layers[source]
    module: nn.Conv2d = model.get_submodule(conv.name)
    weight = module.weight.detach()[channel]  # (in_channels, k, k): the kernel of this output channel
    with input_col:
        st.markdown(t("inside.closer_input", layer=conv.name, shape=list(conv.input.shape)))
        shown = channels_drawn(*conv.input.shape[1:])  # a 224-px model's conv reads 64 maps of 56×56: the first few
        show_map(map_picture(conv.input[0, :shown]), words, "inside-closer-input", 420,
                 f"{conv.name} {list(conv.input.shape)}")
        if shown < conv.input.shape[1]:
            st.caption(t("inside.layer_first", shown=shown, channels=conv.input.shape[1]))
    with kernel_col:
        st.markdown(t("inside.closer_kernel", layer=conv.name, channel=channel, shape=list(weight.shape)))
        # a k×k slice per input channel: one row of up to ROW, else in rows like the input's grid beside it
        picture = map_picture(weight[:MAX_SLICES], cols=len(weight) if len(weight) <= ROW else None)
        show_map(picture, words, "inside-closer-kernel", 300, f"{conv.name} {channel}")
        if len(weight) > MAX_SLICES:
            st.caption(t("inside.layer_first", shown=MAX_SLICES, channels=len(weight)))
        bias = float(module.bias.detach()[channel]) if module.bias is not None else 0.0
        st.caption(t("inside.closer_sum", channel=channel, bias=bias))
        if module.groups > 1:  # e.g. MobileNet's depthwise convs: each kernel reads its own group of inputs only
            per = weight.shape[0]
            first = channel // (module.out_channels // module.groups) * per
            read = str(first) if per == 1 else f"{first}–{first + per - 1}"
            st.caption(t("inside.closer_groups", channel=channel, read=read, groups=module.groups))
        steps = [layers[i].kind for i in range(source + 1, index + 1)]
        if steps:
            st.caption(t("inside.closer_then", steps=" → ".join(steps)))
