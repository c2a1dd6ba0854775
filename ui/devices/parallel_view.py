"""The Devices page's last section: DataParallel vs DistributedDataParallel, and launching with torchrun."""

from __future__ import annotations

import streamlit as st

from core.code.device_snippets import ddp_diff, ddp_script, torchrun_commands
from ui.common.code_expander import code_panel
from ui.common.i18n import current_language, t
from ui.common.remember import KEPT

ROWS = ("processes", "model_copies", "gradients", "machines", "speed", "advice")


def render_parallel(gpus: int) -> None:
    st.header(t("devices_page.parallel_heading"), divider="gray")
    st.markdown(t("devices_page.parallel_intro"))
    dp, ddp = st.columns(2, gap="large")
    with dp:
        st.subheader("`nn.DataParallel`")
        st.code("model = nn.DataParallel(model)  # seed 004", language="python")
        st.markdown(t("devices_page.dp_explained"))
    with ddp:
        st.subheader("`DistributedDataParallel`")
        st.code("model = DDP(model, device_ids=[local_rank])", language="python")
        st.markdown(t("devices_page.ddp_explained"))
    st.table([{"": t(f"devices_page.row_{row}"), "DataParallel": t(f"devices_page.dp_{row}"),
               "DistributedDataParallel": t(f"devices_page.ddp_{row}")} for row in ROWS],
             hide_index=True, hide_header=False)  # static: a dataframe's grid code costs a fresh tab ~0.35 s
    st.info(t("devices_page.advice_note"), icon=":material/recommend:")

    st.subheader(t("devices_page.launch_heading"))
    nproc = st.columns(3)[0].number_input(t("devices_page.nproc"), 1, 16, max(gpus, 2), key="devices.nproc",
                                          persist_state=KEPT, help=t("devices_page.nproc_help"))
    commands = torchrun_commands(int(nproc))
    st.markdown(t("devices_page.launch_single"))
    st.code(commands["single_node"], language="bash")
    st.markdown(t("devices_page.launch_two"))
    st.code(f"# {t('devices_page.on_both_nodes')}\n{commands['two_nodes']}", language="bash")
    st.caption(t("devices_page.launch_env"))

    st.subheader(t("devices_page.diff_heading"))
    st.markdown(t("devices_page.diff_intro", command=commands["script"]))
    st.code(ddp_diff(current_language()), language="diff", wrap_lines=True)
    code_panel(t("devices_page.ddp_full"), "devices.code.ddp", lambda: ddp_script(current_language()))
