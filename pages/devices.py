"""Devices: what this machine offers, .to(device), a matmul timed on each device, DataParallel vs DDP."""

import streamlit as st

from ui.common.shell import ensure_app_navigation

ensure_app_navigation()  # first line of every page: see ui/common/shell.py

from core.lessons.device_facts import gpu_facts  # noqa: E402
from ui.common.i18n import t  # noqa: E402
from ui.devices.devices_view import render_machine, render_moving, render_timing  # noqa: E402
from ui.devices.parallel_view import render_parallel  # noqa: E402

st.title(t("pages.devices.title"))
st.markdown(t("devices_page.intro"))

render_machine()
render_moving()
render_timing()
render_parallel(len(gpu_facts()))
