"""See inside's three tabs, of which only the open one runs, and which one was open, kept for the session.

Hidden tabs' charts used to be built and drawn with the open one's: the kernels' and the lab's seven
charts kept the browser busy while the feature maps waited. Now a click on a tab reruns the page
(st.tabs(on_change=…)) and only that tab's code runs. Streamlit forgets a widget on another page, so the
open tab is also kept under a plain session key, by name rather than by its label (which follows the
language), and the page comes back on it.
"""

from __future__ import annotations

import streamlit as st

from ui.common.i18n import t

TABS = ("maps", "kernels", "lab")  # inside.tab_<name> labels them
TAB = "inside.tab"  # the widget's key: the open tab's label
KEPT_TAB = "inside.open_tab"  # the open tab's name, outliving the widget


def open_tab():
    """Draw the tab bar; returns the open tab's name and its container, for the caller to fill."""
    labels = {name: t(f"inside.tab_{name}") for name in TABS}
    if st.session_state.get(TAB) not in labels.values():  # back from another page, or another language
        st.session_state[TAB] = labels.get(st.session_state.get(KEPT_TAB), labels[TABS[0]])
    containers = st.tabs(list(labels.values()), key=TAB, on_change="rerun")  # no default=: it is the widget's id
    name, container = next(((n, c) for n, c in zip(TABS, containers) if c.open), (TABS[0], containers[0]))
    st.session_state[KEPT_TAB] = name
    return name, container
