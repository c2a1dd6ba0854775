"""Autograd: type an expression of x, w and b, see the graph autograd recorded and every .grad after backward();
then the tabs: a non-leaf's .grad and retain_grad(), reductions with a dim, a vector w, a frozen module.
Only the open tab runs (ui/common/lazy_tabs.py): a fresh tab draws the lab alone."""

import streamlit as st

from ui.common.shell import ensure_app_navigation

ensure_app_navigation()  # first line of every page: see ui/common/shell.py

from ui.autograd.autograd_lab_tab import lab_settings, render_lab  # noqa: E402
from ui.autograd.autograd_leaves import render_freeze, render_retain_grad  # noqa: E402
from ui.autograd.autograd_shapes import render_reduce, render_vector_w  # noqa: E402
from ui.common.i18n import t  # noqa: E402
from ui.common.lazy_tabs import draw_open_tab  # noqa: E402

TABS = {"lab": render_lab, "retain": lambda: render_retain_grad(lab_settings()), "reduce": render_reduce,
        "vector_w": render_vector_w, "freeze": render_freeze}

st.title(t("pages.autograd.title"))
st.markdown(t("autograd_page.intro"))
draw_open_tab("autograd.tab", "autograd_page.tabs.", TABS)
