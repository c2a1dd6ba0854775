"""Save & load: state_dict or whole model, what breaks without the class, loading into a changed model
(strict=False), seed 004's checkpoint, and what nn.ReLU(inplace=True) overwrites."""

import streamlit as st

from ui.common.shell import ensure_app_navigation

ensure_app_navigation()  # first line of every page: see ui/common/shell.py

from ui.common.i18n import t  # noqa: E402
from ui.save_load.checkpoint_view import render_checkpoint, render_upload  # noqa: E402
from ui.save_load.inplace_view import render_relu_inplace  # noqa: E402
from ui.save_load.save_load_view import render_missing_class, render_two_ways, select_model  # noqa: E402
from ui.save_load.strict_view import render_strict_loading  # noqa: E402

st.title(t("pages.save_load.title"))
st.markdown(t("save_load_page.intro"))
st.caption(t("save_load_page.jump_to"))

name = select_model()
render_two_ways(name)
render_missing_class(name)
render_strict_loading()
render_checkpoint(name)
render_upload()
render_relu_inplace()
