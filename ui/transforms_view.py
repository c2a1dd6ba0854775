"""The Transforms page's picture, results and code: source picker, before/after, 8 draws, histograms."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from core.data import DatasetMissing, dataset_available, load_split
from core.datasets import DATASETS
from core.image_io import ImageError
from core.pipeline import STEPS, PipelineError, order_problems, run_seeded, to_code
from core.pixel_stats import channel_values, dataset_mean_std, displayable
from core.sample_photos import PHOTOS, bundled_photo, dataset_picture, uploaded_photo
from ui.i18n import t, t_error
from ui.train_pipeline import TRAIN_PIPELINE

IMAGE_TYPES = ["png", "jpg", "jpeg", "webp", "bmp", "gif"]
TRAIN_PAGE = "pages/train.py"
COLOURS = ("#d62728", "#2ca02c", "#1f77b4")


@st.cache_resource(show_spinner=False)
def _photo(name: str):
    return bundled_photo(name)


@st.cache_data(show_spinner=False)
def _stats(name: str):
    return dataset_mean_std(load_split(name, train=True).images), len(load_split(name, train=True))


def select_picture():
    """The picture the pipeline runs on (a PIL image), or None while an upload is awaited."""
    options = {"photo": t("transforms.source_photo"), "dataset": t("transforms.source_dataset"),
               "upload": t("transforms.source_upload")}
    source = st.segmented_control(t("transforms.source"), list(options), default="photo", required=True,
                                  key="tf.source", format_func=options.get)
    if source == "photo":
        labels = {name: t(f"transforms.photo_{name}") for name in PHOTOS}
        name = st.pills(t("transforms.photo"), list(PHOTOS), default="astronaut", required=True, key="tf.photo",
                        format_func=labels.get)
        return _photo(name)
    if source == "dataset":
        titles = {name: s.title for name, s in DATASETS.items()}
        left, right = st.columns(2)
        name = left.selectbox(t("transforms.dataset"), list(DATASETS), key="tf.dataset", format_func=titles.get)
        try:
            split = load_split(name, train=False)
        except DatasetMissing as error:
            st.warning(t_error(error), icon=":material/folder_off:")
            return None
        index = right.number_input(t("transforms.dataset_index"), 0, len(split) - 1, 0, key="tf.index")
        return dataset_picture(split.images[int(index)])
    photo = st.file_uploader(t("transforms.upload_label"), type=IMAGE_TYPES, key="tf.upload")
    if photo is None:
        st.info(t("transforms.upload_hint"), icon=":material/photo_camera:")
        return None
    try:
        return uploaded_photo(photo)
    except ImageError as error:
        st.error(t_error(error))
        return None


def render_results(steps: list, picture) -> None:
    """Before and after side by side, then 8 random draws; problems with the order stated, not raised."""
    for key, params in order_problems(steps):
        st.warning(t(key, **params), icon=":material/swap_vert:")
    seed = _seed_controls(steps)
    try:
        draws = run_seeded(steps, picture, seed, 9 if _is_random(steps) else 1)
    except PipelineError as error:
        st.error(t_error(error))
        return
    before, after = st.columns(2)
    _show(before, picture, t("transforms.before"))
    _show(after, draws[0], t("transforms.after"))
    if not _is_random(steps):
        st.info(t("transforms.no_random"), icon=":material/casino:")
    else:
        st.markdown(f"**{t('transforms.samples')}**")
        st.caption(t("transforms.samples_caption"))
        for row in (draws[1:5], draws[5:9]):
            for column, draw in zip(st.columns(4), row):
                column.image(displayable(draw)[0], width="stretch")
    _render_histograms(steps, picture, seed)


def _is_random(steps: list) -> bool:
    return any(STEPS[name].random for name, _ in steps)


def _seed_controls(steps: list) -> int:
    fixed, seed, reroll = st.columns([2, 2, 2], vertical_alignment="bottom")
    is_fixed = fixed.toggle(t("transforms.fixed_seed"), value=False, key="tf.fixed", help=t("transforms.fixed_seed_help"))
    chosen = seed.number_input(t("transforms.seed"), 0, 2**31 - 1, 0, key="tf.seed", disabled=not is_fixed)
    reroll.button(t("transforms.reroll"), icon=":material/casino:", key="tf.reroll", on_click=_reroll,
                  disabled=is_fixed or not _is_random(steps), width="stretch")
    return int(chosen) if is_fixed else 1000 + st.session_state.get("tf.rolls", 0)


def _reroll() -> None:
    st.session_state["tf.rolls"] = st.session_state.get("tf.rolls", 0) + 1


def _show(column, picture, heading: str) -> None:
    array, facts = displayable(picture)
    if facts.kind == "pil":
        caption = t("transforms.picture_pil", width=facts.shape[0], height=facts.shape[1], mode=facts.mode)
    else:
        caption = t("transforms.picture_tensor", shape=list(facts.shape), dtype=facts.mode, low=facts.low,
                    high=facts.high)
    column.markdown(f"**{heading}**")
    column.image(array, caption=caption, width="stretch")
    if facts.rescaled:
        column.caption(t("transforms.shown_rescaled"))


def _render_histograms(steps: list, picture, seed: int) -> None:
    st.subheader(t("transforms.normalize_heading"))
    where = next((i for i, (name, _) in enumerate(steps) if name == "Normalize"), None)
    if where is None:
        st.info(t("transforms.normalize_missing"), icon=":material/bar_chart:")
    else:
        try:
            before = run_seeded(steps[:where], picture, seed)[0]
            after = run_seeded(steps[:where + 1], picture, seed)[0]
        except PipelineError as error:
            st.error(t_error(error))
            return
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
    name = st.selectbox(t("transforms.stats_heading"), available, key="tf.stats_dataset", format_func=titles.get)
    (mean, std), count = _stats(name)
    st.markdown(t("transforms.stats_result", title=titles[name], mean=mean, std=std, count=f"{count:,}"))


def render_code(steps: list) -> None:
    with st.expander(t("transforms.code_heading"), icon=":material/code:", expanded=True):
        st.caption(t("transforms.code_caption"))
        st.code(to_code(steps), language="python")
        st.button(t("transforms.to_train"), icon=":material/model_training:", key="tf.to_train",
                  on_click=_hand_to_train, args=(steps,), disabled=not steps)
        if st.session_state.get(TRAIN_PIPELINE) == steps and steps:
            st.success(t("transforms.to_train_done"), icon=":material/check_circle:")
            st.page_link(TRAIN_PAGE, label=t("pages.train.title"), icon=":material/arrow_forward:")


def _hand_to_train(steps: list) -> None:
    st.session_state[TRAIN_PIPELINE] = [[name, dict(params)] for name, params in steps]
