"""The Autograd page's results: forward value, graph, grads beside the hand-derived ones, and the code."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from core.code.autograd_code import autograd_code
from core.common.typed_text import literal
from core.lessons.autograd_graph import autograd_graph, short
from core.lessons.autograd_graph_svg import graph_picture
from core.lessons.autograd_lab import (
    AutogradRun,
    AutogradSettings,
    BackwardError,
    autograd_off_facts,
    hand_grads,
    matching_preset,
    run_autograd,
)
from core.lessons.expression import VARIABLES, ComputeError, ExpressionError
from ui.autograd.autograd_inputs import CALLS, backward_again, select_v, zero_grads
from ui.autograd.graph_view import show_graph
from ui.common.code_expander import code_panel
from ui.common.i18n import current_language, t, t_error
from ui.common.markdown_table import code_cell, inline_code, markdown_table

CODE = "autograd.code.lab"  # the lab's code panel: closed, its code built once it is opened


def render_backward_with_v(run: AutogradRun, settings: AutogradSettings) -> tuple[AutogradRun, AutogradSettings]:
    """A vector output: show why backward() fails, ask for v, and run backward(v) instead."""
    st.markdown(f"**{t('autograd_page.non_scalar_heading')}**")
    st.markdown(t("autograd_page.non_scalar", shape=list(run.output.shape)))
    if run.error is not None:
        _show_backward_error(run.error)
    st.markdown(t("autograd_page.vjp"))
    settings = replace(settings, v=select_v(run.output.numel()))
    return run_autograd(settings), settings


def _show_backward_error(error: BackwardError) -> None:
    st.error(t_error(error), icon=":material/block:")
    st.code(f"RuntimeError: {error.torch_message}", language="text", wrap_lines=True)


def render_expression_error(error: ExpressionError) -> None:
    """Why the expression was refused; when torch refused to compute it, torch's message in full beneath."""
    st.error(t_error(error), icon=":material/error:")
    if isinstance(error, ComputeError):
        st.code(error.torch_message, language="text", wrap_lines=True)


def render_graph(run: AutogradRun) -> None:
    st.markdown(t("autograd_page.forward", expression=literal(run.code_expression), value=literal(short(run.output))))
    st.markdown(f"**{t('autograd_page.graph_heading')}**")
    nodes = autograd_graph(run.output, run.leaves, run.steps)
    if not nodes:
        is_leaf = run.output.requires_grad
        st.info(t("autograd_page.graph_leaf" if is_leaf else "autograd_page.graph_empty"), icon=":material/info:")
        return
    show_graph(graph_picture(nodes, run.grads, t("autograd_page.grad_word")), key="autograd.graph")
    st.caption(t("autograd_page.graph_caption"))


def render_grads(run: AutogradRun, settings: AutogradSettings) -> None:
    """One row per leaf: value, .grad as torch prints it, and the hand-derived formula and value."""
    st.markdown(f"**{t('autograd_page.grads_heading')}**")
    if run.error is not None and run.output.dim() == 0:
        _show_backward_error(run.error)
    preset = matching_preset(settings.expression)
    hand = hand_grads(preset, replace(settings, calls=1)) if preset else {}
    header = [t("autograd_page.col_leaf"), t("autograd_page.col_value"), t("autograd_page.col_grad")]
    rows = [[n, inline_code(short(run.leaves[n].detach())), _grad_text(run, n, settings)] for n in VARIABLES]
    if preset:
        header += [t("autograd_page.col_formula"), t("autograd_page.col_hand")]
        for n, row in zip(VARIABLES, rows):
            row += [inline_code(f"∂out/∂{n} = {preset.formulas[n]}") if n in preset.formulas else "0",
                    short(hand[n]) if n in hand else "—"]
    st.markdown(markdown_table(header, rows))  # markdown: no Arrow code on a fresh tab (ui/common/markdown_table.py)
    if preset:
        with_v = run.output.dim() > 0 and settings.v is not None
        st.caption(t("autograd_page.hand_note") + (" " + t("autograd_page.hand_note_v") if with_v else ""))


def _grad_text(run: AutogradRun, name: str, settings: AutogradSettings) -> str:
    if name not in settings.requires_grad:
        return t("autograd_page.not_tracked")
    grad = run.grads.get(name)
    return inline_code(str(grad)) if grad is not None else t("autograd_page.not_used")


def render_accumulation(run: AutogradRun) -> None:
    st.subheader(t("autograd_page.accumulate_heading"))
    st.markdown(t("autograd_page.accumulate"))
    calls = st.session_state.get(CALLS, 1)
    left, right = st.columns([1.3, 1], vertical_alignment="center")
    left.markdown(t("autograd_page.calls_zeroed") if calls == 0 else t("autograd_page.calls", calls=calls))
    grads = [f"`{n}.grad = {run.grads[n]!s}`" for n in VARIABLES if run.grads.get(n) is not None]
    left.markdown("  \n".join(grads) or "`-`")  # inline code: an st.code block costs a fresh tab its highlighter
    right.button(t("autograd_page.backward_again"), icon=":material/replay:", key="autograd.again",
                 on_click=backward_again, width="stretch")
    right.button(t("autograd_page.zero"), icon=":material/exposure_zero:", key="autograd.zero",
                 on_click=zero_grads, width="stretch")
    st.caption(t("autograd_page.zero_note"))


def render_autograd_off(settings: AutogradSettings) -> None:
    st.subheader(t("autograd_page.off_heading"))
    st.markdown(t("autograd_page.off"))
    facts = autograd_off_facts(settings)
    values = (facts.requires_grad, facts.no_grad_grad_fn, facts.detach_requires_grad, facts.detach_grad_fn)
    st.markdown(markdown_table([t("autograd_page.off_expr"), t("autograd_page.off_value")],
                               [[code_cell(expr), code_cell(str(value))] for expr, value in zip(
                                   ("out.requires_grad", "no_grad: quiet.grad_fn", "out.detach().requires_grad",
                                    "out.detach().grad_fn"), values)]))


def render_code(settings: AutogradSettings, non_scalar: bool) -> None:
    code_panel(t("autograd_page.code_heading"), CODE, lambda: autograd_code(settings, non_scalar, current_language()),
               caption=t("autograd_page.code_caption"))
