"""TorchLab's entry point: the navigation over pages/ and the sidebar every page shares."""

import streamlit as st

from ui.catalog import ready_pages

st.set_page_config(page_title="TorchLab", page_icon=":material/neurology:", layout="wide")

home = st.Page("pages/home.py", title="Home", icon=":material/home:", default=True)
pages = [home] + [st.Page(p.path, title=p.title, icon=p.icon) for p in ready_pages()]
navigation = st.navigation(pages)

with st.sidebar:
    st.caption("TorchLab — learn PyTorch by touching it. Every page shows the plain PyTorch code it runs.")

navigation.run()
