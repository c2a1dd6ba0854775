"""The Autograd page's inputs: a preset or a typed expression, the values of x, w, b, what is tracked."""

from __future__ import annotations

import streamlit as st

from core.lessons.autograd_lab import PRESETS, AutogradSettings, matching_preset
from core.lessons.expression import MAX_CHARS, VARIABLES
from ui.common.i18n import t
from ui.common.remember import KEPT

EXPRESSION = "autograd.expression"
CALLS = "autograd.calls"  # backward() calls since the last zero_(); 0 right after zeroing
VECTOR_X = (1.0, -0.5, 2.0)  # a vector x whose elements get visibly different gradients


def _set_defaults() -> None:
    """Every input's first value, whether or not its widget is drawn in this run."""
    state = st.session_state
    state.setdefault("autograd.preset", "linear")
    state.setdefault(EXPRESSION, PRESETS["linear"].expression)
    state.setdefault("autograd.x_mode", "scalar")
    state.setdefault("autograd.x", 2.0)
    for i in range(3):
        state.setdefault(f"autograd.x.{i}", VECTOR_X[i])
    state.setdefault("autograd.w", 3.0)
    state.setdefault("autograd.b", 1.0)
    state.setdefault("autograd.requires_grad", list(VARIABLES))


def settings_from_state() -> AutogradSettings:
    """The lab's settings as its widgets last left them: the other tabs use them while the lab is not drawn
    (every input keeps its value then: persist_state)."""
    _set_defaults()
    state = st.session_state
    scalar = state["autograd.x_mode"] == "scalar"
    x = (state["autograd.x"],) if scalar else tuple(state[f"autograd.x.{i}"] for i in range(3))
    tracked = state["autograd.requires_grad"] or ()
    return AutogradSettings(expression=state[EXPRESSION], x=tuple(float(v) for v in x), w=float(state["autograd.w"]),
                            b=float(state["autograd.b"]), requires_grad=tuple(n for n in VARIABLES if n in tracked),
                            calls=state.get(CALLS, 1))


def select_settings() -> AutogradSettings:
    """Draw the lab's inputs; the settings they make."""
    _set_defaults()
    choices = [*PRESETS, "custom"]
    st.selectbox(t("autograd_page.preset"), choices, key="autograd.preset", persist_state=KEPT,
                 on_change=_use_preset, format_func=lambda name: t(f"autograd_page.presets.{name}"))
    st.text_input(t("autograd_page.expression"), key=EXPRESSION, persist_state=KEPT,
                  max_chars=MAX_CHARS, help=t("autograd_page.expression_help"), on_change=_typed)
    st.markdown(f"**{t('autograd_page.values_heading')}**")
    modes = {"scalar": t("autograd_page.x_scalar"), "vector": t("autograd_page.x_vector")}
    mode = st.segmented_control(t("autograd_page.x_mode"), list(modes), required=True, key="autograd.x_mode",
                                persist_state=KEPT, format_func=modes.get)
    if mode == "scalar":
        st.slider(t("autograd_page.x_value"), -3.0, 3.0, step=0.1, key="autograd.x", persist_state=KEPT)
    else:
        for i, column in enumerate(st.columns(3)):
            column.number_input(t("autograd_page.x_element", index=i), -5.0, 5.0, step=0.1,
                                key=f"autograd.x.{i}", persist_state=KEPT)
    st.slider(t("autograd_page.w_value"), -3.0, 3.0, step=0.1, key="autograd.w", persist_state=KEPT)
    st.slider(t("autograd_page.b_value"), -3.0, 3.0, step=0.1, key="autograd.b", persist_state=KEPT)
    st.pills(t("autograd_page.requires_grad"), VARIABLES, selection_mode="multi",
             key="autograd.requires_grad", persist_state=KEPT, help=t("autograd_page.requires_grad_help"))
    return settings_from_state()


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
    for i, column in enumerate(st.columns(count)):
        st.session_state.setdefault(f"autograd.v.{i}", 1.0)
        column.number_input(t("autograd_page.v_element", index=i), -5.0, 5.0, step=0.5,
                            key=f"autograd.v.{i}", persist_state=KEPT)
    return v_from_state(count)


def v_from_state(count: int) -> tuple[float, ...]:
    """v as select_v last left it (1 where it has not been drawn yet)."""
    return tuple(float(st.session_state.setdefault(f"autograd.v.{i}", 1.0)) for i in range(count))


def backward_again() -> None:
    st.session_state[CALLS] = st.session_state.get(CALLS, 1) + 1


def zero_grads() -> None:
    st.session_state[CALLS] = 0
