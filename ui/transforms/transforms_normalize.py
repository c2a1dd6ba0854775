"""The Transforms page's "Why Normalize?": per-channel histograms just before and after Normalize,
and a dataset's mean and std computed from its training images."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from core.data.datasets import DATASETS
from core.data.loading import dataset_available, load_split
from core.data.pipeline import PipelineError, run_seeded
from core.lessons.pixel_stats import channel_values, dataset_mean_std
from ui.common.i18n import t
from ui.common.remember import KEPT

COLOURS = ("#d62728", "#2ca02c", "#1f77b4")


@st.cache_data(show_spinner=False)
def _stats(name: str):
    return dataset_mean_std(load_split(name, train=True).images), len(load_split(name, train=True))


def render_histograms(steps: list, picture, seed: int, error: PipelineError | None) -> None:
    """The histograms around the first Normalize; while the pipeline fails (said next to After) they wait."""
    st.subheader(t("transforms.normalize_heading"))
    where = next((i for i, (name, _) in enumerate(steps) if name == "Normalize"), None)
    if where is None:
        st.info(t("transforms.normalize_missing"), icon=":material/bar_chart:")
    elif error is not None:
        st.info(t("transforms.hist_waiting"), icon=":material/bar_chart:")
    else:
        before = run_seeded(steps[:where], picture, seed)[0]  # a prefix of a pipeline that ran: it runs too
        after = run_seeded(steps[:where + 1], picture, seed)[0]
        left, right = st.columns(2)
        left.plotly_chart(_histogram(before, t("transforms.hist_before")), key="tf.hist_before")
        right.plotly_chart(_histogram(after, t("transforms.hist_after")), key="tf.hist_after")
    st.caption(t("transforms.normalize_caption"))
    _render_dataset_stats()


def _histogram(picture, title: str) -> go.Figure:
    values = channel_values(picture)
    fig = go.Figure()
    for c, row in enumerate(values):
        colour = "#555" if len(values) == 1 else COLOURS[c % 3]
        fig.add_trace(go.Histogram(x=row, name=t("transforms.channel", channel=c), nbinsx=60, opacity=0.55,
                                   marker_color=colour))
    fig.update_layout(barmode="overlay", title=title, height=280, margin=dict(l=10, r=10, t=60, b=10),
                      xaxis_title=t("transforms.hist_x"), yaxis_title=t("transforms.hist_y"),
                      legend=dict(orientation="h", x=1, xanchor="right", y=1.0, yanchor="bottom"))
    return fig


def _render_dataset_stats() -> None:
    available = [name for name in DATASETS if dataset_available(name)]
    if not available:
        return
    titles = {name: DATASETS[name].title for name in available}
    name = st.selectbox(t("transforms.stats_heading"), available, key="tf.stats_dataset", persist_state=KEPT,
                        format_func=titles.get)
    (mean, std), count = _stats(name)
    st.markdown(t("transforms.stats_result", title=titles[name], mean=mean, std=std, count=f"{count:,}"))
