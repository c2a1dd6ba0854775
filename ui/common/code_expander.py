"""A closed "same in plain PyTorch" expander that costs the browser nothing: its code is built and sent only
once it is opened.

Streamlit highlights an st.code block as soon as it arrives, even inside a closed expander: on a fresh tab
its highlighter's code and the highlighting took See inside's browser about 0.2 s, a fifth of what it
spent (bench/page_times.py). Run with on_change="rerun", a closed expander sends only its label; opening
it reruns the page, which then fills it.
"""

from __future__ import annotations

import streamlit as st


def opened_code_expander(label: str, key: str):
    """Draw the expander; returns it when it is open (the caller fills it), else None (build no code)."""
    panel = st.expander(label, icon=":material/code:", key=key, on_change="rerun")
    return panel if panel.open else None


def code_panel(label: str, key: str, build, caption: str | None = None, language: str = "python") -> None:
    """A closed code expander whose code `build()` makes only once it is opened (with a caption above it)."""
    panel = opened_code_expander(label, key)
    if panel:
        with panel:
            if caption:
                st.caption(caption)
            st.code(build(), language=language)
