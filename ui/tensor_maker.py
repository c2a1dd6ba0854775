"""The Tensors page, part 1: choose how x is made, then show x as a grid and what torch says about it."""

from __future__ import annotations

import streamlit as st
import torch

from core.tensor_create import DTYPES, KINDS, TensorError, TensorSpec, create_tensor, describe_tensor
from core.tensor_grids import grid_figure
from core.tensor_snippets import fact_lines
from ui.i18n import t, t_error

DEFAULT_SIZES = {1: (5,), 2: (2, 3), 3: (2, 2, 3)}  # a first look at each rank, all drawn in full


def select_spec() -> TensorSpec:
    """The widgets that say how x is made."""
    labels = {kind: f"torch.{kind}" for kind in KINDS if kind != "list"} | {"list": t("tensors_page.kind_list")}
    kind = st.radio(t("tensors_page.kind"), KINDS, index=KINDS.index("arange"), horizontal=True, key="tensors.kind",
                    format_func=labels.get)
    dtype = st.selectbox(t("tensors_page.dtype"), list(DTYPES), key="tensors.dtype",
                         help=t("tensors_page.dtype_help"))
    if kind == "list":
        text = st.text_input(t("tensors_page.list_text"), "[[1, 2], [3, 4]]", max_chars=600, key="tensors.list",
                             help=t("tensors_page.list_help"))
        return TensorSpec(kind="list", dtype=dtype, text=text)
    dims = st.segmented_control(t("tensors_page.dims"), (1, 2, 3), default=2, required=True, key="tensors.dims")
    sizes = tuple(int(column.number_input(t("tensors_page.size", dim=i), 1, 5, DEFAULT_SIZES[dims][i],
                                          key=f"tensors.size.{dims}.{i}"))
                  for i, column in enumerate(st.columns(3)[:dims]))
    seed = 0
    if kind == "rand":
        seed = int(st.number_input(t("tensors_page.seed"), 0, 2**31 - 1, 0, key="tensors.seed",
                                   help=t("tensors_page.seed_help")))
    return TensorSpec(kind=kind, shape=sizes, dtype=dtype, seed=seed)


def make_tensor(spec: TensorSpec) -> torch.Tensor | None:
    """x, or None after a readable error (a ragged list, rand with an int dtype …)."""
    try:
        return create_tensor(spec)
    except TensorError as error:
        st.error(t_error(error), icon=":material/error:")
        return None


def render_tensor(x: torch.Tensor) -> None:
    """x's grid, its facts table, .tolist() and .item() (or the error .item() raises, explained)."""
    st.markdown(f"**{t('tensors_page.x_heading')}**")
    ids = torch.arange(x.numel()).reshape(x.shape)
    st.plotly_chart(grid_figure(x, ids, x.numel(), name="x"), key="tensors.x_grid", config={"displayModeBar": False},
                    width="content")
    st.markdown(f"**{t('tensors_page.facts_heading')}**")
    facts = fact_lines(x)
    st.dataframe({t("tensors_page.fact_expr"): [e for e, _ in facts],
                  t("tensors_page.fact_value"): [v for _, v in facts]}, hide_index=True, key="tensors.facts")
    st.caption(t("tensors_page.stride_note"))
    info = describe_tensor(x)
    st.markdown(t("tensors_page.tolist"))
    st.code(info.tolist, language="python", wrap_lines=True)
    if info.item is not None:
        st.markdown(t("tensors_page.item_ok"))
        st.code(info.item, language="python")
    else:
        st.warning(t("tensors_page.item_error", numel=info.numel), icon=":material/info:")
        st.code(f"RuntimeError: {info.item_error}", language="text", wrap_lines=True)
