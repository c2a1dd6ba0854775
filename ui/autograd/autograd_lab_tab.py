"""The Autograd page's first tab, the lab: inputs beside the forward value, graph and grads, then
accumulation, autograd switched off and the code. The retain_grad() tab works on the lab's expression,
so it can also ask for the lab's settings without drawing the lab."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from core.lessons.autograd_lab import AutogradSettings, run_autograd
from core.lessons.expression import ExpressionError
from ui.autograd.autograd_inputs import select_settings, settings_from_state, v_from_state
from ui.autograd.autograd_view import (render_accumulation, render_autograd_off, render_backward_with_v, render_code,
                                       render_expression_error, render_grads, render_graph)


def render_lab() -> None:
    inputs, results = st.columns([1, 1.8], gap="large")
    with inputs:
        settings = select_settings()
    with results:
        try:
            run = run_autograd(settings)
        except ExpressionError as error:
            render_expression_error(error)
            return
        non_scalar = run.output.dim() > 0
        if non_scalar:
            run, settings = render_backward_with_v(run, settings)
        render_graph(run)
        render_grads(run, settings)
    render_accumulation(run)
    render_autograd_off(settings)
    render_code(settings, non_scalar)


def lab_settings() -> AutogradSettings | None:
    """The lab's settings as its inputs left them, v included for a vector output; None while its
    expression does not run (the retain_grad() tab then says there is nothing to pick)."""
    settings = settings_from_state()
    try:
        run = run_autograd(settings)
    except ExpressionError:
        return None
    return replace(settings, v=v_from_state(run.output.numel())) if run.output.dim() > 0 else settings
