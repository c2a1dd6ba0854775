"""The Autograd page's inputs: a preset or a typed expression, the values of x, w, b, what is tracked."""

from __future__ import annotations

import streamlit as st

from core.autograd_lab import PRESETS, AutogradSettings, matching_preset
from core.expression import MAX_CHARS, VARIABLES
from ui.i18n import t
from ui.remember import remember

EXPRESSION = "autograd.expression"
CALLS = "autograd.calls"  # backward() calls since the last zero_(); 0 right after zeroing
VECTOR_X = (1.0, -0.5, 2.0)  # a vector x whose elements get visibly different gradients


def select_settings() -> AutogradSettings:
    remember(EXPRESSION, "autograd.preset")
    if EXPRESSION not in st.session_state:
        st.session_state[EXPRESSION] = PRESETS["linear"].expression
    choices = [*PRESETS, "custom"]
    st.selectbox(t("autograd_page.preset"), choices, key="autograd.preset", on_change=_use_preset,
                 format_func=lambda name: t(f"autograd_page.presets.{name}"))
    expression = st.text_input(t("autograd_page.expression"), key=EXPRESSION, max_chars=MAX_CHARS,
                               help=t("autograd_page.expression_help"), on_change=_typed)
    st.markdown(f"**{t('autograd_page.values_heading')}**")
    modes = {"scalar": t("autograd_page.x_scalar"), "vector": t("autograd_page.x_vector")}
    mode = st.segmented_control(t("autograd_page.x_mode"), list(modes), default="scalar", required=True,
                                key="autograd.x_mode", format_func=modes.get)
    if mode == "scalar":
        x = (st.slider(t("autograd_page.x_value"), -3.0, 3.0, 2.0, 0.1, key="autograd.x"),)
    else:
        x = tuple(column.number_input(t("autograd_page.x_element", index=i), -5.0, 5.0, VECTOR_X[i], 0.1,
                                      key=f"autograd.x.{i}") for i, column in enumerate(st.columns(3)))
    w = st.slider(t("autograd_page.w_value"), -3.0, 3.0, 3.0, 0.1, key="autograd.w")
    b = st.slider(t("autograd_page.b_value"), -3.0, 3.0, 1.0, 0.1, key="autograd.b")
    tracked = st.pills(t("autograd_page.requires_grad"), VARIABLES, selection_mode="multi", default=VARIABLES,
                       key="autograd.requires_grad", help=t("autograd_page.requires_grad_help"))
    return AutogradSettings(expression=expression, x=tuple(float(v) for v in x), w=float(w), b=float(b),
                            requires_grad=tuple(n for n in VARIABLES if n in tracked),
                            calls=st.session_state.get(CALLS, 1))


def _use_preset() -> None:
    name = st.session_state["autograd.preset"]
    if name in PRESETS:
        st.session_state[EXPRESSION] = PRESETS[name].expression
    st.session_state[CALLS] = 1  # a new experiment starts from one backward() call


def _typed() -> None:
    """A typed expression names its preset in the picker (or "my own expression"), so the two never disagree."""
    typed = matching_preset(st.session_state[EXPRESSION])
    st.session_state["autograd.preset"] = next((name for name, p in PRESETS.items() if p is typed), "custom")
    st.session_state[CALLS] = 1


def select_v(count: int) -> tuple[float, ...]:
    """v for out.backward(v): one weight per element of out, 1 by default (the gradient of out.sum())."""
    return tuple(float(column.number_input(t("autograd_page.v_element", index=i), -5.0, 5.0, 1.0, 0.5,
                                           key=f"autograd.v.{i}"))
                 for i, column in enumerate(st.columns(count)))


def backward_again() -> None:
    st.session_state[CALLS] = st.session_state.get(CALLS, 1) + 1


def zero_grads() -> None:
    st.session_state[CALLS] = 0
