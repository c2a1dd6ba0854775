"""The Tensors page, part 1: choose how x is made, then show x as a grid and what torch says about it."""

from __future__ import annotations

import streamlit as st
import torch

from core.code.tensor_snippets import fact_lines
from core.lessons.tensor_create import DTYPES, KINDS, MAX_DIM_SIZE, TensorError, TensorSpec, create_tensor, describe_tensor
from core.lessons.tensor_grids import MAX_CELLS, MIN_CELL, grid_html, grid_layout
from core.lessons.tensor_ops import Operand
from ui.common.i18n import t, t_error
from ui.common.markdown_table import code_cell, inline_code, markdown_table
from ui.common.remember import KEPT

DEFAULT_SIZES = {1: (5,), 2: (2, 3), 3: (2, 2, 3)}  # a first look at each rank, all drawn in full
X_COLUMN = 540  # pixels: the column beside the controls where x is drawn, in a 1400-pixel window
LIST_TEXT = "[[1, 2], [3, 4]]"  # a 2×2 tensor: the shortest list that shows rows


def select_spec() -> TensorSpec:
    """The widgets that say how x is made."""
    labels = {kind: f"torch.{kind}" for kind in KINDS if kind != "list"} | {"list": t("tensors_page.kind_list")}
    st.session_state.setdefault("tensors.kind", "arange")
    kind = st.radio(t("tensors_page.kind"), KINDS, horizontal=True, key="tensors.kind", persist_state=KEPT,
                    format_func=labels.get)
    st.session_state.setdefault("tensors.dtype", "float32")
    dtype = st.selectbox(t("tensors_page.dtype"), list(DTYPES), key="tensors.dtype", persist_state=KEPT,
                         help=t("tensors_page.dtype_help"))
    if kind == "list":
        st.session_state.setdefault("tensors.list", LIST_TEXT)
        text = st.text_input(t("tensors_page.list_text"), max_chars=600, key="tensors.list", persist_state=KEPT,
                             help=t("tensors_page.list_help"))
        return TensorSpec(kind="list", dtype=dtype, text=text)
    st.session_state.setdefault("tensors.dims", 2)
    dims = st.segmented_control(t("tensors_page.dims"), (1, 2, 3), required=True, key="tensors.dims",
                                persist_state=KEPT)
    sizes = []
    for i, column in enumerate(st.columns(3)[:dims]):
        key = f"tensors.size.{dims}.{i}"
        st.session_state.setdefault(key, DEFAULT_SIZES[dims][i])
        sizes.append(int(column.number_input(t("tensors_page.size", dim=i), 1, MAX_DIM_SIZE, key=key,
                                             persist_state=KEPT)))
    seed = 0
    if kind == "rand":
        st.session_state.setdefault("tensors.seed", 0)
        seed = int(st.number_input(t("tensors_page.seed"), 0, 2**31 - 1, key="tensors.seed", persist_state=KEPT,
                                   help=t("tensors_page.seed_help")))
    return TensorSpec(kind=kind, shape=tuple(sizes), dtype=dtype, seed=seed)


def make_tensor(spec: TensorSpec) -> torch.Tensor | None:
    """x, or None after a readable error (a ragged list, rand with an int dtype …)."""
    try:
        return create_tensor(spec)
    except TensorError as error:
        st.error(t_error(error), icon=":material/error:")
        return None


def render_grid(operand: Operand, total: int, width: int, key: str, title: str | None = None,
                picked: torch.Tensor | None = None, fade: bool = True) -> None:
    """One tensor as coloured cells in `width` pixels; if its cells are too small for numbers or it is too
    big to draw at all, say so in words (and print it, as torch does, when it is not drawn). `picked` outlines
    cells (an index's picks, an edit's changes) and, with `fade`, pales the others."""
    tensor, shape = operand.tensor, list(operand.tensor.shape)
    if tensor.numel() == 0:
        st.info(t("tensors_page.empty_tensor", name=operand.name, shape=shape),
                icon=":material/check_box_outline_blank:")
        return
    layout = grid_layout(tensor, width)
    if layout is None:
        st.info(t("tensors_page.too_big_to_draw", name=operand.name, shape=shape, numel=tensor.numel(),
                  most=MAX_CELLS, px=MIN_CELL), icon=":material/grid_off:")
        st.code(str(tensor.detach()), language="text")
        return
    title = f"{operand.name}: {shape}" if title is None else title
    st.container(key=key).html(grid_html(tensor, operand.ids, total, title, operand.name, layout, picked, fade))
    if not layout.font:
        st.caption(t("tensors_page.numbers_hidden", name=operand.name, numel=tensor.numel()))


def render_tensor(x: torch.Tensor) -> None:
    """x's grid, its facts table, .tolist() and .item() (or the error .item() raises, explained)."""
    st.markdown(f"**{t('tensors_page.x_heading')}**")
    render_grid(Operand("x", x, torch.arange(x.numel()).reshape(x.shape)), x.numel(), X_COLUMN, "tensors.x_grid",
                title="")
    st.markdown(f"**{t('tensors_page.facts_heading')}**")
    facts = fact_lines(x)
    st.markdown(markdown_table([t("tensors_page.fact_expr"), t("tensors_page.fact_value")],
                               [[code_cell(e), code_cell(v)] for e, v in facts]))
    st.caption(t("tensors_page.stride_note"))
    info = describe_tensor(x)
    st.markdown(t("tensors_page.tolist") + " " + inline_code(info.tolist))  # inline: no code highlighter to load
    if info.item is not None:
        st.markdown(t("tensors_page.item_ok") + " " + inline_code(info.item))
    else:
        st.warning(t("tensors_page.item_error", numel=info.numel) + "\n\n" + inline_code(f"RuntimeError: {info.item_error}"),
                   icon=":material/info:")
