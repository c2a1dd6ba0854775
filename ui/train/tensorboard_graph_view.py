"""add_graph of a chosen model, read back from its event file and drawn folded by module, as TensorBoard's
Graphs tab first shows it; a depth slider opens the modules one level at a time."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from core.code.tensorboard_snippets import graph_code
from core.lessons.tensorboard_graph import fold, graph_dot, write_graph
from core.models import get_model_info, list_models
from ui.common.i18n import current_language, t
from ui.common.remember import KEPT

READABLE_BOXES = 5  # the first depth that shows at least this many boxes opens by default


@st.cache_data(show_spinner=False, max_entries=8)
def _graph(name: str):
    with tempfile.TemporaryDirectory() as folder:
        return write_graph(Path(folder) / "logs", name)


def render_graph(store=None, owner=None) -> None:
    st.markdown(t("train_page.tb_graph_intro"))
    left, right = st.columns([1, 2])
    name = left.selectbox(t("train_page.tb_model"), list_models(), key="train.tb.model", persist_state=KEPT,
                          help=t("train_page.tb_model_help"))
    with st.spinner(t("train_page.tb_tracing")):
        demo = _graph(name)
    depth = demo.depth
    if depth > 1:
        start = next((d for d in range(1, depth + 1) if len(fold(demo.ops, d).boxes) >= READABLE_BOXES), depth)
        depth = left.slider(t("train_page.tb_depth"), 1, demo.depth, start, key=f"train.tb.depth.{name}",
                            help=t("train_page.tb_depth_help"))
    folded = fold(demo.ops, depth)
    operations = sum(op.op != "IO Node" for op in demo.ops)
    left.markdown(t("train_page.tb_graph_read", nodes=demo.nodes, ops=operations, boxes=len(folded.boxes),
                    size=demo.files[0].size if demo.files else 0))
    left.caption(t("train_page.tb_graph_caption", input="×".join(map(str, (1, *get_model_info(name).input_shape)))))
    right.graphviz_chart(graph_dot(folded))  # its own size: stretched, a chain of ten boxes fills two screens
    st.markdown(t("train_page.tb_code"))
    st.code(graph_code(name, current_language()), language="python", height=320)
