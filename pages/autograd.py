"""Autograd: type an expression of x, w and b, see the graph autograd recorded and every .grad after backward();
then the tabs: a non-leaf's .grad and retain_grad(), reductions with a dim, a vector w, a frozen module."""

import streamlit as st

from ui.common.shell import ensure_app_navigation

ensure_app_navigation()  # first line of every page: see ui/common/shell.py

from core.lessons.autograd_lab import run_autograd  # noqa: E402
from core.lessons.expression import ExpressionError  # noqa: E402
from ui.autograd.autograd_inputs import select_settings  # noqa: E402
from ui.autograd.autograd_leaves import render_freeze, render_retain_grad  # noqa: E402
from ui.autograd.autograd_shapes import render_reduce, render_vector_w  # noqa: E402
from ui.autograd.autograd_view import (render_accumulation, render_autograd_off, render_backward_with_v,  # noqa: E402
                              render_code, render_expression_error, render_grads, render_graph)
from ui.common.i18n import t  # noqa: E402

st.title(t("pages.autograd.title"))
st.markdown(t("autograd_page.intro"))

lab, leaf_tab, reduce_tab, vector_tab, freeze_tab = st.tabs(
    [t(f"autograd_page.tabs.{name}") for name in ("lab", "retain", "reduce", "vector_w", "freeze")])
with lab:
    inputs, results = st.columns([1, 1.8], gap="large")
    with inputs:
        settings = select_settings()
    with results:
        try:
            run = run_autograd(settings)
        except ExpressionError as error:
            render_expression_error(error)
            run = None
        non_scalar = run is not None and run.output.dim() > 0
        if non_scalar:
            run, settings = render_backward_with_v(run, settings)
        if run is not None:
            render_graph(run)
            render_grads(run, settings)
    if run is not None:
        render_accumulation(run)
        render_autograd_off(settings)
        render_code(settings, non_scalar)
with leaf_tab:
    render_retain_grad(settings if run is not None else None)
with reduce_tab:
    render_reduce()
with vector_tab:
    render_vector_w()
with freeze_tab:
    render_freeze()
