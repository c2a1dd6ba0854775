"""TorchLab's entry point: the navigation over pages/ and the sidebar every page shares."""

import streamlit as st

from ui.common.catalog import SECTIONS, ready_pages
from ui.common.i18n import render_language_switch, t
from ui.common.select_text import show_whole_select_text

st.set_page_config(page_title="TorchLab", page_icon=":material/neurology:", layout="wide")

home = st.Page("pages/home.py", title=t("nav.home"), icon=":material/home:", default=True)
sections = {t(f"sections.{name}"): [st.Page(p.path, title=t(f"pages.{p.key}.title"), icon=p.icon)
                                    for p in ready_pages() if p.section == name] for name in SECTIONS}
sections[t("sections.explore")].insert(0, home)
navigation = st.navigation({title: pages for title, pages in sections.items() if pages}, expanded=True)  # every page in view

with st.sidebar:
    render_language_switch()
    st.caption(t("common.tagline"))
show_whole_select_text()  # every page's select boxes: no choice cut off in a narrow column

navigation.run()
