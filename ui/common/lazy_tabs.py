"""Tabs of which only the open one runs, and which one was open, kept for the session.

Streamlit runs and sends every tab's content with the page, so a hidden tab's charts cost the browser
as much as the open one's (a hidden plotly chart alone: 1 s on a fresh tab, bench/page_times.py). With
st.tabs(on_change="rerun") a click on a tab reruns the page and only that tab's code runs. Streamlit
forgets a widget on another page, so the open tab is also kept under a plain session key, by name
rather than by its label (which follows the language), and the page comes back on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import streamlit as st

from ui.common.i18n import t


def open_tab(key: str, label_key: str, names: Iterable[str]):
    """Draw the tab bar: a tab per name (the first is the default), labelled t(label_key + name); returns the
    open tab's name and its container, for the caller to fill. st.session_state[key] holds the open tab's label."""
    kept = f"{key}.open"  # the open tab's name, outliving the widget
    names = list(names)
    labels = {name: t(label_key + name) for name in names}
    if st.session_state.get(key) not in labels.values():  # back from another page, or another language
        st.session_state[key] = labels.get(st.session_state.get(kept), labels[names[0]])
    containers = st.tabs(list(labels.values()), key=key, on_change="rerun")  # no default=: it is the widget's id
    name, container = next(((n, c) for n, c in zip(names, containers) if c.open), (names[0], containers[0]))
    st.session_state[kept] = name
    return name, container


def draw_open_tab(key: str, label_key: str, renderers: dict[str, Callable[[], None]]) -> None:
    """open_tab for a page whose tabs each have one function that draws them: only the open one is called."""
    name, container = open_tab(key, label_key, renderers)
    with container:
        renderers[name]()
