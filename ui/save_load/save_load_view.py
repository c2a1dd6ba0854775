"""The Save & load page's first two sections: both ways to save, and what breaks without the class."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from core.code.save_load_snippets import missing_class_code, save_both_ways_code
from core.models import create_model, list_models
from core.models.checkpoints import load_weights_only
from core.models.save_formats import class_references, load_elsewhere, run_script, save_both_ways, state_dict_rows
from core.models.transfer import is_transfer
from ui.common.code_expander import code_panel
from ui.common.i18n import current_language, t
from ui.common.markdown_table import code_cell, markdown_table
from ui.common.remember import KEPT


def select_model() -> str:
    """The model the formats and checkpoint tabs save (one choice for both), in a third of the width."""
    names = [n for n in list_models() if not is_transfer(n)]  # a 224-px ResNet makes the demo wait half a minute
    return st.columns([1, 2])[0].selectbox(t("save_load_page.model"), names, key="save_load.model", persist_state=KEPT,
                        help=t("save_load_page.model_help"))


@st.cache_data(show_spinner=False, max_entries=8)
def _saved(name: str) -> dict:
    """Both files' sizes and contents for one registry model (fresh weights: sizes do not depend on them)."""
    with tempfile.TemporaryDirectory() as folder:
        pair = save_both_ways(create_model(name), folder)
        state = load_weights_only(pair.weights_path)  # our own file, read the way every file is read
        return {"weights_bytes": pair.weights_bytes, "whole_bytes": pair.whole_bytes,
                "rows": state_dict_rows(state), "references": class_references(pair.whole_path)}


def render_two_ways(name: str) -> None:
    st.header(t("save_load_page.two_ways_heading"), divider="gray")
    st.markdown(t("save_load_page.two_ways_intro"))
    saved = _saved(name)
    left, right = st.columns(2, gap="large")
    with left:
        st.subheader(t("save_load_page.weights_title"))
        st.markdown('`torch.save(model.state_dict(), "weights.pt")`')  # inline: no highlighter for a fresh tab
        st.metric(t("save_load_page.file_size"), f"{saved['weights_bytes']:,}", help=t("save_load_page.bytes_help"))
        st.markdown(markdown_table(  # markdown: no Arrow code on a fresh tab (ui/common/markdown_table.py)
            [t("save_load_page.col_key"), t("save_load_page.col_shape"), t("save_load_page.col_dtype"),
             t("save_load_page.col_numel")],
            [[code_cell(r.key), code_cell(str(list(r.shape))), r.dtype, f"{r.numel:,}"] for r in saved["rows"]],
            right={3}))
        st.caption(t("save_load_page.weights_caption"))
    with right:
        st.subheader(t("save_load_page.whole_title"))
        st.markdown('`torch.save(model, "model.pt")`')
        extra = saved["whole_bytes"] - saved["weights_bytes"]
        st.metric(t("save_load_page.file_size"), f"{saved['whole_bytes']:,}", delta=f"{extra:+,}",
                  delta_color="off", help=t("save_load_page.bytes_help"))
        st.markdown(t("save_load_page.whole_references"))
        st.markdown("  \n".join(f"`{reference}`" for reference in saved["references"]))
        st.markdown(t("save_load_page.whole_caption", reference=saved["references"][0]))
    code_panel(t("save_load_page.code_heading"), "save_load.code.two_ways",
               lambda: save_both_ways_code(name, current_language()))


@st.cache_data(show_spinner=False, max_entries=8)
def missing_class_output(name: str, lang: str) -> tuple[str, str]:
    """What the shown script prints, and what our own whole-model file meets, each in a fresh Python
    (so this server's classes cannot help)."""
    with tempfile.TemporaryDirectory() as folder:
        printed = run_script(missing_class_code(name, lang), Path(folder))
        pair = save_both_ways(create_model(name), Path(folder) / "saved")
        return printed, load_elsewhere(pair.whole_path, folder)


def render_missing_class(name: str) -> None:
    st.header(t("save_load_page.missing_heading"), divider="gray")
    st.markdown(t("save_load_page.missing_intro"))
    code = missing_class_code(name, current_language())
    st.button(t("save_load_page.missing_run"), icon=":material/play_arrow:", key="save_load.run_missing",
              on_click=st.session_state.__setitem__, args=("save_load.missing_ran", name))
    if st.session_state.get("save_load.missing_ran") == name:
        try:
            with st.spinner(t("save_load_page.missing_running")):
                output, elsewhere = missing_class_output(name, current_language())
        except (RuntimeError, OSError) as error:  # a timeout arrives as RuntimeError
            st.error(t("save_load_page.missing_failed", reason=str(error)))
        else:
            st.markdown(t("save_load_page.missing_output"))
            st.code(output, language="text", wrap_lines=True)
            st.markdown(t("save_load_page.elsewhere", reference=_saved(name)["references"][0]))
            st.code(elsewhere, language="text")
            st.markdown(t("save_load_page.missing_explained"))
    else:
        st.caption(t("save_load_page.missing_hint"))
    code_panel(t("save_load_page.code_heading"), "save_load.code.missing_class", lambda: code)
    st.info(t("save_load_page.weights_only_explained"), icon=":material/shield:")


def render_formats() -> None:
    """The first tab: the picked model saved both ways, then loaded where its class is missing."""
    name = select_model()
    render_two_ways(name)
    render_missing_class(name)
