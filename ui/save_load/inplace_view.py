"""The Save & load page's nn.ReLU(inplace=True) section: what it overwrites, and when autograd objects."""

from __future__ import annotations

import streamlit as st

from core.code.save_load_snippets import relu_inplace_code
from core.lessons.inplace_lab import DEFAULT_VALUES, PRECEDING, ValuesError, apply_relu, parse_values, relu_backward
from ui.common.code_expander import code_panel
from ui.common.i18n import current_language, t, t_error
from ui.common.remember import KEPT


def _numbers(values: list[float]) -> list[str]:
    return [f"{v + 0.0:g}" for v in values]


def render_relu_inplace() -> None:
    st.header(t("save_load_page.inplace_heading"), divider="gray")
    st.markdown(t("save_load_page.inplace_intro"))
    left, right = st.columns([1, 1.8], gap="large")
    with left:
        st.session_state.setdefault("save_load.relu_values", DEFAULT_VALUES)
        text = st.text_input(t("save_load_page.relu_values"), key="save_load.relu_values", persist_state=KEPT,
                             help=t("save_load_page.relu_values_help"))
        st.session_state.setdefault("save_load.inplace", True)
        inplace = st.segmented_control(t("save_load_page.inplace_choice"), [True, False], required=True,
                                       format_func=lambda v: f"inplace={v}", key="save_load.inplace",
                                       persist_state=KEPT)
    try:
        values = parse_values(text)
    except ValuesError as error:
        right.error(t_error(error), icon=":material/block:")
        return
    r = apply_relu(values, inplace)
    with right:
        rows = [t("save_load_page.relu_x_before"), t("save_load_page.relu_x_after"), t("save_load_page.relu_y")]
        st.table({t("save_load_page.relu_tensor"): rows,
                  **{f"[{i}]": [b, a, y] for i, (b, a, y) in
                     enumerate(zip(_numbers(r.before), _numbers(r.after), _numbers(r.output)))}},
                 hide_index=True, width="stretch")
        a, b, c = st.columns(3)
        a.metric(t("save_load_page.relu_same_object"), str(r.same_object), help="`y is x`")
        b.metric(t("save_load_page.relu_same_memory"), str(r.same_memory), help="`y.data_ptr() == x.data_ptr()`")
        c.metric("`x._version`", f"{r.version_before} → {r.version_after}",
                 help=t("save_load_page.relu_version_help"))
    st.info(t(f"save_load_page.inplace_truth_{str(inplace).lower()}"), icon=":material/fact_check:")
    preceding = _render_autograd(values, inplace)
    code_panel(t("save_load_page.code_heading"), "save_load.code.relu",
               lambda: relu_inplace_code(values, inplace, preceding, current_language()),
               caption=t("save_load_page.inplace_code_caption"))


def _render_autograd(values: list[float], inplace: bool) -> str:
    """w → (w * 2, sigmoid(w) or w) → ReLU → backward(): the gradient, or autograd's refusal. Returns the op."""
    st.subheader(t("save_load_page.autograd_heading"))
    st.session_state.setdefault("save_load.relu_input", "sigmoid")
    preceding = st.segmented_control(t("save_load_page.relu_input"), list(PRECEDING), required=True,
                                     format_func={p: t(f"save_load_page.relu_input_{p}") for p in PRECEDING}.get,
                                     key="save_load.relu_input", persist_state=KEPT)
    outcome = relu_backward(values, preceding, inplace)
    if outcome.error is None:
        st.success(t("save_load_page.relu_ok_inplace" if inplace else "save_load_page.relu_ok_copy",
                     grad=", ".join(_numbers(outcome.grad))), icon=":material/check_circle:")
    else:
        st.warning(t(f"save_load_page.relu_fails_{outcome.failed_in}"), icon=":material/error:")
        st.code("RuntimeError: " + outcome.error, language="text", wrap_lines=True)
    return preceding
