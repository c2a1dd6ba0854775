"""A <script> on the page that takes no room: Streamlit draws st.html with JavaScript in an element of
the layout, so the script goes in a keyed container and a style-only st.html (which Streamlit puts
out of the page's flow) hides that container. Used by the scripts that fix what Streamlit's own
components do not let us set: the canvas toolbar, the uploaders' words, cut select boxes."""

from __future__ import annotations

import streamlit as st


def hidden_script(key: str, script: str) -> None:
    """Run `script` (a whole <script>…</script>) in the hidden container `key` (unique on the page)."""
    st.html(f"<style>.st-key-{key}{{display:none}}</style>")
    with st.container(key=key):
        st.html(script, unsafe_allow_javascript=True)
