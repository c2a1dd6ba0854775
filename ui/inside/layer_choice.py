"""Which layers the Feature maps tab draws: every layer of a small model; a deep one (ResNet-18: 60
layer calls, MobileNetV3-Small: 141) block by block, or the layers inside one block, so the page
draws a dozen or two charts at a time instead of a hundred."""

from __future__ import annotations

import streamlit as st

from core.vision.activations import FeatureMaps, LayerOutput
from ui.common.i18n import t
from ui.common.remember import KEPT

MAX_LAYERS = 24  # more layer calls than this: drawn block by block (every seed model has at most 11)
BLOCKS = ""  # the option that draws every block's output


def select_drawn_layers(maps: FeatureMaps, model_name: str) -> tuple[list[LayerOutput], str | None]:
    """The layers to draw, and what was picked: None (every layer), BLOCKS, or one block's name."""
    if len(maps.layers) <= MAX_LAYERS or not maps.blocks:
        return maps.layers, None
    inside = {block.name: maps.inside(block.name) for block in maps.blocks}
    kinds = {block.name: block.kind for block in maps.blocks}
    options = {BLOCKS: t("inside.view_blocks", count=len(maps.blocks), layers=len(maps.layers))}
    options |= {name: t("inside.view_block", block=name, kind=kinds[name], count=len(layers))
                for name, layers in inside.items() if layers}
    key = f"inside.view.{model_name}"
    if st.session_state.get(key) not in options:  # a block of another model: start with every block
        st.session_state.pop(key, None)
    picked = st.selectbox(t("inside.view"), list(options), format_func=options.get, key=key, persist_state=KEPT,
                          help=t("inside.view_help"))
    return (maps.blocks, BLOCKS) if picked == BLOCKS else (inside[picked], picked)
