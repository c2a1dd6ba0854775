"""Datasets & loaders: pick a dataset, look at its classes, and see the batches a DataLoader makes;
or write a Dataset class of your own and feed it to a DataLoader. Only the open tab runs."""

import streamlit as st

from ui.common.shell import ensure_app_navigation

ensure_app_navigation()  # first line of every page: see ui/common/shell.py

from ui.common.i18n import t  # noqa: E402
from ui.data.data_source import OWN, select_dataset, select_source  # noqa: E402
from ui.data.data_view import (loader_settings_from_state, open_data_tab, render_code_tab,  # noqa: E402
                               render_dataset_tab, render_loader_tab, select_loader)
from ui.data.own_view import render_own_dataset  # noqa: E402

st.title(t("pages.data.title"))
st.markdown(t("data.intro"))

name, beside = select_source()
if name == OWN:
    render_own_dataset()
else:
    picked = select_dataset(name, beside)
    if picked is not None:
        tab, container = open_data_tab()  # only the open tab runs
        with container:
            if tab == "dataset":
                render_dataset_tab(picked)
            elif tab == "loader":
                render_loader_tab(picked, select_loader())
            else:
                render_code_tab(picked, loader_settings_from_state())
