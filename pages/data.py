"""Datasets & loaders: pick a dataset, look at its classes, and see the batches a DataLoader makes;
or write a Dataset class of your own and feed it to a DataLoader."""

import streamlit as st

from ui.common.shell import ensure_app_navigation

ensure_app_navigation()  # first line of every page: see ui/common/shell.py

from ui.common.i18n import t  # noqa: E402
from ui.data.data_source import OWN, select_dataset, select_source  # noqa: E402
from ui.data.data_view import render_code_tab, render_dataset_tab, render_loader_tab, select_loader  # noqa: E402
from ui.data.own_view import render_own_dataset  # noqa: E402

st.title(t("pages.data.title"))
st.markdown(t("data.intro"))

name, beside = select_source()
if name == OWN:
    render_own_dataset()
else:
    picked = select_dataset(name, beside)
    if picked is not None:
        dataset_tab, loader_tab, code_tab = st.tabs([t("data.tab_dataset"), t("data.tab_loader"), t("data.tab_code")])
        with loader_tab:
            settings = select_loader()
            render_loader_tab(picked, settings)
        with dataset_tab:
            render_dataset_tab(picked)
        with code_tab:
            render_code_tab(picked, settings)
