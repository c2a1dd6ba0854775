"""The Autograd page's shape tabs: x.sum(dim) on a 2-D x drawn forward and back, and a vector or matrix w."""

from __future__ import annotations

import streamlit as st
import torch

from core.code.autograd_code import reduce_code, vector_w_code
from core.common.typed_text import literal
from core.lessons.autograd_reduce import (DIMS, OPS, ReduceError, ReduceSettings, call_text, hand_grad,
                                          reduce_and_backward, result_shape)
from core.lessons.autograd_vector_w import FORMS, SIZES, VectorWSettings, hand_grads, output_size, run_vector_w
from core.lessons.tensor_grids import grid_html, grid_layout
from ui.common.code_expander import code_panel
from ui.common.i18n import current_language, t, t_error
from ui.common.remember import KEPT

GRID_PX = 300  # the widest a grid is drawn: half of the tab, beside its partner
ALL = "all"  # the dim choice "reduce everything": x.sum() with no dim


def select_v(prefix: str, count: int) -> tuple[float, ...]:
    """One v element per output element, 1 by default: v of ones is what out.sum().backward() would send."""
    for i in range(count):
        st.session_state.setdefault(f"{prefix}.{i}", 1.0)
    columns = st.columns(max(count, 5))  # at least 5: inputs keep one width whatever out's size
    return tuple(float(columns[i].number_input(f"v[{i}]", -5.0, 5.0, step=0.5, key=f"{prefix}.{i}",
                                               persist_state=KEPT)) for i in range(count))


def _grid(column, tensor: torch.Tensor, ids: torch.Tensor, total: int, title: str, key: str) -> None:
    column.container(key=key).html(grid_html(tensor, ids, total, title, layout=grid_layout(tensor, GRID_PX)))


def render_reduce() -> None:
    """x.sum(dim) or x.mean(dim): x and out coloured alike, then v going back to x.grad in the same colours."""
    st.markdown(t("autograd_page.reduce.intro"))
    defaults = {"rows": 2, "cols": 3, "op": "sum", "dim": "0", "keepdim": False}
    for name, value in defaults.items():
        st.session_state.setdefault(f"autograd.reduce.{name}", value)
    shape_col, op_col, dim_col, keep_col = st.columns([1.1, 0.9, 2.1, 0.8], vertical_alignment="bottom")
    with shape_col:
        rows_col, cols_col = st.columns(2)
        rows = rows_col.selectbox(t("autograd_page.reduce.rows"), (1, 2, 3, 4), key="autograd.reduce.rows",
                                  persist_state=KEPT)
        cols = cols_col.selectbox(t("autograd_page.reduce.cols"), (2, 3, 4, 5), key="autograd.reduce.cols",
                                  persist_state=KEPT)
    op = op_col.segmented_control(t("autograd_page.reduce.op"), OPS, required=True, key="autograd.reduce.op",
                                  persist_state=KEPT)
    choice = dim_col.segmented_control("`dim`", [ALL, *(str(d) for d in DIMS if d is not None)], required=True,
                                       key="autograd.reduce.dim", persist_state=KEPT,
                                       format_func=lambda d: t("autograd_page.reduce.all") if d == ALL else d,
                                       help=t("autograd_page.reduce.dim_help"))
    dim = None if choice == ALL else int(choice)
    keepdim = keep_col.toggle("`keepdim=True`", key="autograd.reduce.keepdim", persist_state=KEPT,
                              disabled=dim is None)
    settings = ReduceSettings(rows, cols, op, dim, keepdim and dim is not None)
    try:
        shape = result_shape(settings)
    except ReduceError as error:
        st.error(t_error(error), icon=":material/error:")
        st.code(f"IndexError: {error.torch_message}", language="text", wrap_lines=True)
        return
    count = int(torch.Size(shape).numel())
    st.markdown(t("autograd_page.reduce.shapes", call=literal(call_text(settings)), before=[rows, cols],
                  after=list(shape)) + " " + t(f"autograd_page.reduce.{_which(settings)}", dim=dim))
    st.markdown(f"**{t('autograd_page.reduce.forward')}**")
    x_col, out_col = st.columns(2)
    st.markdown(f"**{t('autograd_page.reduce.backward')}**")
    if shape:
        st.caption(t("autograd_page.reduce.v_intro"))
        settings = ReduceSettings(rows, cols, op, dim, settings.keepdim, select_v("autograd.reduce.v", count))
    grad_col, v_col = st.columns(2)
    run = reduce_and_backward(settings)
    out_ids = torch.arange(count).reshape(shape)
    _grid(x_col, run.x.detach(), run.feeds, count, f"x: {[rows, cols]}", "autograd.reduce.x")
    _grid(out_col, run.out.detach(), out_ids, count, f"out: {list(shape)}",
          "autograd.reduce.out")
    _grid(grad_col, run.grad, run.feeds, count, f"x.grad: {[rows, cols]}", "autograd.reduce.grad")
    v = run.v if run.v is not None else torch.tensor(1.0)
    _grid(v_col, v, out_ids, count, f"v: {list(shape)}" if shape else t("autograd_page.reduce.v_scalar"),
          "autograd.reduce.v")
    matches = torch.allclose(hand_grad(run), run.grad)
    count_reduced = run.x.numel() if dim is None else run.x.shape[dim]
    st.caption(t(f"autograd_page.reduce.grad_{op}", count=count_reduced)
               + (" " + t("autograd_page.reduce.agrees") if matches else ""))
    code_panel(t("autograd_page.code_heading"), "autograd.code.reduce",
               lambda: reduce_code(settings, current_language()))


def _which(settings: ReduceSettings) -> str:
    if settings.dim is None:
        return "gone_all"
    return "kept_one" if settings.keepdim else "gone_dim"


def render_vector_w() -> None:
    """w a vector (or W a matrix): per-element grads; for a vector out, backward() refused and backward(v) shown."""
    st.markdown(t("autograd_page.vector_w.intro"))
    st.session_state.setdefault("autograd.vw.form", "sum")
    st.session_state.setdefault("autograd.vw.n", 3)
    st.session_state.setdefault("autograd.vw.m", 2)
    form_col, n_col, m_col = st.columns([2.2, 1, 1], vertical_alignment="bottom")
    form = form_col.segmented_control(t("autograd_page.vector_w.form"), list(FORMS), required=True,
                                      key="autograd.vw.form", persist_state=KEPT, format_func=FORMS.get)
    n = n_col.selectbox(t("autograd_page.vector_w.n"), SIZES, key="autograd.vw.n", persist_state=KEPT)
    m = m_col.selectbox(t("autograd_page.vector_w.m"), SIZES, key="autograd.vw.m", persist_state=KEPT,
                        disabled=form != "matrix")
    settings = VectorWSettings(form, n, m)
    count = output_size(settings)
    run = run_vector_w(settings)
    st.markdown(t("autograd_page.vector_w.forward", expression=literal(FORMS[form]), value=literal(str(run.out)),
                  shape=list(run.out.shape)))
    if count > 1:
        st.markdown(f"**{t('autograd_page.non_scalar_heading')}**")
        st.error(t_error(run.refused), icon=":material/block:")
        st.code(f"RuntimeError: {run.refused.torch_message}", language="text", wrap_lines=True)
        st.markdown(t("autograd_page.vjp"))
        settings = VectorWSettings(form, n, m, select_v("autograd.vw.v", count))
        run = run_vector_w(settings)
    w_hand, x_hand = hand_grads(run)
    if form == "matrix":
        left, right = st.columns([1.4, 1])
        left.markdown(f"`W` {list(run.w.shape)}")
        left.table(run.w.numpy())  # static tables: no grid code for a fresh tab
        left.markdown(f"`W.grad` = `v xᵀ` {list(run.w_grad.shape)}")
        left.table(run.w_grad.numpy())
        right.table({"i": list(range(n)), "x[i]": run.x.tolist(), "x.grad[i]": run.x_grad.tolist()}, hide_index=True)
    else:
        st.table({"i": list(range(n)), "x[i]": run.x.tolist(), "w[i]": run.w.tolist(),
                  "w.grad[i]": run.w_grad.tolist(), "x.grad[i]": run.x_grad.tolist()}, hide_index=True)
    matches = torch.allclose(w_hand, run.w_grad) and torch.allclose(x_hand, run.x_grad)
    st.caption(t(f"autograd_page.vector_w.hand_{form}") + (" " + t("autograd_page.reduce.agrees") if matches else ""))
    code_panel(t("autograd_page.code_heading"), "autograd.code.vector_w",
               lambda: vector_w_code(settings, current_language()))
