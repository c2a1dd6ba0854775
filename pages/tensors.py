"""Tensors: make a small tensor, read what torch says about it, watch shape operations move its cells, pick cells
by indexing, and see where a tensor's numbers live (uninitialised memory, NumPy's)."""

import streamlit as st

from ui.common.shell import ensure_app_navigation

ensure_app_navigation()  # first line of every page: see ui/common/shell.py

from ui.common.i18n import t  # noqa: E402
from ui.tensors.tensor_indexing import render_indexing  # noqa: E402
from ui.tensors.tensor_maker import make_tensor, render_tensor, select_spec  # noqa: E402
from ui.tensors.tensor_memory import render_fresh, render_numpy_bridge  # noqa: E402
from ui.tensors.tensor_shapes import render_broadcasting, render_shape_ops  # noqa: E402

st.title(t("pages.tensors.title"))
st.markdown(t("tensors_page.intro"))

st.subheader(t("tensors_page.make_heading"))
controls, shown = st.columns([1, 1.6], gap="large")
with controls:
    spec = select_spec()
with shown:
    x = make_tensor(spec)
    if x is not None:
        render_tensor(x)

st.subheader(t("tensors_page.ops_heading"))
ops_tab, broadcast_tab = st.tabs([t("tensors_page.ops_tab"), t("tensors_page.broadcast_tab")])
with ops_tab:
    if x is not None:
        render_shape_ops(x, spec)
with broadcast_tab:
    render_broadcasting()

st.subheader(t("tensors_page.index_heading"))
if x is not None:
    render_indexing(x, spec)

st.subheader(t("tensors_page.memory_heading"))
fresh_tab, numpy_tab = st.tabs([t("tensors_page.fresh_tab"), t("tensors_page.numpy_tab")])
with fresh_tab:
    render_fresh()
with numpy_tab:
    render_numpy_bridge()
