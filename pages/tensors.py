"""Tensors: make a small tensor, read what torch says about it, then one tab at a time: watch shape operations move
its cells, broadcast two shapes, pick cells by indexing, and see where a tensor's numbers live (uninitialised memory,
NumPy's). Only the open tab runs (ui/common/lazy_tabs.py): a fresh tab draws x and one lesson on it."""

import streamlit as st

from ui.common.shell import ensure_app_navigation

ensure_app_navigation()  # first line of every page: see ui/common/shell.py

from ui.common.i18n import t  # noqa: E402
from ui.common.lazy_tabs import draw_open_tab  # noqa: E402
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


def on_x(render):
    """A tab that works on x: while x cannot be made, it points at the message above that says why."""
    return lambda: render(x, spec) if x is not None else st.info(t("tensors_page.no_x"), icon=":material/arrow_upward:")


st.subheader(t("tensors_page.use_heading"))
draw_open_tab("tensors.tab", "tensors_page.tabs.", {"ops": on_x(render_shape_ops), "broadcast": render_broadcasting,
                                                    "index": on_x(render_indexing), "fresh": render_fresh,
                                                    "numpy": render_numpy_bridge})
