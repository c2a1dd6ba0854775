"""The Datasets page's tabs: the dataset itself, the DataLoader's batches, and the code for both.
Only the open tab runs (ui/common/lazy_tabs.py)."""

from __future__ import annotations

from html import escape

import streamlit as st

from core.common.visual import png_data_uri
from core.data.loaders import (SAMPLERS, LoaderSettings, batch_counts, class_counts, first_batches, loader_code,
                          sampled_count)
from core.lessons.pixel_stats import montage
from ui.common.html_bars import column_bars_html
from ui.common.i18n import current_language, t
from ui.common.lazy_tabs import open_tab
from ui.common.remember import KEPT
from ui.data.data_source import Picked

PER_CLASS = 10  # samples shown in each class's row
CLASS_ROWS = 50  # class rows drawn at once; a folder with more classes gets a picker for the others
BATCH_SHOWN = 32  # images of a batch drawn in its grid
BATCH_STYLE = """<style>
.tl-batch{display:flex;flex-wrap:wrap;gap:.5rem .6rem}
.tl-batch figure{margin:0;width:56px;text-align:center;font-size:.75rem;line-height:1.2}
.tl-batch img{display:block;width:56px;height:auto;image-rendering:pixelated}
.tl-batch figcaption{margin-top:.15rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
</style>"""


def render_dataset_tab(picked: Picked) -> None:
    images = picked.images
    st.markdown(t("data.facts", count=f"{len(images):,}", shape=list(images.shape[1:]),
                  dtype=str(images.dtype).replace("torch.", ""), low=int(images.min()), high=int(images.max())))
    counts = class_counts(picked.labels, len(picked.classes))
    with st.container(key="data-counts"):  # HTML bars, not plotly: ui/common/html_bars.py says why
        st.html(column_bars_html([str(c) for c in picked.classes], [int(c) for c in counts], t("data.counts"),
                                 t("data.counts_x"), t("data.counts_y"), "#ff4b4b"))
    render_class_samples(picked)


def render_class_samples(picked: Picked) -> None:
    """A row of the first images of every class; past CLASS_ROWS classes, a picker says which rows show."""
    st.markdown(f"**{t('data.per_class')}**")
    count, first = len(picked.classes), 0
    if count > CLASS_ROWS:
        starts = list(range(0, count, CLASS_ROWS))
        first = st.selectbox(t("data.class_range"), starts, key=f"data.class_range.{count}", persist_state=KEPT,
                             format_func=lambda s: f"{s} – {min(s + CLASS_ROWS, count) - 1}")
        st.caption(t("data.class_limit", count=count, shown=CLASS_ROWS))
    for label in range(first, min(first + CLASS_ROWS, count)):
        name = picked.classes[label]
        rows = (picked.labels == label).nonzero().flatten()[:PER_CLASS]  # the first images of this class
        if len(rows):
            text, picture = st.columns([1, 6], vertical_alignment="center")
            text.markdown(f"`{label}`" if name == str(label) else f"`{label}` {name}")
            picture.image(montage(picked.images[rows], PER_CLASS, scale=2))


LOADER_KEYS = {"data.batch_size": "batch_size", "data.sampler": "sampler", "data.shuffle": "shuffle",
               "data.drop_last": "drop_last", "data.workers": "num_workers", "data.pin": "pin_memory"}


def loader_settings_from_state() -> LoaderSettings:
    """The DataLoader tab's settings as its widgets last left them: the code tab uses them while that tab is not
    drawn (every widget keeps its value then: persist_state)."""
    d, state = LoaderSettings(), st.session_state
    for key, field in LOADER_KEYS.items():
        state.setdefault(key, getattr(d, field))  # the widgets take no value=: their first value is here
    sampler = state["data.sampler"]
    valid_share = state.setdefault("data.valid", d.valid_share) if sampler == "subset" else d.valid_share
    return LoaderSettings(state["data.batch_size"], state["data.shuffle"], state["data.drop_last"], sampler,
                          valid_share, state["data.workers"], state["data.pin"])


def select_loader() -> LoaderSettings:
    """Draw the DataLoader's knobs; the settings they make."""
    loader_settings_from_state()  # the widgets' first values
    left, middle, right = st.columns(3)
    left.select_slider(t("data.batch_size"), [1, 8, 16, 32, 64, 100, 128, 256, 1000], key="data.batch_size",
                       persist_state=KEPT)
    samplers = {s: t(f"data.sampler_{s}") for s in SAMPLERS}
    sampler = middle.selectbox(t("data.sampler"), SAMPLERS, key="data.sampler", persist_state=KEPT,
                               format_func=samplers.get)
    right.toggle(t("data.shuffle"), key="data.shuffle", persist_state=KEPT, help=t("data.shuffle_help"),
                 disabled=sampler != "default")
    right.toggle(t("data.drop_last"), key="data.drop_last", persist_state=KEPT, help=t("data.drop_last_help"))
    if sampler == "subset":
        middle.slider(t("data.valid_share"), 0.05, 0.5, step=0.05, key="data.valid", persist_state=KEPT)
    elif sampler != "default":
        middle.caption(t("data.sampler_off_shuffle"))
    left.slider(t("data.num_workers"), 0, 8, key="data.workers", persist_state=KEPT)
    right.toggle(t("data.pin_memory"), key="data.pin", persist_state=KEPT)
    settings = loader_settings_from_state()
    if settings.num_workers:
        st.caption(t("data.num_workers_note"))
    if settings.pin_memory:
        st.caption(t("data.pin_memory_note"))
    return settings


def render_loader_tab(picked: Picked, settings: LoaderSettings) -> None:
    n = len(picked.labels)
    count, last = batch_counts(settings, n)
    batches = first_batches(picked.images, picked.labels, settings)
    a, b, c, d = st.columns(4)
    a.metric(t("data.batches"), f"{count:,}")
    seen = count * settings.batch_size if settings.drop_last else sampled_count(settings, n)
    b.metric(t("data.samples_seen"), f"{seen:,}")
    c.metric(t("data.last_batch"), last)
    d.metric(t("data.batch_shape"), str(list(batches[0][0].shape)) if batches else "—")
    for index, (images, labels) in enumerate(batches):
        st.markdown(t("data.batch_title", index=index, images=list(images.shape), labels=list(labels.shape)))
        shown = images[:BATCH_SHOWN]  # (≤32, C, H, W): each with its label underneath
        if len(images) > len(shown):
            st.caption(t("data.batch_shown", shown=len(shown), size=len(images)))
        st.html(batch_html([montage(image[None], 1, scale=1) for image in shown],
                           [str(picked.classes[i]) for i in labels[:BATCH_SHOWN].tolist()]))


def batch_html(pictures: list, captions: list[str]) -> str:
    """A batch's images, each 56 px with its label under it, as one element: inline 28×28 PNGs of a few hundred
    bytes instead of 64 files a fresh tab fetches one by one (their wait held the page ~0.3 s)."""
    figures = "".join(f'<figure><img src="{png_data_uri(picture)}" width="56" alt="{escape(caption)}">'
                      f'<figcaption>{escape(caption)}</figcaption></figure>' for picture, caption in zip(pictures, captions))
    return f'{BATCH_STYLE}<div class="tl-batch">{figures}</div>'


def render_code_tab(picked: Picked, settings: LoaderSettings) -> None:
    st.caption(t("data.code_caption"))
    st.code(loader_code(settings, picked.code_line, current_language()), language="python")


def open_data_tab():
    """The three tabs' bar, for a torchvision dataset or a Dataset of one's own: (open tab's name, its container)."""
    return open_tab("data.tab", "data.tab_", ("dataset", "loader", "code"))
