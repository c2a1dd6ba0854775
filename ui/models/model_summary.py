"""A model's summary as the Models page shows it: totals, the layer table, parameters per layer."""

from __future__ import annotations

import streamlit as st
from torch import nn

from core.models.summary import LayerRow, group_rows, size_in_mb
from core.plots.train_plots import ORANGE
from ui.common.html_bars import row_bars_html
from ui.common.i18n import t
from ui.common.markdown_table import code_cell, markdown_table

MANY_LAYERS = 24  # above this many layers with weights, the chart sums them per block
SCROLL_ROWS, SCROLL_HEIGHT = 14, 560  # a longer layer table scrolls inside 560 px


def render_table(rows: list[LayerRow]) -> None:
    """The layer table: name, type, output shape and parameters (with thousands separators). Markdown, not a
    dataframe: no Arrow or grid code on a fresh tab; a long table scrolls inside its own box. The shape is plain
    text, which may wrap: so a ResNet's table fits its column at 1280 px."""
    table = markdown_table([t("models.col_layer"), t("models.col_type"), t("models.col_shape"),
                            t("models.col_parameters")],
                           [[code_cell(r.name), r.kind, str(list(r.output_shape)), f"{r.parameters:,}"]
                            for r in rows], right={3})
    st.container(height=SCROLL_HEIGHT if len(rows) > SCROLL_ROWS else "content", border=False).markdown(table)


def render_summary(model: nn.Module, rows: list[LayerRow], input_shape: tuple[int, ...], key: str) -> None:
    c1, c2, c3 = st.columns(3)
    c1.metric(t("models.parameters"), f"{sum(r.parameters for r in rows):,}")
    c2.metric(t("models.size"), f"{size_in_mb(model):.2f} MB")
    c3.metric(t("models.input"), "×".join(map(str, input_shape)), help=t("models.input_help"))

    table_col, chart_col = st.columns([3.3, 1.7])  # a ResNet's layer table fits beside its bars at 1280 px
    with table_col:
        render_table(rows)
    with chart_col:
        weighted = [r for r in rows if r.parameters]
        grouped = len(weighted) > MANY_LAYERS
        shown = group_rows(model, weighted) if grouped else weighted
        title = t("models.chart_title_blocks" if grouped else "models.chart_title")
        with st.container(key=f"{key}-chart"):  # HTML bars, not plotly: ui/common/html_bars.py says why
            st.html(row_bars_html([f"{r.name} ({r.kind})" for r in shown], [r.parameters for r in shown], title,
                                  t("models.chart_axis"), ORANGE))
