"""The Train page's TensorBoard section, under the run history: what every run logs, where, how to open
it (started from here for a visitor at the server), and seed 002's four calls to try.

Nothing in it runs while it is closed, and only the open tab runs: the Train page stays as quick.
"""

from __future__ import annotations

import streamlit as st

from core.lessons.tensorboard_server import shown_command
from core.training.runs import RunStore, tensorboard_command
from ui.common.i18n import t
from ui.train.tensorboard_demos import render_image, render_images, render_scalars
from ui.train.tensorboard_graph_view import render_graph
from ui.train.tensorboard_runs import may_start_tensorboard, render_runs

SECTION = "train.tb"  # the expander's key (True while open)
TAB = "train.tb.tab"
TABS = {"runs": render_runs, "scalar": render_scalars, "image": render_image, "images": render_images,
        "graph": render_graph}


def render_tensorboard(store: RunStore, owner: str) -> None:
    local = may_start_tensorboard()  # a remote visitor is not told where the server keeps its files
    st.caption(t("train_page.tensorboard", command=tensorboard_command(store.root) if local
                 else shown_command(store.root.name)))
    with st.expander(t("train_page.tb_heading"), icon=":material/insights:", key=SECTION,
                     on_change="rerun") as section:
        if not section.open:
            return
        st.markdown(t("train_page.tb_intro"))
        labels = {name: t(f"train_page.tb_tab_{name}") for name in TABS}
        tabs = st.tabs(list(labels.values()), key=TAB, on_change="rerun")  # only the open tab runs
        for (name, render), tab in zip(TABS.items(), tabs):
            if tab.open:
                with tab:
                    render(store, owner)
