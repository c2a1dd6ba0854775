"""The Tensors page, part 2: shape operations and broadcasting as coloured grids before and after."""

from __future__ import annotations

import streamlit as st
import torch

from core.tensor_create import TensorError, TensorSpec, check_shape, parse_ints
from core.tensor_grids import grid_figure, id_total
from core.tensor_ops import (OPS, Operand, OpError, OpResult, apply_op, broadcast, default_params, element_ids,
                             memory_order)
from core.tensor_snippets import broadcast_code, tensor_code
from ui.i18n import current_language, t, t_error

TEXT_PARAMS = ("shape", "dims")  # typed as "3, 2"; the rest are single dims
CHART = {"displayModeBar": False}
HALF_PAGE = 520  # pixels: wider grids get the page's full width, one above the other
MEMORY_OPS = ("view", "reshape", "permute", "transpose")  # the ops whose story is about memory and strides
MEMORY_CELLS = 24  # a strip of at most 24 cells fits the page's width


def render_shape_ops(x: torch.Tensor, spec: TensorSpec) -> None:
    """Pick an op and its parameters, draw x (and y) before and the result after, then the code."""
    op = st.selectbox(t("tensors_page.op"), list(OPS), key="tensors.op")  # view first: the simplest
    transpose_first = st.toggle(t("tensors_page.transpose_first"), key="tensors.transpose",
                                help=t("tensors_page.transpose_help"), disabled=x.dim() < 2)
    x_in = x.transpose(0, -1) if transpose_first and x.dim() >= 2 else x
    st.markdown(t(f"tensors_page.ops.{op}", shape=list(x_in.shape)))
    params = None  # stays None while the typed parameters cannot be read: the code then stops at x
    try:
        params = _select_params(op, x_in)
        result = apply_op(op, x_in, params)
    except OpError as error:  # torch refused: x is still drawn, the code still shows the line and prints the error
        st.markdown(f"**{t('tensors_page.before', names='x')}**")
        st.plotly_chart(_figure(Operand("x", x_in, element_ids(x_in)), x_in.numel()), key="tensors.before.x",
                        config=CHART, width="content")
        _show_op_error(error)
    except TensorError as error:
        st.error(t_error(error), icon=":material/error:")
    else:
        _draw_before_after(result)
        if op in ("view", "reshape"):
            st.info(t("tensors_page.contiguity", contiguous=x_in.is_contiguous(),
                      out_contiguous=result.output.tensor.is_contiguous()), icon=":material/memory:")
    if op in MEMORY_OPS and x_in.numel() <= MEMORY_CELLS:
        _draw_memory(x_in)
    _render_code(tensor_code(spec, transpose_first and x.dim() >= 2, op if params else None, params,
                             current_language()))


def _select_params(op: str, x: torch.Tensor) -> dict:
    defaults = default_params(op, tuple(x.shape))
    shape_tag = "x".join(map(str, x.shape))  # a new shape starts from parameters that fit it
    params = {}
    for name, column in zip(OPS[op].params, st.columns(len(OPS[op].params))):
        key = f"tensors.{op}.{name}.{shape_tag}"
        label = t(f"tensors_page.params.{name}")
        if name in TEXT_PARAMS:
            text = column.text_input(label, ", ".join(map(str, defaults[name])), key=key, max_chars=40,
                                     help=t(f"tensors_page.params.{name}_help"))
            params[name] = parse_ints(text)
        elif op == "squeeze":
            choices = [None, *range(-x.dim(), x.dim())]
            params[name] = column.selectbox(label, choices, key=key, help=t("tensors_page.params.dim_help"),
                                            format_func=lambda d: t("tensors_page.params.squeeze_all")
                                            if d is None else str(d))
        else:
            params[name] = int(column.number_input(label, -4, 4, defaults[name], key=key,
                                                   help=t("tensors_page.params.dim_help")))
    return params


def _show_op_error(error: OpError) -> None:
    st.error(t_error(error), icon=":material/block:")
    st.caption(t("tensors_page.torch_says"))
    st.code(error.torch_message, language="text", wrap_lines=True)


def _draw_before_after(result: OpResult) -> None:
    """Before and after side by side when both fit in half the page, else one above the other."""
    total = id_total(*(o.ids for o in result.operands))
    before = [_figure(o, total) for o in result.operands]
    after = _figure(result.output, total)
    side_by_side = max(f.layout.width for f in (*before, after)) <= HALF_PAGE
    left, right = st.columns([1, 1], gap="large") if side_by_side else (st.container(), st.container())
    with left:
        st.markdown(f"**{t('tensors_page.before', names=', '.join(o.name for o in result.operands))}**")
        for operand, figure in zip(result.operands, before):
            st.plotly_chart(figure, key=f"tensors.before.{operand.name}", config=CHART, width="content")
    with right:
        st.markdown(f"**{t('tensors_page.after', code=result.code.removeprefix('out = '))}**")
        st.plotly_chart(after, key="tensors.after", config=CHART, width="content")


def _figure(operand: Operand, total: int, title: str | None = None):
    shape = list(operand.tensor.shape)
    return grid_figure(operand.tensor, operand.ids, total, title or f"{operand.name}: {shape}", operand.name)


def _draw_memory(x: torch.Tensor) -> None:
    """x's numbers in storage order, in x's colours: row order that jumps around this strip is not contiguous."""
    st.markdown(f"**{t('tensors_page.memory', stride=x.stride(), contiguous=x.is_contiguous())}**")
    st.plotly_chart(_figure(memory_order(x), x.numel()), key="tensors.memory", config=CHART, width="content")
    st.caption(t("tensors_page.memory_caption"))


def render_broadcasting() -> None:
    """a (shape A) + b (shape B): the operands, both stretched to the result, and the sum."""
    st.markdown(t("tensors_page.broadcast_intro"))
    left, right = st.columns(2)
    text_a = left.text_input(t("tensors_page.shape_a"), "3, 1", key="tensors.shape_a", max_chars=20,
                             help=t("tensors_page.shape_help"))
    text_b = right.text_input(t("tensors_page.shape_b"), "1, 4", key="tensors.shape_b", max_chars=20,
                              help=t("tensors_page.shape_help"))
    try:
        shape_a, shape_b = parse_ints(text_a, most=3), parse_ints(text_b, most=3)
        check_shape(shape_a)
        check_shape(shape_b)
    except TensorError as error:
        st.error(t_error(error), icon=":material/error:")
        return
    try:
        result = broadcast(shape_a, shape_b)
    except OpError as error:
        _show_op_error(error)
    else:
        total = id_total(*(o.ids for o in result.operands))
        st.markdown(f"**{t('tensors_page.operands')}**")
        for column, operand in zip(st.columns(2), result.operands):
            with column:
                st.plotly_chart(_figure(operand, total), key=f"tensors.bc.{operand.name}", config=CHART,
                                width="content")
        st.markdown(f"**{t('tensors_page.stretched', shape=list(result.output.tensor.shape))}**")
        for column, operand in zip(st.columns(2), result.stretched):
            with column:
                st.plotly_chart(_figure(operand, total, operand.name), key=f"tensors.bc.stretched.{operand.name[0]}",
                                config=CHART, width="content")
        st.markdown(f"**{t('tensors_page.result')}**")
        st.plotly_chart(_figure(result.output, total, f"a + b: {list(result.output.tensor.shape)}"),
                        key="tensors.bc.out", config=CHART, width="content")
    _render_code(broadcast_code(shape_a, shape_b, current_language()))


def _render_code(code: str) -> None:
    with st.expander(t("tensors_page.code_heading"), icon=":material/code:", expanded=True):
        st.caption(t("tensors_page.code_caption"))
        st.code(code, language="python")
