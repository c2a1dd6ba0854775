"""The Feature maps tab: the input, the prediction, then every layer's output, two layers a row."""

from __future__ import annotations

import streamlit as st

from functools import partial

from core.code.inside_snippets import feature_maps_code
from core.data.normalization import input_normalization
from core.models import get_model_info
from core.plots.feature_plots import HoverWords, layer_figures
from core.vision.activations import FeatureMaps, LayerOutput, feature_maps
from core.vision.model_inputs import dataset_for, normalized_as
from ui.common.i18n import current_language, t
from ui.draw.digit_models import PickedModel
from ui.inside.closer_look import CLOSER_LAYER, channel_key, render_closer_look
from ui.inside.inside_input import render_input_picture, select_input

CHART_CONFIG = {"displayModeBar": False}


def hover_words() -> HoverWords:
    return HoverWords(t("inside.hover_channel"), t("inside.hover_value"), t("inside.hover_kernel"),
                      t("inside.hover_row"), t("inside.hover_column"), t("inside.hover_click"))


@st.fragment
def render_feature_maps_tab(picked: PickedModel) -> None:
    """A fragment: a new stroke or sample reruns this tab only, not the whole page."""
    shape = get_model_info(picked.name).input_shape
    file_name = "photo.png" if shape[0] == 3 else "digit.png"
    input_col, sees_col = st.columns([3, 2])
    with input_col:
        model_input = select_input(shape)
    if model_input is None:
        return
    stats = input_normalization(picked.model, dataset_for(shape).name)  # a run may have trained on 0.5/0.5 or none
    model_input = normalized_as(model_input, dataset_for(shape), stats)
    maps = feature_maps(picked.model, model_input.tensor)
    with sees_col:
        render_input_picture(model_input, file_name)
        _prediction(maps, picked, shape)

    st.subheader(t("inside.layers_heading"))
    st.caption(t("inside.layers_caption"))
    words = hover_words()
    figures = layer_figures(maps, words, list(dataset_for(shape).classes))
    for start in range(0, len(maps.layers), 2):
        for column, index in zip(st.columns(2, gap="medium"), range(start, min(start + 2, len(maps.layers)))):
            with column:
                _layer(index, maps, figures[index])

    render_closer_look(maps, picked.model, words)
    with st.expander(t("inside.code_heading"), icon=":material/code:"):
        st.caption(t("inside.code_caption", name=file_name))
        st.code(feature_maps_code(picked.name, picked.checkpoint, file_name, current_language(), stats),
                language="python")


def _prediction(maps: FeatureMaps, picked: PickedModel, shape) -> None:
    classes = dataset_for(shape).classes
    best = max(range(len(maps.probs)), key=maps.probs.__getitem__)
    st.markdown(t("inside.prediction", label=classes[best], confidence=maps.probs[best]))
    if picked.checkpoint is None:
        st.caption(t("inside.untrained_guess"))


def _layer(index: int, maps: FeatureMaps, figure) -> None:
    layer: LayerOutput = maps.layers[index]
    with st.container(border=True, key=f"inside-layer-{index}"):
        st.markdown(f"**{index + 1}. {layer.name}** · `{layer.layer}`")
        if figure is None:  # Flatten
            before = maps.layers[index - 1].shape if index else layer.shape
            st.caption(t("inside.flatten", before=list(before), after=list(layer.shape)))
            return
        st.caption(t("inside.layer_caption", shape=list(layer.shape), low=layer.low, high=layer.high))
        key = f"inside-map-{index}"
        if layer.has_channels:  # a click on a tile opens that channel in the closer look
            st.plotly_chart(figure, key=key, config=CHART_CONFIG, selection_mode="points",
                            on_select=partial(look_closer, key, index, layer.name))
        else:
            st.plotly_chart(figure, key=key, config=CHART_CONFIG)


def look_closer(chart_key: str, index: int, name: str) -> None:
    """A click on a channel's tile: show that layer and channel in the closer look below."""
    points = st.session_state[chart_key].selection.points
    if points:
        channel = points[0]["point_index"]
        st.session_state[CLOSER_LAYER] = index
        st.session_state[channel_key(name)] = channel
        st.toast(t("inside.picked", layer=name, channel=channel), icon=":material/zoom_in:")
