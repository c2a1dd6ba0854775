"""The Save & load page's strict-loading section: a saved TinyVGG meets a changed model; strict=True or False."""

from __future__ import annotations

import streamlit as st

from core.code.save_load_snippets import strict_change_code, strict_fix_code, strict_loading_code
from core.lessons.state_dict_lab import MISMATCHES, load_into_changed
from ui.common.code_expander import code_panel
from ui.common.i18n import current_language, t
from ui.common.remember import KEPT

STATUS_ICONS = {"loaded": "✓", "init": "○", "mismatch": "✗", "unexpected": "–"}  # glyphs every font has


@st.cache_data(show_spinner=False, max_entries=32)
def _outcome(name: str, strict: bool, fixed: bool):
    return load_into_changed(name, strict, fixed)


def render_strict_loading() -> None:
    st.header(t("save_load_page.strict_heading"), divider="gray")
    st.markdown(t("save_load_page.strict_intro"))
    lang = current_language()
    left, right = st.columns([1, 1.25], gap="large")
    with left:
        st.session_state.setdefault("save_load.mismatch", "add_module")
        name = st.radio(t("save_load_page.mismatch"), list(MISMATCHES), key="save_load.mismatch", persist_state=KEPT,
                        format_func={n: t(f"save_load_page.mismatch_{n}") for n in MISMATCHES}.get)  # this run's words
        st.session_state.setdefault("save_load.strict", True)
        strict = st.segmented_control(t("save_load_page.strict"), [True, False], required=True,
                                      format_func=lambda s: f"strict={s}", key="save_load.strict", persist_state=KEPT)
        fixed = False
        if MISMATCHES[name].fix is None:
            st.caption(t("save_load_page.no_fix"))
        else:
            fixed = st.checkbox(t("save_load_page.apply_fix"), key="save_load.fix", persist_state=KEPT,
                                help=t("save_load_page.apply_fix_help"))
    outcome = _outcome(name, strict, fixed)
    with right:
        _render_outcome(outcome)
    change = strict_change_code(name, lang) + ("\n\n" + strict_fix_code(name, lang) if fixed else "")
    st.code(change, language="python")  # the edit (and the fix) in full width: these lines are long
    _render_table(outcome)
    st.info(t(f"save_load_page.lesson_{name}"), icon=":material/lightbulb:")
    code_panel(t("save_load_page.code_heading"), "save_load.code.strict",
               lambda: strict_loading_code(name, strict, fixed, lang), caption=t("save_load_page.strict_code_caption"))


def _render_outcome(outcome) -> None:
    counts = dict(loaded=outcome.count("loaded"), total=sum(r.model_shape is not None for r in outcome.rows),
                  missing=len(outcome.missing_keys), unexpected=len(outcome.unexpected_keys))
    if outcome.error is not None:
        st.warning(t("save_load_page.strict_raised", **counts), icon=":material/error:")
        st.code("RuntimeError: " + outcome.error, language="text", wrap_lines=True)
    else:
        if counts["loaded"] == 0:  # the silent failure: worth the red
            show, key = st.error, "strict_nothing"
        elif counts["missing"] or counts["unexpected"]:
            show, key = st.info, "strict_returned"
        else:
            show, key = st.success, "strict_all"
        show(t(f"save_load_page.{key}", **counts), icon=":material/info:")
        st.code(outcome.result, language="text", wrap_lines=True)


def _render_table(outcome) -> None:
    st.table([{t("save_load_page.col_key"): row.key,
               t("save_load_page.col_in_file"): "—" if row.file_shape is None else str(list(row.file_shape)),
               t("save_load_page.col_in_model"): "—" if row.model_shape is None else str(list(row.model_shape)),
               t("save_load_page.col_fate"): f"{STATUS_ICONS[row.status]} {t(f'save_load_page.fate_{row.status}')}"}
              for row in outcome.rows], hide_index=True, width="stretch")
