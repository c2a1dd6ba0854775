"""Save & load: state_dict or whole model, what breaks without the class, loading into a changed model
(strict=False), seed 004's checkpoint, an uploaded file read safely, and what nn.ReLU(inplace=True) overwrites.
One tab per lesson, and only the open tab runs (ui/common/lazy_tabs.py): a fresh tab draws the first alone."""

import streamlit as st

from ui.common.shell import ensure_app_navigation

ensure_app_navigation()  # first line of every page: see ui/common/shell.py

from ui.common.i18n import t  # noqa: E402
from ui.common.lazy_tabs import draw_open_tab  # noqa: E402
from ui.save_load.checkpoint_view import render_checkpoint, render_upload  # noqa: E402
from ui.save_load.inplace_view import render_relu_inplace  # noqa: E402
from ui.save_load.save_load_view import render_formats, select_model  # noqa: E402
from ui.save_load.strict_view import render_strict_loading  # noqa: E402

TABS = {"formats": render_formats, "strict": render_strict_loading,
        "checkpoint": lambda: render_checkpoint(select_model()), "upload": render_upload,
        "inplace": render_relu_inplace}

st.title(t("pages.save_load.title"))
st.markdown(t("save_load_page.intro"))
draw_open_tab("save_load.tab", "save_load_page.tabs.", TABS)
