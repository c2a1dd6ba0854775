"""The Tensors page, part 3: type or pick an index of x, see the cells it picks on x, the result, and whether
the result is a view of x's memory or a copy."""

from __future__ import annotations

import streamlit as st
import torch

from core.code.tensor_snippets import index_code
from core.lessons.tensor_create import TensorSpec
from core.lessons.tensor_grids import grid_layout
from core.lessons.tensor_index import (BASIC, MAX_CHARS, IndexRefusal, IndexResult, IndexTextError, index_examples,
                                       index_tensor, written_index)
from core.lessons.tensor_ops import Operand
from ui.common.i18n import current_language, t, t_error
from ui.common.remember import KEPT
from ui.tensors.tensor_maker import render_grid
from ui.tensors.tensor_shapes import FULL_PAGE, HALF_PAGE, render_code

KEY = "tensors.index"
DEFAULT_INDEX = "x[:, 1]"  # the default x is 2 × 3: its middle column, a view with stride 3


def _use_example(text: str) -> None:
    st.session_state[KEY] = text  # a callback runs before the text box is drawn: it shows the example


def render_indexing(x: torch.Tensor, spec: TensorSpec) -> None:
    """Examples that fit x, the typed index, then x with the picked cells outlined and the result beside it."""
    st.markdown(t("tensors_page.index.intro"))
    with st.container(horizontal=True, gap="small"):
        st.caption(t("tensors_page.index.examples"))
        for i, example in enumerate(index_examples(x)):
            st.button(f"`{example}`", key=f"tensors.index_example.{i}", on_click=_use_example, args=(example,),
                      type="secondary")
    st.session_state.setdefault(KEY, DEFAULT_INDEX)
    text = st.text_input(t("tensors_page.index.text"), key=KEY, max_chars=MAX_CHARS, persist_state=KEPT,
                         help=t("tensors_page.index.help"))
    try:
        written = written_index(text)
    except IndexTextError as error:
        st.error(t_error(error), icon=":material/error:")
        return
    ids = torch.arange(x.numel()).reshape(x.shape)
    try:
        result = index_tensor(x, text)
    except IndexRefusal as error:  # said first, right under the index; x below, to count along its dimensions
        st.error(t_error(error), icon=":material/block:")
        st.caption(t("tensors_page.torch_says"))
        st.code(error.torch_message, language="text", wrap_lines=True)
        render_grid(Operand("x", x, ids), x.numel(), FULL_PAGE, "tensors.index.x_alone")
        render_code("index", lambda: index_code(spec, written, [], current_language()))
        return
    for warning in result.warnings:
        st.warning(t("tensors_page.index.torch_warns", words=warning), icon=":material/warning:")
    _draw_picks(x, ids, result)
    _explain(result)
    render_code("index", lambda: index_code(spec, result.code, [m.code for m in result.masks], current_language()))


def _draw_picks(x: torch.Tensor, ids: torch.Tensor, result: IndexResult) -> None:
    """The mask (if any), x with its picked cells outlined, and out, side by side when both read in half."""
    total = x.numel()
    for n, mask in enumerate(result.masks):
        st.markdown(f"**{t('tensors_page.index.mask', code=mask.code, count=int(mask.tensor.sum()))}**")
        render_grid(Operand(mask.code, mask.tensor, ids), total, FULL_PAGE, f"tensors.index.mask.{n}", "",
                    picked=mask.tensor.long())
    out = Operand("out", result.out, result.out_ids)
    layouts = [grid_layout(x, HALF_PAGE), grid_layout(result.out, HALF_PAGE)]
    side_by_side = all(layout is not None and layout.font for layout in layouts)
    width = HALF_PAGE if side_by_side else FULL_PAGE
    left, right = st.columns([1, 1], gap="large") if side_by_side else (st.container(), st.container())
    with left:
        st.markdown(f"**{t('tensors_page.index.picked', count=int((result.picked > 0).sum()), numel=x.numel())}**")
        render_grid(Operand("x", x, ids), total, width, "tensors.index.x", picked=result.picked)
    with right:
        st.markdown(f"**{t('tensors_page.index.out', code=result.code, shape=list(result.out.shape))}**")
        render_grid(out, total, width, "tensors.index.out")
    most = int(result.picked.max())
    if most > 1:
        st.caption(t("tensors_page.index.repeated", most=most))


def _explain(result: IndexResult) -> None:
    """View or copy (asked of the memory itself), then one line per kind of index used."""
    if result.view:
        st.info(t("tensors_page.index.view", stride=result.out.stride(), offset=result.out.storage_offset()),
                icon=":material/link:")
    else:
        st.info(t("tensors_page.index.copy"), icon=":material/content_copy:")
    kinds = list(dict.fromkeys(result.kinds))  # each kind once, in the order the index uses them
    st.markdown("\n".join(f"- {t(f'tensors_page.index.kinds.{kind}')}" for kind in kinds))
    if any(kind not in BASIC for kind in kinds) and any(kind in BASIC for kind in kinds):
        st.caption(t("tensors_page.index.mixed"))
