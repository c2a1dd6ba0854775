"""The Tensors page, part 2: shape operations and broadcasting as coloured grids before and after."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
import torch

from core.code.tensor_snippets import broadcast_code, broadcast_scalar_code, scalar_text, tensor_code
from core.lessons.tensor_create import TensorError, TensorSpec, check_shape, parse_ints
from core.lessons.tensor_grids import grid_layout, id_total
from core.lessons.tensor_ops import (OPS, Operand, OpError, OpResult, apply_op, broadcast, broadcast_scalar,
                                     default_params, dim_range, element_ids, memory_order)
from ui.common.code_expander import code_panel
from ui.common.i18n import current_language, t, t_error
from ui.common.remember import KEPT
from ui.tensors.tensor_maker import render_grid

TEXT_PARAMS = ("shape", "dims")  # typed as "3, 2"; the rest are single dims
HALF_PAGE = 520  # pixels: grids side by side get this much each; wider grids get the page's full width
FULL_PAGE = 900  # pixels: the page's width in a 1400-pixel window, with the sidebar open
MEMORY_OPS = ("view", "reshape", "permute", "transpose")  # the ops whose story is about memory and strides
SQUEEZE_ALL = "all"  # squeeze's first choice: every size-1 dimension
BROADCAST_KINDS = ("tensor", "number")  # a + b for a tensor b, or a + 1: a Python number broadcast to every cell


def render_shape_ops(x: torch.Tensor, spec: TensorSpec) -> None:
    """Pick an op and its parameters, draw x (and y) before and the result after, then the code."""
    st.session_state.setdefault("tensors.op", "view")  # view first: the simplest
    op = st.selectbox(t("tensors_page.op"), list(OPS), key="tensors.op", persist_state=KEPT)
    st.session_state.setdefault("tensors.transpose", False)
    transpose_first = st.toggle(t("tensors_page.transpose_first"), key="tensors.transpose", persist_state=KEPT,
                                help=t("tensors_page.transpose_help"), disabled=x.dim() < 2)
    x_in = x.transpose(0, -1) if transpose_first and x.dim() >= 2 else x
    st.markdown(t(f"tensors_page.ops.{op}", shape=list(x_in.shape)))
    params = None  # stays None while the typed parameters cannot be read: the code then stops at x
    try:
        params = _select_params(op, x_in)
        result = apply_op(op, x_in, params)
    except OpError as error:  # torch refused: x is still drawn, the code still shows the line and prints the error
        st.markdown(f"**{t('tensors_page.before', names='x')}**")
        render_grid(Operand("x", x_in, element_ids(x_in)), x_in.numel(), FULL_PAGE, "tensors.before.x")
        _show_op_error(error)
    except TensorError as error:
        st.error(t_error(error), icon=":material/error:")
    else:
        _draw_before_after(result)
        if op in ("view", "reshape"):
            st.info(t("tensors_page.contiguity", contiguous=x_in.is_contiguous(),
                      out_contiguous=result.output.tensor.is_contiguous()), icon=":material/memory:")
    if op in MEMORY_OPS:
        _draw_memory(x_in)
    render_code("ops", lambda: tensor_code(spec, transpose_first and x.dim() >= 2, op if params else None, params,
                                           current_language()))


def _select_params(op: str, x: torch.Tensor) -> dict:
    defaults = default_params(op, tuple(x.shape))
    shape_tag = "x".join(map(str, x.shape))  # a new shape starts from parameters that fit it
    params = {}
    for name, column in zip(OPS[op].params, st.columns(len(OPS[op].params))):
        key = f"tensors.{op}.{name}.{shape_tag}"
        label = t(f"tensors_page.params.{name}")
        if name in TEXT_PARAMS:
            st.session_state.setdefault(key, ", ".join(map(str, defaults[name])) or "()")
            text = column.text_input(label, key=key, persist_state=KEPT, max_chars=40,
                                     help=t(f"tensors_page.params.{name}_help"))
            params[name] = parse_ints(text)
            continue
        accepted = dim_range(op, name, x)  # torch's own range, asked of torch
        help_text = t("tensors_page.params.dim_range", low=accepted[0], high=accepted[1]) if accepted \
            else t("tensors_page.params.dim_help")
        if op == "squeeze":  # "all": x.squeeze() with no dim (a string: a None value reads as "nothing chosen")
            st.session_state.setdefault(key, SQUEEZE_ALL)
            choices = [SQUEEZE_ALL, *range(accepted[0], accepted[1] + 1)]
            choice = column.selectbox(label, choices, key=key, persist_state=KEPT, help=help_text,
                                      format_func=lambda d: t("tensors_page.params.squeeze_all")
                                      if d == SQUEEZE_ALL else str(d))
            params[name] = None if choice == SQUEEZE_ALL else choice
        else:  # one step past each end of torch's range is allowed, to see torch refuse it
            low, high = (accepted[0] - 1, accepted[1] + 1) if accepted else (-1, 1)
            st.session_state.setdefault(key, min(max(defaults[name], low), high))
            params[name] = int(column.number_input(label, low, high, key=key, persist_state=KEPT,
                                                   help=help_text))
    return params


def _show_op_error(error: OpError) -> None:
    st.error(t_error(error), icon=":material/block:")
    st.caption(t("tensors_page.torch_says"))
    st.code(error.torch_message, language="text", wrap_lines=True)


def _readable_in_half(operands: list[Operand]) -> bool:
    """Every grid prints its numbers in half the page: then before and after go side by side."""
    layouts = [grid_layout(o.tensor, HALF_PAGE) for o in operands]
    return all(layout is not None and layout.font for layout in layouts)


def _draw_before_after(result: OpResult) -> None:
    """Before and after side by side when both read well in half the page, else one above the other."""
    total = id_total(*(o.ids for o in result.operands))
    side_by_side = _readable_in_half([*result.operands, result.output])
    width = HALF_PAGE if side_by_side else FULL_PAGE
    left, right = st.columns([1, 1], gap="large") if side_by_side else (st.container(), st.container())
    with left:
        st.markdown(f"**{t('tensors_page.before', names=', '.join(o.name for o in result.operands))}**")
        for operand in result.operands:
            render_grid(operand, total, width, f"tensors.before.{operand.name}")
    with right:
        st.markdown(f"**{t('tensors_page.after', code=result.code.removeprefix('out = '))}**")
        render_grid(result.output, total, width, "tensors.after")


def _draw_memory(x: torch.Tensor) -> None:
    """x's numbers in storage order, in x's colours: row order that jumps around this strip is not contiguous."""
    st.markdown(f"**{t('tensors_page.memory', stride=x.stride(), contiguous=x.is_contiguous())}**")
    render_grid(memory_order(x), x.numel(), FULL_PAGE, "tensors.memory")
    st.caption(t("tensors_page.memory_caption"))


def render_broadcasting() -> None:
    """a (shape A) + b (shape B), or a + a number: the operands, stretched to the result, and the sum."""
    st.markdown(t("tensors_page.broadcast_intro"))
    st.session_state.setdefault("tensors.bc_kind", "tensor")
    kind = st.segmented_control(t("tensors_page.bc_kind"), BROADCAST_KINDS, required=True, key="tensors.bc_kind",
                                persist_state=KEPT, format_func=lambda k: t(f"tensors_page.bc_kinds.{k}"))
    left, right = st.columns(2)
    st.session_state.setdefault("tensors.shape_a", "3, 1")
    text_a = left.text_input(t("tensors_page.shape_a"), key="tensors.shape_a", persist_state=KEPT, max_chars=20,
                             help=t("tensors_page.shape_help"))
    if kind == "number":
        st.session_state.setdefault("tensors.bc_number", 1)
        number = int(right.number_input(t("tensors_page.bc_number"), -99, 99, key="tensors.bc_number",
                                        persist_state=KEPT, help=t("tensors_page.bc_number_help")))
    else:
        st.session_state.setdefault("tensors.shape_b", "1, 4")
        text_b = right.text_input(t("tensors_page.shape_b"), key="tensors.shape_b", persist_state=KEPT,
                                  max_chars=20, help=t("tensors_page.shape_help"))
    try:
        shape_a = parse_ints(text_a)
        check_shape(shape_a)
        shape_b = None if kind == "number" else parse_ints(text_b)
        if shape_b is not None:
            check_shape(shape_b)
    except TensorError as error:
        st.error(t_error(error), icon=":material/error:")
        return
    if kind == "number":
        _draw_broadcast(broadcast_scalar(shape_a, number), f"a + {scalar_text(number)}")
        st.info(t("tensors_page.bc_scalar_note", number=number), icon=":material/lightbulb:")
        render_code("broadcast", lambda: broadcast_scalar_code(shape_a, number, current_language()))
        return
    try:
        _draw_broadcast(broadcast(shape_a, shape_b), "a + b")
    except OpError as error:
        _show_op_error(error)
    render_code("broadcast", lambda: broadcast_code(shape_a, shape_b, current_language()))


def _draw_broadcast(result: OpResult, sum_code: str) -> None:
    """The operands, each stretched to the result's shape (a number: a as it is and the number stretched), the sum."""
    total = id_total(*(o.ids for o in result.operands))
    shape = list(result.output.tensor.shape)
    scalar = len(result.stretched) == 1
    st.markdown(f"**{t('tensors_page.operands_scalar' if scalar else 'tensors_page.operands')}**")
    for column, operand in zip(st.columns(2), result.operands):
        with column:
            render_grid(operand, total, HALF_PAGE, f"tensors.bc.{operand.name}")
    st.markdown(f"**{t('tensors_page.stretched_scalar' if scalar else 'tensors_page.stretched', shape=shape)}**")
    stretched = [result.operands[0], *result.stretched] if scalar else result.stretched
    for column, operand in zip(st.columns(2), stretched):
        with column:  # the name above the grid: a figure as narrow as one column would cut it short
            st.markdown(f"`{operand.name}`")
            render_grid(operand, total, HALF_PAGE, f"tensors.bc.stretched.{operand.name[0]}", "")
    st.markdown(f"**{t('tensors_page.result_of', code=sum_code)}**")
    render_grid(result.output, total, FULL_PAGE, "tensors.bc.out", f"{sum_code}: {shape}")


def render_code(tab: str, build: Callable[[], str]) -> None:
    """A tab's plain-PyTorch script in a closed panel (tensors.code.<tab>): built and sent once opened, so a
    fresh tab loads no code highlighter (1.5 MB of JavaScript)."""
    code_panel(t("tensors_page.code_heading"), f"tensors.code.{tab}", build, t("tensors_page.code_caption"))
