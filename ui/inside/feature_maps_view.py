"""The Feature maps tab: the input, the prediction, then every layer's output (a deep model's block by
block), two layers a row."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
import streamlit as st

from core.code.inside_snippets import feature_maps_code
from core.data.folder_dataset import stored_size
from core.data.normalization import Stats, input_normalization
from core.models import get_model_info
from core.plots.feature_plots import HoverWords, channels_drawn
from core.plots.map_pictures import MapPicture, VectorPicture
from core.vision.activations import FeatureMaps, LayerOutput
from core.vision.model_inputs import ModelInput, dataset_for, normalized_as
from ui.common.code_expander import opened_code_expander
from ui.common.i18n import current_language, t
from ui.draw.digit_models import PickedModel
from ui.inside.closer_look import channel_key, closer_key, closer_option, render_closer_look
from ui.inside.inside_input import render_input_picture, select_input
from ui.inside.inside_models import PictureModel
from ui.inside.layer_choice import BLOCKS, select_drawn_layers
from ui.inside.map_view import show_bars, show_map
from ui.inside.picture_input import select_picture_input
from ui.inside.view_cache import shared_feature_maps, shared_layer_pictures

CHART_CONFIG = {"displayModeBar": False}  # the other tabs' plotly charts
LAYER_WIDTH = 380  # px: a layer's picture in its card, two cards a row
CODE = "inside.code.maps"  # the code expander's key: open, it shows the code


@dataclass(frozen=True)
class Prepared:
    """One input, ready: what the model eats, the file the page's code reads, and how to name the outputs."""

    model_input: ModelInput
    file: np.ndarray  # the picture saved as `file_name`: what the model sees, or a picture run's before its crop
    file_name: str
    classes: list[str]
    stats: Stats  # the mean and std it was normalised with


def hover_words() -> HoverWords:
    return HoverWords(t("inside.hover_channel"), t("inside.hover_value"), t("inside.hover_kernel"),
                      t("inside.hover_row"), t("inside.hover_column"), t("inside.hover_click"))


@st.fragment
def render_feature_maps_tab(picked: PickedModel) -> None:
    """A fragment: a new stroke or sample reruns this tab only, not the whole page."""
    input_col, sees_col = st.columns([3, 2])
    with input_col:
        prepared = _picture_run_input(picked) if isinstance(picked, PictureModel) else _dataset_input(picked)
    if prepared is None:
        return
    maps = shared_feature_maps(picked.model, prepared.model_input.tensor)
    with sees_col:
        render_input_picture(prepared.model_input, prepared.file_name, prepared.file)
        _prediction(maps, picked, prepared.classes)

    st.subheader(t("inside.layers_heading"))
    drawn, view = select_drawn_layers(maps, picked.name)
    st.caption(t("inside.layers_caption") + (" " + t("inside.blocks_caption") if view == BLOCKS else ""))
    words = hover_words()
    pictures = shared_layer_pictures(picked.model, prepared.model_input.tensor, maps, prepared.classes, drawn)
    closer = closer_key(drawn)  # the closer look's layer picker, which a click on a channel sets
    for start in range(0, len(drawn), 2):
        for column, index in zip(st.columns(2, gap="medium"), range(start, min(start + 2, len(drawn)))):
            with column:
                _layer(index, drawn, pictures[index], words, closer)

    render_closer_look(drawn, picked.model, words)
    panel = opened_code_expander(t("inside.code_heading"), CODE)
    if panel:
        with panel:
            _code(picked, prepared, None if view is None else list(dict.fromkeys(layer.name for layer in drawn)))


def _dataset_input(picked: PickedModel) -> Prepared | None:
    """A test-set sample, a drawing or a photo, as the model's dataset (MNIST, CIFAR-10) makes one."""
    shape = get_model_info(picked.name).input_shape
    spec = dataset_for(shape)
    model_input = select_input(shape)
    if model_input is None:
        return None
    stats = input_normalization(picked.model, spec.name)  # a run may have trained on 0.5/0.5 or none
    model_input = normalized_as(model_input, spec, stats)
    return Prepared(model_input, model_input.picture, "photo.png" if shape[0] == 3 else "digit.png",
                    [str(c) for c in spec.classes], stats)


def _picture_run_input(picked: PictureModel) -> Prepared | None:
    """A validation picture of the run or a photo, at the model's size with the run's mean and std."""
    made = select_picture_input(picked)
    if made is None:
        return None
    return Prepared(made.model_input, made.stored, "photo.png", list(picked.loaded.classes),
                    input_normalization(picked.model))  # the stats its checkpoint recorded, as checkpoint_input used


def _prediction(maps: FeatureMaps, picked: PickedModel, classes: list[str]) -> None:
    best = max(range(len(maps.probs)), key=maps.probs.__getitem__)
    st.markdown(t("inside.prediction", label=classes[best], confidence=maps.probs[best]))
    if picked.checkpoint is None:
        st.caption(t("inside.untrained_guess"))


def _layer(index: int, layers: list[LayerOutput], picture: MapPicture | VectorPicture | None, words: HoverWords,
           closer: str) -> None:
    layer = layers[index]
    with st.container(border=True, key=f"inside-layer-{index}"):
        st.markdown(f"**{index + 1}. {layer.name}** · `{layer.layer}`")
        if picture is None:  # Flatten
            before = layers[index - 1].shape if index else layer.shape
            st.caption(t("inside.flatten", before=list(before), after=list(layer.shape)))
            return
        caption = t("inside.layer_caption", shape=list(layer.shape), low=layer.low, high=layer.high)
        if layer.has_channels and channels_drawn(*layer.shape[1:]) < layer.shape[1]:
            caption += " · " + t("inside.layer_first", shown=channels_drawn(*layer.shape[1:]), channels=layer.shape[1])
        st.caption(caption)
        if isinstance(picture, MapPicture):  # a click on a tile opens that channel in the closer look
            show_map(picture, words, f"inside-map-{index}", LAYER_WIDTH, f"{layer.name} {list(layer.shape)}",
                     on_pick=partial(look_closer, closer, closer_option(index, layer), layer.name))
        else:
            show_bars(picture, words, f"inside-map-{index}", LAYER_WIDTH, f"{layer.name} {list(layer.shape)}")


def _code(picked: PickedModel, prepared: Prepared, modules: list[str] | None) -> None:
    """The plain-PyTorch script for this model, this input file and these layers."""
    pictures = isinstance(picked, PictureModel)
    if pictures:
        size = picked.loaded.input_shape[-1]
        st.caption(t("inside.code_caption_pictures", name=prepared.file_name, side=stored_size(size), size=size,
                     count=len(prepared.classes)))
    else:
        st.caption(t("inside.code_caption", name=prepared.file_name))
    st.code(feature_maps_code(picked.name, picked.checkpoint, prepared.file_name, current_language(), prepared.stats,
                              classes=prepared.classes if pictures else None, modules=modules), language="python")


def look_closer(closer: str, option: str, name: str, channel: int) -> None:
    """A click on a channel's tile: show that layer and channel in the closer look below (its picker `closer`)."""
    st.session_state[closer] = option
    st.session_state[channel_key(name)] = channel
    st.toast(t("inside.picked", layer=name, channel=channel), icon=":material/zoom_in:")
