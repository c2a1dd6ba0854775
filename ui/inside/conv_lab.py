"""The Conv arithmetic tab: slide a layer's arguments, see the formula, the shape and what one output cell reads."""

from __future__ import annotations

import streamlit as st
import torch

from core.code.inside_snippets import conv_layer_code
from core.data.loading import DatasetMissing, load_split
from core.lessons.conv_arithmetic import (ConvSettingsError, LayerSettings, apply_activation, apply_layer,
                                  ceil_mode_dropped_a_window, formula_latex, most_mixed_channel)
from core.plots.conv_plots import output_cell_figure, receptive_field_figure
from core.plots.feature_plots import channel_grid, channel_heatmap
from core.vision.model_inputs import example_picture
from ui.common.code_expander import opened_code_expander
from ui.common.i18n import current_language, t, t_error
from ui.common.remember import KEPT
from ui.inside.conv_lab_controls import clamped_slider, select_layer_settings
from ui.inside.feature_maps_view import CHART_CONFIG, hover_words


@st.cache_resource
def lab_image(channels: int) -> torch.Tensor:
    """(C, H, W) in 0..1: MNIST's first test digit, or a CIFAR-10 photo; a drawn scene when those are missing."""
    try:
        pixels = load_split("mnist" if channels == 1 else "cifar10", train=False).images[0]  # (C, H, W) uint8
    except DatasetMissing:
        pixels = torch.from_numpy(example_picture((3, 32, 32)).picture).permute(2, 0, 1)  # (3, 32, 32)
        if channels == 1:
            pixels = pixels.float().mean(0, keepdim=True).round().to(torch.uint8)  # (1, 32, 32) gray
    return pixels.float() / 255


@st.fragment
def render_conv_lab() -> None:
    st.caption(t("inside.lab_intro"))
    controls, results = st.columns([1, 2], gap="large")
    with controls:
        images = {1: t("inside.lab_gray"), 3: t("inside.lab_colour")}
        channels = st.segmented_control(t("inside.lab_image"), list(images), format_func=images.get, default=1,
                                        required=True, key="inside.lab.image", persist_state=KEPT,
                                        help=t("inside.lab_image_help"))
        image = lab_image(channels)
        settings = select_layer_settings(channels)
    with results:
        try:
            output = apply_layer(settings, image)  # (C_out, H_out, W_out)
        except ConvSettingsError as error:
            st.error(t_error(error))
            return
        _shape_and_formula(settings, image, output)
    with controls:
        st.markdown(f"**{t('inside.lab_cell')}**")
        channel = clamped_slider(t("inside.lab_channel"), 0, len(output) - 1, most_mixed_channel(output),
                                 key="inside.lab.channel", help=t("inside.lab_channel_help"))
        # starting in the middle: there the receptive field lies on the picture, not in a blank corner
        row = clamped_slider(t("inside.lab_row"), 0, output.shape[1] - 1, output.shape[1] // 2, key="inside.lab.row")
        col = clamped_slider(t("inside.lab_col"), 0, output.shape[2] - 1, output.shape[2] // 2, key="inside.lab.col")
    with results:
        _receptive_field(settings, image, output, channel, row, col)
    activation = _activation(output[channel], channel)
    panel = opened_code_expander(t("inside.code_heading"), "inside.code.lab")
    if panel:
        with panel:
            st.code(conv_layer_code(settings, image.shape[-1], activation, current_language()), language="python")


def _shape_and_formula(settings: LayerSettings, image: torch.Tensor, output: torch.Tensor) -> None:
    st.latex(formula_latex(settings, image.shape[-1]))
    if ceil_mode_dropped_a_window(settings, image.shape[-1]):
        st.caption(t("inside.lab_ceil_dropped"))
    st.markdown(t("inside.lab_shapes", before=[1, *image.shape], after=[1, *output.shape]))
    if settings.kind == "conv":
        st.caption(t("inside.lab_params", out=settings.out_channels, inputs=settings.in_channels, k=settings.kernel,
                     count=settings.out_channels * (settings.in_channels * settings.kernel ** 2 + 1)))


def _receptive_field(settings: LayerSettings, image: torch.Tensor, output: torch.Tensor, channel: int, row: int,
                     col: int) -> None:
    words = hover_words()
    field_col, out_col = st.columns([3, 2])
    with field_col:
        st.plotly_chart(receptive_field_figure(image, settings, row, col), key="inside-lab-field", config=CHART_CONFIG)
        st.caption(t("inside.lab_field_caption", row=row, col=col, padding=settings.padding))
    with out_col:
        st.plotly_chart(output_cell_figure(output[channel], row, col, words), key="inside-lab-output",
                        config=CHART_CONFIG)
        st.caption(t("inside.lab_output_caption", channel=channel, value=float(output[channel, row, col])))
    if len(output) > 1:
        st.caption(t("inside.lab_all_channels", count=len(output)))
        st.plotly_chart(channel_grid(output, words, width=560), key="inside-lab-channels", config=CHART_CONFIG)


def _activation(before: torch.Tensor, channel: int) -> str | None:
    """ReLU or Sigmoid on one (H, W) output channel, before and after; returns the one chosen."""
    st.subheader(t("inside.lab_activation_heading"))
    options = {"none": t("inside.lab_none"), "relu": "ReLU", "sigmoid": "Sigmoid"}
    name = st.segmented_control(t("inside.lab_activation"), list(options), format_func=options.get, default="relu",
                                required=True, key="inside.lab.activation", persist_state=KEPT)
    if name == "none":
        st.caption(t("inside.lab_activation_none"))
        return None
    after = apply_activation(name, before)
    words = hover_words()
    limit = float(before.abs().max())  # one colour scale for both, so the change is visible
    left, right = st.columns(2)
    left.plotly_chart(channel_heatmap(before, words, width=260, limit=limit), key="inside-lab-before",
                      config=CHART_CONFIG)
    left.caption(t("inside.lab_before", channel=channel, low=float(before.min()), high=float(before.max())))
    right.plotly_chart(channel_heatmap(after, words, width=260, limit=limit), key="inside-lab-after",
                       config=CHART_CONFIG)
    right.caption(t("inside.lab_after", name=options[name], low=float(after.min()), high=float(after.max())))
    st.caption(t(f"inside.lab_{name}_explained"))
    return name
