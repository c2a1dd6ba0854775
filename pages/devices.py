"""Devices: what this machine offers, .to(device), a matmul timed on each device, DataParallel vs DDP.
One tab per lesson, and only the open tab runs (ui/common/lazy_tabs.py): a fresh tab draws the machine alone."""

import streamlit as st

from ui.common.shell import ensure_app_navigation

ensure_app_navigation()  # first line of every page: see ui/common/shell.py

from core.lessons.device_facts import gpu_facts  # noqa: E402
from ui.common.i18n import t  # noqa: E402
from ui.common.lazy_tabs import draw_open_tab  # noqa: E402
from ui.devices.devices_view import render_machine, render_moving, render_timing  # noqa: E402
from ui.devices.parallel_view import render_parallel  # noqa: E402

TABS = {"machine": render_machine, "move": render_moving, "timing": render_timing,
        "parallel": lambda: render_parallel(len(gpu_facts()))}

st.title(t("pages.devices.title"))
st.markdown(t("devices_page.intro"))
draw_open_tab("devices.tab", "devices_page.tabs.", TABS)
