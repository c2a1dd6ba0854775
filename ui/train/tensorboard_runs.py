"""The TensorBoard section's first tab: what every run writes, the files it wrote, and TensorBoard itself:
started from here over this visitor's runs alone for someone at the server, the command otherwise."""

from __future__ import annotations

import streamlit as st

from core.common.i18n import LocalizedError
from core.lessons.tensorboard_server import TensorBoardServers, owner_events, preferred_port, shown_command
from core.training.runs import RunStore
from core.training.tensorboard_log import EPOCH_TAGS, SAMPLE_SIZE, SAMPLE_TAG, STEP_TAGS
from ui.common.i18n import t, t_error
from ui.common.server_folders import folder_paths_allowed

RECENT_RUNS = 8  # runs whose files the table lists
START = "train.tb.start_requested"


@st.cache_resource
def tensorboard_servers() -> TensorBoardServers:
    """One per TorchLab server: at most one TensorBoard per owner, all stopped when TorchLab exits."""
    return TensorBoardServers()


def may_start_tensorboard() -> bool:
    """Only for a visitor at the server itself: TensorBoard listens on 127.0.0.1, as folder paths are
    named only there (TORCHLAB_FOLDER_PATHS)."""
    return folder_paths_allowed() and not isinstance(st.context.ip_address, str)


def render_runs(store: RunStore, owner: str) -> None:
    st.markdown(t("train_page.tb_logged"))
    st.dataframe(_logged_rows(), hide_index=True, width="stretch")
    runs = owner_events(store, owner)
    local = may_start_tensorboard()
    where = str(store.root) if local else store.root.name  # a remote visitor is not told the server's folders
    if runs:
        st.markdown(t("train_page.tb_files", folder=where))
    else:
        st.caption(t("train_page.tb_no_runs"))
    rows = [{t("train_page.tb_col_file"): f"{run.run_id}/tensorboard/{f.name}",
             t("train_page.tb_col_size"): f"{f.size / 1024:,.1f} KB"}
            for run in runs[:RECENT_RUNS] for f in run.files]
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch")
        st.caption(t("train_page.tb_files_caption"))
    if local:
        _render_server(store, owner)
    else:
        st.info(t("train_page.tb_remote", command=shown_command(store.root.name)), icon=":material/terminal:")


def _logged_rows() -> list[dict]:
    every_step, every_epoch, start = t("train_page.tb_when_step"), t("train_page.tb_when_epoch"), \
        t("train_page.tb_when_start")
    rows = [(tag, "add_scalar", every_step) for tag in STEP_TAGS]
    rows += [(tag, "add_scalar", every_epoch) for tag in EPOCH_TAGS]
    rows += [(SAMPLE_TAG, "add_images", t("train_page.tb_when_sample", count=SAMPLE_SIZE)),
             (t("train_page.tb_graph_tag"), "add_graph", start)]
    return [{t("train_page.tb_col_tag"): tag, t("train_page.tb_col_call"): call, t("train_page.tb_col_when"): when}
            for tag, call, when in rows]


def _render_server(store: RunStore, owner: str) -> None:
    servers = tensorboard_servers()
    if st.session_state.pop(START, False):
        try:
            with st.spinner(t("train_page.tb_starting")):
                servers.start(store, owner)
        except (LocalizedError, OSError) as error:
            st.error(t_error(error) if isinstance(error, LocalizedError) else str(error), icon=":material/error:")
    server = servers.get(owner)
    if server is None:
        st.markdown(t("train_page.tb_start_intro"))
        st.button(t("train_page.tb_start"), icon=":material/play_arrow:", key="train.tb.start",
                  on_click=st.session_state.__setitem__, args=(START, True))
        st.caption(t("train_page.tb_command", command=shown_command(store.root, preferred_port())))
        return
    link, stop = st.columns([3, 1], vertical_alignment="center")
    link.link_button(t("train_page.tb_open", url=server.url), server.url, icon=":material/open_in_new:",
                     type="primary", width="stretch")
    stop.button(t("train_page.tb_stop"), icon=":material/stop:", key="train.tb.stop", width="stretch",
                on_click=servers.stop, args=(owner,))
    st.caption(t("train_page.tb_running", command=server.command))
