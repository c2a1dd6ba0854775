"""Seed 002's add_scalar, add_image and add_images, run for real in a scratch folder and read back from
the event files (core.lessons.tensorboard_events), each with the plain script that does the same."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

from core.code.tensorboard_snippets import image_code, images_code, scalars_code
from core.common.i18n import LocalizedError
from core.data.datasets import DATASETS
from core.data.loading import load_split
from core.data.paths import dataset_available
from core.lessons.sample_photos import PHOTOS, bundled_photo
from core.lessons.tensorboard_events import DATAFORMATS, LAYOUTS, SCALAR_TAG, write_batch, write_image, write_scalars
from ui.common.i18n import current_language, t, t_error
from ui.common.remember import KEPT

PLAIN, OLD, NEW = "#ee4c2c", "#9e9e9e", "#1f77b4"  # what TensorBoard draws (PyTorch orange); each run's points


@st.cache_data(show_spinner=False, max_entries=32)
def _scalars(runs: tuple[tuple[float, int], ...]):
    with tempfile.TemporaryDirectory() as folder:
        return write_scalars(Path(folder) / "logs", list(runs))


@st.cache_data(show_spinner=False, max_entries=32)
def _image(photo: str, layout: str, dataformats: str):
    with tempfile.TemporaryDirectory() as folder:
        return write_image(Path(folder) / "logs", bundled_photo(photo), layout, dataformats)


@st.cache_data(show_spinner=False, max_entries=16)
def _batch(dataset: str, count: int):
    with tempfile.TemporaryDirectory() as folder:
        return write_batch(Path(folder) / "logs", load_split(dataset, True).images[:count])


def _files(files) -> None:
    st.dataframe([{t("train_page.tb_col_file"): f"logs/{f.name}", t("train_page.tb_col_size"): f"{f.size:,} B"}
                  for f in files], hide_index=True, width="stretch")


def _code(code: str) -> None:
    st.markdown(t("train_page.tb_code"))
    st.code(code, language="python")


def render_scalars(store=None, owner=None) -> None:
    st.markdown(t("train_page.tb_scalar_intro"))
    left, right = st.columns(2)
    steps = left.slider(t("train_page.tb_steps"), 5, 200, 100, 5, key="train.tb.steps", persist_state=KEPT)
    again = right.toggle(t("train_page.tb_again"), key="train.tb.again", persist_state=KEPT,
                         help=t("train_page.tb_again_help"))
    runs = [(2, steps)]
    if again:
        slope = right.select_slider(t("train_page.tb_slope"), [1, 3, 4], 3, key="train.tb.slope", persist_state=KEPT)
        runs.append((slope, right.slider(t("train_page.tb_steps_again"), 5, 200, 50, 5, key="train.tb.steps2",
                                         persist_state=KEPT)))
    with st.spinner(t("train_page.tb_writing")):
        demo = _scalars(tuple(runs))
    figure = go.Figure()
    if again:  # the points each run wrote, all still in the files
        first = runs[0][1]
        for points, color, name in ((demo.written[:first], OLD, "tb_first_run"),
                                    (demo.written[first:], NEW, "tb_second_run")):
            x, y = zip(*points)
            figure.add_scatter(x=x, y=y, mode="markers", marker=dict(color=color, size=6, symbol="circle-open"),
                               name=t(f"train_page.{name}"))
    x, y = zip(*demo.shown)
    figure.add_scatter(x=x, y=y, mode="lines", line=dict(color=PLAIN, width=2),
                       name=t("train_page.tb_shown") if again else SCALAR_TAG)
    figure.update_layout(height=300, margin=dict(l=10, r=10, t=30, b=10), xaxis_title=t("train_page.tb_step_axis"),
                         yaxis_title=SCALAR_TAG, legend=dict(orientation="h", y=1.15), showlegend=again)
    st.plotly_chart(figure, key="train.tb.scalar_chart", config={"displayModeBar": False})
    if again:
        st.markdown(t("train_page.tb_again_explained", written=len(demo.written), shown=len(demo.shown),
                      dropped=len(demo.written) - len(demo.shown)))
    st.markdown(t("train_page.tb_files_written", count=len(demo.files)))
    _files(demo.files)
    _code(scalars_code(runs, current_language()))


def render_image(store=None, owner=None) -> None:
    st.markdown(t("train_page.tb_image_intro"))
    left, right = st.columns(2)
    photo = left.selectbox(t("train_page.tb_photo"), PHOTOS, key="train.tb.photo", persist_state=KEPT)
    labels = {name: t(f"train_page.tb_layout_{name}") for name in LAYOUTS}  # worded now, not when drawn
    layout = left.radio(t("train_page.tb_layout"), LAYOUTS, key="train.tb.layout", persist_state=KEPT,
                        format_func=labels.__getitem__)
    dataformats = right.radio(t("train_page.tb_dataformats"), DATAFORMATS, key="train.tb.dataformats",
                              persist_state=KEPT, horizontal=True, help=t("train_page.tb_dataformats_help"))
    with st.spinner(t("train_page.tb_writing")):
        demo = _image(photo, layout, dataformats)
    right.markdown(t("train_page.tb_given", shape=str(demo.shape), dtype=demo.dtype))
    channels, height, width = demo.shape if dataformats == "CHW" else (demo.shape[2], *demo.shape[:2])
    if demo.error:
        right.error(t("train_page.tb_refused", fmt=dataformats, shape=str(demo.shape), channels=channels,
                      height=height, width=width, error=demo.error), icon=":material/broken_image:")
    else:
        right.image(demo.png, caption=t("train_page.tb_stored", width=width, height=height), width="stretch")
        if layout == "hwc_float255":
            right.warning(t("train_page.tb_washed_out"), icon=":material/brightness_high:")
    _code(image_code(photo, layout, dataformats, current_language()))


def render_images(store=None, owner=None) -> None:
    st.markdown(t("train_page.tb_images_intro"))
    names = [name for name in DATASETS if dataset_available(name)]
    if not names:
        st.info(t("train_page.tb_no_dataset"), icon=":material/dataset:")
        return
    left, right = st.columns([1, 2])
    dataset = left.selectbox(t("train_page.tb_dataset"), names, key="train.tb.dataset", persist_state=KEPT,
                             format_func=lambda name: DATASETS[name].title)
    count = left.slider(t("train_page.tb_count"), 1, 64, 16, key="train.tb.count", persist_state=KEPT)
    try:
        with st.spinner(t("train_page.tb_writing")):
            demo = _batch(dataset, count)
    except LocalizedError as error:  # the files went away since the list was made
        st.error(t_error(error), icon=":material/error:")
        return
    rows = math.ceil(count / 8)
    right.image(demo.png, width=min(demo.width * 2, 560),
                caption=t("train_page.tb_grid", width=demo.width, height=demo.height, count=count,
                          rows=rows, cols=min(count, 8), shape=str(demo.shape)))
    left.markdown(t("train_page.tb_images_runs"))
    _code(images_code(dataset, count, lang=current_language()))
