"""The Losses page's two-class tab: one logit, BCELoss(sigmoid) against BCEWithLogitsLoss, pos_weight, 2-output CE."""

from __future__ import annotations

import streamlit as st

from core.code.loss_snippets import binary_code, figure
from core.lessons.bce import DTYPES, GRAD_EPS, LOGIT_RANGE, binary_curves, binary_losses, saturation_logit
from core.plots.bce_plots import HEIGHT, binary_chart
from core.plots.train_plots import ChartText
from ui.common.code_expander import code_panel
from ui.common.echart import show_echart
from ui.common.i18n import current_language, t
from ui.common.markdown_table import code_cell, markdown_table
from ui.common.remember import KEPT

JUMPS = (2.0, 12.0, 17.0, 20.0, 50.0, 100.0, -30.0, -90.0, -105.0)  # where BCELoss agrees, drifts, saturates, clamps
KEY = "losses.bce."


@st.cache_data(show_spinner=False, max_entries=8)
def _curves(target: int, dtype: str):
    return binary_curves(target, dtype)


def _jump() -> None:
    """A pill sets the slider, then lets go, so the same pill can be pressed again later."""
    chosen = st.session_state.get(KEY + "jump")
    if chosen is not None:
        st.session_state[KEY + "logit"] = chosen
        st.session_state[KEY + "jump"] = None


def render_binary() -> None:
    st.markdown(t("losses_page.bce_intro"))
    top, charts, lesson = st.container(), st.container(), st.container()
    weighted, two = st.columns(2, gap="large")
    with weighted:  # drawn here, read first: every number below needs it
        st.subheader(t("losses_page.bce_pos_weight_title"))
        st.session_state.setdefault(KEY + "pos_weight", 3.0)
        pos_weight = st.slider("`pos_weight`", 0.1, 10.0, step=0.1, key=KEY + "pos_weight", persist_state=KEPT,
                               help=t("losses_page.bce_pos_weight_help"))
    with top:  # the slider spans the page: 220 logits wide, every quarter reachable by dragging
        st.session_state.setdefault(KEY + "logit", 2.0)
        logit = st.slider(t("losses_page.bce_logit"), *LOGIT_RANGE, step=0.25, key=KEY + "logit", persist_state=KEPT,
                          help=t("losses_page.bce_logit_help"))
        st.pills(t("losses_page.bce_jump"), JUMPS, format_func=lambda v: f"{v:g}", key=KEY + "jump",
                 on_change=_jump, persist_state=KEPT)
    controls, results = top.columns([1, 2.2], gap="large")
    with controls:
        st.session_state.setdefault(KEY + "target", 0)
        target = st.segmented_control(t("losses_page.bce_target"), [0, 1], required=True, key=KEY + "target",
                                      persist_state=KEPT)
        st.session_state.setdefault(KEY + "dtype", "float32")
        dtype = st.segmented_control("`dtype`", list(DTYPES), required=True, key=KEY + "dtype", persist_state=KEPT,
                                     help=t("losses_page.bce_dtype_help"))
    r = binary_losses(logit, target, dtype, pos_weight)
    with results:
        st.metric(t("losses_page.bce_probability", dtype=dtype), repr(r.probability))
        st.markdown(markdown_table(  # markdown: no Arrow code on a fresh tab (ui/common/markdown_table.py)
            [t("losses_page.col_loss"), t("losses_page.bce_col_value"), t("losses_page.bce_col_grad")],
            [[code_cell("BCELoss(sigmoid(logit))"), figure(r.bce), figure(r.bce_grad)],
             [code_cell("BCEWithLogitsLoss(logit)"), figure(r.with_logits), figure(r.with_logits_grad)]]))
        _render_verdict(r)
    with charts:
        _render_charts(r)
    lesson.info(t("losses_page.bce_lesson", sat=f"{saturation_logit('float32'):g}"), icon=":material/lightbulb:")
    with weighted:
        a, b = st.columns(2)
        a.metric(t("losses_page.bce_loss_metric"), figure(r.weighted))
        b.metric(t("losses_page.bce_grad_metric"), figure(r.weighted_grad))
        st.caption(t(f"losses_page.bce_pos_weight_on_{target}", w=f"{pos_weight:g}", loss=figure(r.with_logits),
                     grad=figure(r.with_logits_grad)))
    with two:
        st.subheader(t("losses_page.bce_two_title"))
        a, b = st.columns(2)
        a.metric(t("losses_page.bce_loss_metric"), figure(r.cross_entropy))
        b.metric(t("losses_page.bce_grad_metric"), figure(r.cross_entropy_grad))
        st.caption(t("losses_page.bce_two_caption", loss=figure(r.with_logits), grad=figure(r.with_logits_grad)))
    code_panel(t("losses_page.code_title"), "losses.code.binary",
               lambda: binary_code(logit, target, dtype, pos_weight, current_language()),
               caption=t("losses_page.code_caption"))


def _render_verdict(r) -> None:
    values = dict(z=f"{r.logit:g}", p=repr(r.probability), dtype=r.dtype, bce=figure(r.bce),
                  exact=figure(r.with_logits),
                  bce_grad=figure(r.bce_grad), exact_grad=figure(r.with_logits_grad), pq=f"{r.p_times_q:.3g}",
                  eps=f"{GRAD_EPS:g}", sat=f"{saturation_logit(r.dtype):g}")
    verdict = r.verdict
    if verdict == "agree":
        st.success(t("losses_page.bce_agree", **values) + " " + t(f"losses_page.bce_hint_{r.target}", **values),
                   icon=":material/check_circle:")
    else:
        show = st.error if verdict in ("saturated", "log_clamp") else st.warning
        show(t(f"losses_page.bce_{verdict}", **values), icon=":material/warning:")


def _render_charts(r) -> None:
    curves = _curves(r.target, r.dtype)
    x_title = t("losses_page.bce_logit_axis")
    names = dict(raw_name="BCELoss(sigmoid)", smooth_name="BCEWithLogitsLoss")
    left, right = st.columns(2)
    show_echart(binary_chart(curves.logits, curves.bce, curves.with_logits, (r.logit, r.bce, r.with_logits),
                             ChartText(t("losses_page.bce_loss_title", target=r.target, dtype=r.dtype), x_title,
                                       t("losses_page.bce_loss_axis"), **names)), "losses.bce.losses", HEIGHT, left)
    show_echart(binary_chart(curves.logits, curves.bce_grad, curves.with_logits_grad,
                             (r.logit, r.bce_grad, r.with_logits_grad),
                             ChartText(t("losses_page.bce_grad_title"), x_title, t("losses_page.bce_grad_axis"),
                                       **names), (-1.15, 1.15)), "losses.bce.grads", HEIGHT, right)
    st.caption(t("losses_page.bce_chart_caption"))
