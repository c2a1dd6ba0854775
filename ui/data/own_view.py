"""The Datasets page's "Your own Dataset" tabs: the class and what ds[i] returns, the DataLoader's batches
(or the batch that fails, and why), and the whole script (core.lessons.own_dataset*, core.code.dataset_snippets)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st
from torch.utils.data import ConcatDataset, Dataset

from core.code.dataset_snippets import dataset_class_code, own_dataset_code
from core.data.folder_dataset import folder_signature
from core.lessons.own_dataset import (OwnDatasetConfig, build_dataset, describe, error_line, picture_array,
                                      read_item)
from core.lessons.own_dataset_loader import LoaderChoice, Walk, walk_loader
from ui.common.i18n import current_language, t
from ui.common.remember import KEPT
from ui.data.data_view import open_data_tab
from ui.data.own_source import sample_zip, select_own_source

BATCH_SIZES = [1, 2, 3, 4, 5, 8, 16, 32]
PICTURE = 128  # pixels: the longer side of the picture ds[i] returned
THUMB = 56  # pixels: each picture of a batch
INDEX = "data.own.index"  # the ds[i] slider's i


def render_own_dataset() -> None:
    source = select_own_source()
    config = source.config
    try:
        ds = build_dataset(config)
    except (OSError, ValueError) as error:  # a picture set deleted or emptied in another tab
        st.error(t("data.own.cannot_build", error=error_line(error)), icon=":material/folder_off:")
        return
    tab, container = open_data_tab()  # only the open tab runs
    with container:
        if tab == "dataset":
            _render_items(ds, config)
        elif tab == "loader":
            signature = folder_signature(Path(config.root)) if source.sample is None and config.root else ""
            _render_walk(_walk(config, _select_loader(), signature), config)
        else:
            _render_code(source, config, len(ds))


def _render_code(source, config: OwnDatasetConfig, length: int) -> None:
    """The whole script, with the DataLoader tab's settings and the ds[i] slider's i as those tabs left them."""
    st.caption(t("data.own.code_caption"))
    index = _item_index(length)
    st.code(own_dataset_code(config, _loader_choice(), index, current_language(), source.shown_root,
                             source.root_note), language="python")
    if source.sample:
        st.download_button(t("data.own.download", name=f"{source.sample}.zip"), sample_zip(source.sample),
                           file_name=f"{source.sample}.zip", mime="application/zip", key="data.own.download",
                           icon=":material/download:")


@st.cache_data(show_spinner=False, max_entries=8)
def _walk(config: OwnDatasetConfig, choice: LoaderChoice, signature: str) -> Walk:  # noqa: ARG001
    """One epoch, read again only when the settings or the files change (signature: a picture set's
    content), not when the ds[i] slider moves: a set's pictures take ~10-40 ms each to decode."""
    return walk_loader(build_dataset(config), choice)


def _item_index(length: int) -> int:
    """The ds[i] slider's i, kept within a dataset that may have shrunk since (0 for a single sample)."""
    if length <= 1:
        return 0
    if st.session_state.get(INDEX, 0) >= length:  # fewer samples than before
        st.session_state[INDEX] = length - 1
    return st.session_state.setdefault(INDEX, 0)


def _render_items(ds: Dataset, config: OwnDatasetConfig) -> None:
    """The class, its parts, len(ds) and ds[i] for the slider's i (the code tab reads i: _item_index)."""
    st.markdown(t("data.own.class_heading"))
    st.code(dataset_class_code(config, current_language()), language="python")
    if isinstance(ds, ConcatDataset):
        _render_parts(ds, config)
    length = len(ds)
    st.markdown(t("data.own.length", length=length))
    index = _item_index(length)
    if length > 1:
        index = st.slider(t("data.own.index"), 0, length - 1, key=INDEX, persist_state=KEPT,
                          help=t("data.own.index_help"))
    item = read_item(ds, index, config.wraps)
    if item.error:
        st.error(t("data.own.item_failed", index=index), icon=":material/error:")
        st.code(item.error, language=None, wrap_lines=True)
        st.markdown(t(f"data.own.fix_{config.wraps}_{config.mistake}") if config.mistake != "none" else
                    t("data.own.why_other"))
    elif config.wraps == "tensors":
        returned, table = st.columns([3, 2])
        returned.code(item.text, language=None, wrap_lines=True)
        returned.markdown(t("data.own.item_returns", index=index, x=describe(item.value), y=describe(item.label)))
        shown = range(index, index + 2) if config.mistake == "sizes" else range(index, index + 1)
        table.dataframe(_points_table(ds, shown), height=min(38 + 35 * len(ds.x), 400))
    else:
        picture, about = st.columns([1, 3], vertical_alignment="center")
        picture.image(picture_array(item.value, PICTURE))
        about.code(item.text, language=None, wrap_lines=True)
        name = config.classes[item.part]
        about.markdown(t("data.own.item_from", index=index, part=item.part, part_index=item.part_index,
                         file=f"{name}/{item.file.rsplit('/', 1)[-1]}", label=repr(item.label), name=name))


def _points_table(ds: Dataset, shown: range):
    columns = {f"x[:, {j}]": ds.x[:, j].tolist() for j in range(ds.x.shape[1])} | {"y": ds.y.tolist()}
    frame = pd.DataFrame(columns)
    highlight = ["background-color: rgba(255, 75, 75, 0.18)"] * frame.shape[1]
    return frame.style.format(precision=4, subset=list(columns)[:-1]).apply(
        lambda row: highlight if row.name in shown else [""] * len(row), axis=1)


def _render_parts(ds: ConcatDataset, config: OwnDatasetConfig) -> None:
    st.markdown(t("data.own.parts", count=len(ds.datasets), ends=ds.cumulative_sizes))
    rows = [t("data.own.parts_header"), "|---|---|---|---|"]
    start = 0
    for k, (part, end) in enumerate(zip(ds.datasets, ds.cumulative_sizes)):
        span = f"{start} … {end - 1}" if end > start else "—"
        name = config.classes[k].replace("|", "\\|")  # a "|" in a class name would end the cell
        rows.append(f"| `parts[{k}]` | {name} | {len(part)} | {span} |")
        start = end
    st.markdown("\n".join(rows))


def _loader_choice() -> LoaderChoice:
    """The DataLoader tab's choice as its widgets last left them (they keep their values while not drawn)."""
    d, state = LoaderChoice(), st.session_state
    return LoaderChoice(state.setdefault("data.own.batch_size", d.batch_size),
                        state.setdefault("data.own.shuffle", d.shuffle), state.setdefault("data.own.drop_last", d.drop_last))


def _select_loader() -> LoaderChoice:
    _loader_choice()  # the widgets' first values
    a, b, c = st.columns(3, vertical_alignment="bottom")
    a.select_slider(t("data.batch_size"), BATCH_SIZES, key="data.own.batch_size", persist_state=KEPT)
    b.toggle(t("data.shuffle"), key="data.own.shuffle", persist_state=KEPT, help=t("data.own.shuffle_help"))
    c.toggle(t("data.drop_last"), key="data.own.drop_last", persist_state=KEPT, help=t("data.drop_last_help"))
    return _loader_choice()


def _render_walk(walk: Walk, config: OwnDatasetConfig) -> None:
    a, b = st.columns(2)
    a.metric(t("data.own.len_loader"), walk.length)
    failed = walk.failure is not None
    b.metric(t("data.own.made"), t("data.own.made_failed", made=walk.made) if failed else walk.made)
    cells = st.columns(2) if walk.batches else []
    for n, batch in enumerate(walk.batches):
        if n and n % 2 == 0:
            cells = st.columns(2)
        cell = cells[n % 2].container(border=True)
        cell.markdown(f"`{batch.line}`")
        cell.caption(t("data.own.batch_samples", samples=", ".join(f"ds[{i}]" for i in batch.indices)))
        if config.wraps == "tensors":
            cell.code(repr(batch.inputs), language=None)
        else:
            cell.image([picture_array(image, THUMB) for image in batch.inputs], width=THUMB,
                       caption=[config.classes[label] for label in batch.labels.tolist()])
    if failed:
        f = walk.failure
        st.error(t("data.own.batch_failed", batch=f.batch, samples=", ".join(f"ds[{i}]" for i in f.indices)),
                 icon=":material/error:")
        st.code(f.error, language=None, wrap_lines=True)
        st.markdown(t(f"data.own.why_{f.kind}"))
        if config.mistake != "none":
            st.markdown(t(f"data.own.fix_{config.wraps}_{config.mistake}"))
        st.caption(t("data.own.script_stops"))
    elif not walk.complete:
        st.caption(t("data.own.walk_partial", shown=len(walk.batches)))
    elif config.mistake != "none":
        st.warning(t("data.own.hidden", count=walk.made), icon=":material/visibility_off:")
        st.markdown(t(f"data.own.fix_{config.wraps}_{config.mistake}"))
    else:
        st.success(t("data.own.epoch_done", count=walk.made), icon=":material/check_circle:")
