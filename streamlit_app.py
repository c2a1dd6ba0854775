"""TorchLab's entry point: the navigation over pages/ and the sidebar every page shares."""

import streamlit as st

from ui.catalog import ready_pages
from ui.i18n import render_language_switch, t

st.set_page_config(page_title="TorchLab", page_icon=":material/neurology:", layout="wide")

home = st.Page("pages/home.py", title=t("nav.home"), icon=":material/home:", default=True)
pages = [home] + [st.Page(p.path, title=t(f"pages.{p.key}.title"), icon=p.icon) for p in ready_pages()]
navigation = st.navigation(pages)

with st.sidebar:
    render_language_switch()
    st.caption(t("common.tagline"))

navigation.run()
