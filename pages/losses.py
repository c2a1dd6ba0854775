"""Losses: drag predictions and logits, watch L1/MSE/SmoothL1, CrossEntropy/NLL and BCE/BCEWithLogits move with their
gradients. One tab per family, and only the open tab runs (ui/common/lazy_tabs.py): a fresh tab draws two charts."""

import streamlit as st

from ui.common.shell import ensure_app_navigation

ensure_app_navigation()  # first line of every page: see ui/common/shell.py

from ui.common.i18n import t  # noqa: E402
from ui.common.lazy_tabs import draw_open_tab  # noqa: E402
from ui.losses.losses_binary import render_binary  # noqa: E402
from ui.losses.losses_classification import render_classification  # noqa: E402
from ui.losses.losses_regression import render_regression  # noqa: E402

TABS = {"regression": render_regression, "classification": render_classification, "binary": render_binary}

st.title(t("pages.losses.title"))
st.markdown(t("losses_page.intro"))

draw_open_tab("losses.tab", "losses_page.tab_", TABS)
