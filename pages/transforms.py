"""Transforms: build a torchvision v2 pipeline step by step and watch a real photo change."""

import streamlit as st

from ui.common.shell import ensure_app_navigation

ensure_app_navigation()  # first line of every page: see ui/common/shell.py

from core.lessons.transform_misfits import picture_kind  # noqa: E402
from ui.common.i18n import t  # noqa: E402
from ui.transforms.train_vs_test import render_train_vs_test  # noqa: E402
from ui.transforms.transforms_builder import render_builder  # noqa: E402
from ui.transforms.transforms_code import render_code  # noqa: E402
from ui.transforms.transforms_misfits import step_annotator  # noqa: E402
from ui.transforms.transforms_source import picture_dataset, select_picture  # noqa: E402
from ui.transforms.transforms_view import drawing_seed, render_results  # noqa: E402

st.title(t("pages.transforms.title"))
st.markdown(t("transforms.intro"))

builder, results = st.columns([1, 1.6], gap="large")
with builder:
    picture = select_picture()
    dataset = picture_dataset()  # None for a photo or an upload
    kind = picture_kind(dataset)  # digits, clothes, objects or photo: what augmentation may do to it
    steps = render_builder(min(picture.size) if picture is not None else None,  # new crops fit the picture
                           step_annotator(picture, kind))  # warnings inside a step that is wrong for this data
error = None  # why the pipeline cannot run on this picture
with results:
    if picture is not None:
        error = render_results(steps, picture)
render_code(steps, error)
render_train_vs_test(steps, picture, kind, dataset, drawing_seed(), error)
