"""The Transforms page's "Why Normalize?": per-channel histograms just before and after Normalize,
and a dataset's mean and std computed from its training images."""

from __future__ import annotations

import streamlit as st

from core.data.datasets import DATASETS
from core.data.loading import dataset_available, load_split
from core.data.pipeline import PipelineError, run_seeded
from core.lessons.pixel_stats import channel_values, dataset_mean_std
from core.plots.pixel_histogram import histogram_option
from ui.common.echart import show_echart
from ui.common.i18n import t
from ui.common.remember import KEPT



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
        show_echart(_histogram(before, t("transforms.hist_before")), "tf.hist_before", 300, left)
        show_echart(_histogram(after, t("transforms.hist_after")), "tf.hist_after", 300, right)
    st.caption(t("transforms.normalize_caption"))
    _render_dataset_stats()


def _histogram(picture, title: str) -> dict:
    values = channel_values(picture)
    names = [t("transforms.channel", channel=c) for c in range(len(values))]
    return histogram_option(values, names, title, t("transforms.hist_x"), t("transforms.hist_y"))


def _render_dataset_stats() -> None:
    available = [name for name in DATASETS if dataset_available(name)]
    if not available:
        return
    titles = {name: DATASETS[name].title for name in available}
    name = st.selectbox(t("transforms.stats_heading"), available, key="tf.stats_dataset", persist_state=KEPT,
                        format_func=titles.get)
    (mean, std), count = _stats(name)
    st.markdown(t("transforms.stats_result", title=titles[name], mean=mean, std=std, count=f"{count:,}"))
