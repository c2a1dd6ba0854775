"""The Save & load page's checkpoint sections: build seed 004's dict, resume from it, download, upload."""

from __future__ import annotations

import streamlit as st

from core.code.save_load_snippets import checkpoint_code
from core.models.checkpoints import BARE, TORCHLAB, CheckpointError
from core.models.training_checkpoint import (CHECKPOINT_KEYS, MAX_UPLOAD_BYTES, CheckpointConfig, build_checkpoint, describe_tree,
                                      inspect_upload, resume, to_bytes)
from ui.common.code_expander import code_panel
from ui.common.i18n import current_language, t, t_error
from ui.common.remember import KEPT
from ui.common.uploader import file_uploader


@st.cache_data(show_spinner=False, max_entries=16)
def _checkpoint(cfg: CheckpointConfig) -> tuple[bytes, list, list[float], float]:
    """The checkpoint's bytes, its leaves, the losses and best_acc1: a few Adam steps, the same every time."""
    checkpoint, losses = build_checkpoint(cfg)
    return to_bytes(checkpoint), describe_tree(checkpoint), losses, checkpoint["best_acc1"]


# one line a leaf; !important: Streamlit's own rule for a cell's paragraph wins over a plain selector
TREE_STYLE = "<style>[class*=st-key-save_load-tree] :is(td, th) p {white-space: nowrap !important}</style>"


def _tree_table(rows, name: str) -> None:
    """Every leaf of the checkpoint, one line each (the table scrolls; st.table: no grid code for the browser)."""
    st.html(TREE_STYLE)
    with st.container(key=f"save_load-tree-{name}"):
        st.table([{t("save_load_page.col_path"): r.path, t("save_load_page.col_type"): r.kind,
                   t("save_load_page.col_value"): r.detail} for r in rows],
                 hide_index=True, height=min(38 + 35 * len(rows), 420))


def render_checkpoint(name: str) -> None:
    st.header(t("save_load_page.ckpt_heading"), divider="gray")
    st.markdown(t("save_load_page.ckpt_intro", keys=", ".join(f"`{k}`" for k in CHECKPOINT_KEYS)))
    left, right = st.columns([1, 2.4], gap="large")
    with left:
        steps = st.slider(t("save_load_page.steps"), 1, 10, 3, key="save_load.steps", persist_state=KEPT,
                          help=t("save_load_page.steps_help"))
        cfg = CheckpointConfig(model=name, steps=steps)
        data, rows, losses, best_acc1 = _checkpoint(cfg)
        st.markdown(t("save_load_page.ckpt_losses", losses=", ".join(f"{x:.4f}" for x in losses)))
        st.metric(t("save_load_page.ckpt_size"), f"{len(data) / 2**20:.1f} MB")  # one under the other: the table
        st.metric("`best_acc1`", f"{best_acc1:.2f}")  # beside them takes the room
        st.download_button(t("save_load_page.download"), data, file_name="checkpoint.pt",
                           mime="application/octet-stream", icon=":material/download:", key="save_load.download")
    with right:
        st.markdown(t("save_load_page.ckpt_structure"))
        _tree_table(rows, "checkpoint")
        st.caption(t("save_load_page.ckpt_optimizer_caption"))
    st.info(t("save_load_page.ckpt_torchlab_differs"), icon=":material/compare_arrows:")

    st.subheader(t("save_load_page.resume_heading"))
    more = st.slider(t("save_load_page.more_steps"), 1, 10, 2, key="save_load.more_steps", persist_state=KEPT)
    st.button(t("save_load_page.resume"), icon=":material/restart_alt:", key="save_load.resume",
              on_click=_resume, args=(data, cfg, more))
    resumed = st.session_state.get("save_load.resumed")
    if resumed and resumed[:2] == (cfg, more):
        report = resumed[2]
        st.success(t("save_load_page.resumed", before=report.step_before, after=report.step_after,
                     losses=", ".join(f"{x:.4f}" for x in report.losses)), icon=":material/check_circle:")
    code_panel(t("save_load_page.code_heading"), "save_load.code.checkpoint",
               lambda: checkpoint_code(cfg, more, current_language()))


def _resume(data: bytes, cfg: CheckpointConfig, more: int) -> None:
    st.session_state["save_load.resumed"] = (cfg, more, resume(data, cfg, more))


def render_upload() -> None:
    st.header(t("save_load_page.upload_heading"), divider="gray")
    st.markdown(t("save_load_page.upload_intro"))
    file = file_uploader(t("save_load_page.upload"), type=["pt", "pth", "ckpt"], key="save_load.upload",
                         help=t("save_load_page.upload_help", limit=MAX_UPLOAD_BYTES // 2**20),
                         max_upload_size=MAX_UPLOAD_BYTES // 2**20)
    if file is None:
        return
    try:
        report = inspect_upload(file.getvalue())
    except CheckpointError as error:
        st.error(t_error(error), icon=":material/block:")
        return
    found = {TORCHLAB: "upload_torchlab", BARE: "upload_state_dict"}.get(report.kind, "upload_checkpoint")
    st.success(t(f"save_load_page.{found}", name=file.name, key=report.kind), icon=":material/check_circle:")
    if report.model:
        st.markdown(t("save_load_page.upload_fits", model=report.model))
    else:
        st.warning(t("save_load_page.upload_no_fit", reason=t_error(report.mismatch)))
    _tree_table(report.rows, "upload")
