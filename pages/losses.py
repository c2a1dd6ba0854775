"""Losses: drag predictions and logits, watch L1/MSE/SmoothL1, CrossEntropy/NLL and BCE/BCEWithLogits move with their
gradients."""

import streamlit as st

from ui.common.shell import ensure_app_navigation

ensure_app_navigation()  # first line of every page: see ui/common/shell.py

from ui.common.i18n import t  # noqa: E402
from ui.losses.losses_binary import render_binary  # noqa: E402
from ui.losses.losses_classification import render_classification  # noqa: E402
from ui.losses.losses_regression import render_regression  # noqa: E402

st.title(t("pages.losses.title"))
st.markdown(t("losses_page.intro"))

regression, classification, binary = st.tabs([t("losses_page.tab_regression"), t("losses_page.tab_classification"),
                                             t("losses_page.tab_binary")])
with regression:
    render_regression()
with classification:
    render_classification()
with binary:
    render_binary()
