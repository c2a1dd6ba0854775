"""See inside: every layer's output for your input, the kernels, and a conv arithmetic lab."""

import streamlit as st

from ui.common.shell import ensure_app_navigation

ensure_app_navigation()  # first line of every page: see ui/common/shell.py

from ui.common.i18n import t  # noqa: E402
from ui.inside.feature_maps_view import render_feature_maps_tab  # noqa: E402
from ui.inside.inside_models import select_inside_model  # noqa: E402
from ui.inside.inside_tabs import open_tab  # noqa: E402

st.title(t("pages.inside.title"))
st.markdown(t("inside.intro"))

picker, about = st.columns([2, 3], vertical_alignment="bottom")
with picker:
    picked = select_inside_model()  # for the first two tabs; the lab builds a layer of its own
about.caption(t("inside.model_caption"))

name, tab = open_tab()  # only the open tab runs: ui/inside/inside_tabs.py
with tab:
    if name == "maps":
        render_feature_maps_tab(picked)
    elif name == "kernels":  # the other tabs' modules load when first opened: 0.1 s off a fresh server's first visit
        from ui.inside.kernels_view import render_kernels_tab
        render_kernels_tab(picked)
    else:
        from ui.inside.conv_lab import render_conv_lab
        render_conv_lab()
