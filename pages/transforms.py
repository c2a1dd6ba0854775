"""Transforms: build a torchvision v2 pipeline step by step and watch a real photo change."""

import streamlit as st

from ui.shell import ensure_app_navigation

ensure_app_navigation()  # first line of every page: see ui/shell.py

from ui.i18n import t  # noqa: E402
from ui.remember import remember  # noqa: E402
from ui.transforms_builder import KEYS as BUILDER_KEYS, render_builder  # noqa: E402
from ui.transforms_code import render_code  # noqa: E402
from ui.transforms_normalize import KEYS as NORMALIZE_KEYS  # noqa: E402
from ui.transforms_source import KEYS as SOURCE_KEYS, select_picture  # noqa: E402
from ui.transforms_view import KEYS as RESULT_KEYS, render_results  # noqa: E402

remember(*SOURCE_KEYS, *BUILDER_KEYS, *RESULT_KEYS, *NORMALIZE_KEYS)  # before any widget: a page switch keeps them

st.title(t("pages.transforms.title"))
st.markdown(t("transforms.intro"))

builder, results = st.columns([1, 1.6], gap="large")
with builder:
    picture = select_picture()
    steps = render_builder(min(picture.size) if picture is not None else None)  # new crops fit the picture
error = None  # why the pipeline cannot run on this picture
with results:
    if picture is not None:
        error = render_results(steps, picture)
render_code(steps, error)
