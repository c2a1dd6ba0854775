"""Show an autograd graph picture (core/lessons/autograd_graph_svg.py) in a container keyed for the tests."""

from __future__ import annotations

import streamlit as st

from core.lessons.autograd_graph_svg import GraphPicture


def show_graph(picture: GraphPicture, key: str) -> None:
    """The SVG as server-built HTML: nothing for a fresh tab to load, drawn as soon as it arrives. Markdown, not
    st.html: st.html's sanitiser drops SVG; every text in the picture is escaped where it is built."""
    with st.container(key=key):
        st.markdown(picture.svg, unsafe_allow_html=True)
