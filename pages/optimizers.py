"""Optimizer race: seed 001's SGD / Momentum / RMSprop / Adam side by side, live, and down a 2-D loss surface."""

import streamlit as st

from ui.common.shell import ensure_app_navigation

ensure_app_navigation()  # first line of every page: see ui/common/shell.py

from core.lessons.race_optimizers import OPTIMIZERS  # noqa: E402
from ui.common.i18n import t  # noqa: E402
from ui.optimizers.optimizer_tabs import open_tab  # noqa: E402
from ui.optimizers.race_view import render_race  # noqa: E402
from ui.optimizers.surface_view import render_surface  # noqa: E402

st.title(t("pages.optimizers.title"))
st.markdown(t("optimizers_page.intro"))
with st.expander(t("optimizers_page.rules_title"), icon=":material/functions:"):
    for spec in OPTIMIZERS.values():
        st.latex(rf"\textbf{{{spec.name}}}\qquad {spec.rule}")

name, tab = open_tab()  # only the open tab runs; a race goes on behind the other: ui/optimizers/optimizer_tabs.py
with tab:
    if name == "race":
        render_race()
    else:
        render_surface()
