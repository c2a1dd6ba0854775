"""The Transforms page's pipeline builder: add, remove and reorder steps; each parameter a widget.

The pipeline is data (core.data.pipeline): a list of [name, params] in session_state, each step
with a stable id so its widgets keep their values when it moves. Streamlit never clears that
list, and every widget takes its value from it, so the steps survive a visit to another page.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import streamlit as st

from core.data.pipeline import SHOWCASE, STEPS, new_step
from ui.common.i18n import t
from ui.common.remember import KEPT
from ui.transforms.transforms_widgets import param_widget

STEPS_KEY, IDS_KEY = "tf.steps", "tf.ids"
_ids = itertools.count(1)


def current_steps() -> list:
    if STEPS_KEY not in st.session_state:
        reset_steps()
    return st.session_state[STEPS_KEY]


def reset_steps() -> None:
    st.session_state[STEPS_KEY] = [[name, dict(params)] for name, params in SHOWCASE]
    st.session_state[IDS_KEY] = [next(_ids) for _ in SHOWCASE]


def _add(side: int | None) -> None:
    name, params = new_step(st.session_state["tf.add_choice"])
    if side and isinstance(params.get("size"), int) and params["size"] > side:
        params["size"] = side  # a 28×28 digit: crops and resizes start at its own size, not a photo's 224
    st.session_state[STEPS_KEY].append([name, params])
    st.session_state[IDS_KEY].append(next(_ids))


def _move(index: int, by: int) -> None:
    for key in (STEPS_KEY, IDS_KEY):
        items = st.session_state[key]
        items[index], items[index + by] = items[index + by], items[index]


def _remove(index: int) -> None:
    for key in (STEPS_KEY, IDS_KEY):
        del st.session_state[key][index]


def render_builder(side: int | None = None, annotate: Callable[[int, list], None] | None = None) -> list:
    """Draw the steps with their widgets; returns the pipeline as the widgets now say.
    annotate(number, steps up to it) draws what the page says about a step, inside its box."""
    steps, ids = current_steps(), st.session_state[IDS_KEY]
    st.subheader(t("transforms.pipeline"))
    st.caption(t("transforms.pipeline_caption"))
    if not steps:
        st.info(t("transforms.empty"), icon=":material/playlist_add:")
    for index, ((name, params), uid) in enumerate(zip(steps, ids)):
        with st.container(border=True, key=f"tf-step-{uid}"):
            _step_header(index, name, len(steps))
            for p in STEPS[name].params:
                params[p.name] = param_widget(name, p, params.get(p.name, p.default), f"tf.{uid}.{p.name}")
            if annotate is not None:
                annotate(index + 1, steps[:index + 1])
    names = {n: n for n in STEPS}
    st.selectbox(t("transforms.add_step"), list(STEPS), key="tf.add_choice", persist_state=KEPT,
                 format_func=names.get)
    add, reset = st.columns(2)
    add.button(t("transforms.add"), on_click=_add, args=(side,), icon=":material/add:", key="tf.add", width="stretch")
    reset.button(t("transforms.reset"), on_click=reset_steps, icon=":material/restart_alt:", key="tf.reset",
                 width="stretch")
    return [[name, dict(params)] for name, params in steps]


def _step_header(index: int, name: str, count: int) -> None:
    title, up, down, remove = st.columns([6, 1, 1, 1], vertical_alignment="center")
    badge = f" :orange-badge[{t('transforms.random_badge')}]" if STEPS[name].random else ""
    title.markdown(f"**{t('transforms.step_title', index=index + 1, name=name)}**{badge}",
                   help=t(f"transforms.about.{name}"))
    up.button("", icon=":material/arrow_upward:", key=f"tf.up.{index}", help=t("transforms.up"),
              disabled=index == 0, on_click=_move, args=(index, -1))
    down.button("", icon=":material/arrow_downward:", key=f"tf.down.{index}", help=t("transforms.down"),
                disabled=index == count - 1, on_click=_move, args=(index, 1))
    remove.button("", icon=":material/close:", key=f"tf.remove.{index}", help=t("transforms.remove"),
                  on_click=_remove, args=(index,))
