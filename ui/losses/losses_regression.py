"""The Losses page's regression half: prediction sliders against fixed targets, L1/MSE/SmoothL1 and their slopes."""

from __future__ import annotations

import streamlit as st

from core.code.loss_snippets import numbers, regression_code
from core.lessons.losses import (PREDICTION_RANGE, REDUCTIONS, START_PREDICTIONS, TARGETS, error_limit, loss_curves,
                         regression_losses)
from core.plots.loss_plots import CURVE_HEIGHT, curve_chart
from core.plots.train_plots import ChartText
from ui.common.code_expander import code_panel
from ui.common.echart import show_echart
from ui.common.i18n import current_language, t
from ui.common.markdown_table import markdown_table
from ui.common.remember import KEPT

VIEW = (-3.0, 3.0)  # errors the charts show at least; they widen to keep every prediction in sight
CURVE_POINTS = 481  # 0.025 apart over the sliders' ±6 of error: SmoothL1's bend stays smooth at beta 0.1


@st.cache_data(show_spinner=False, max_entries=64)
def _curves(beta: float, reduction: str):
    return loss_curves(beta, error_limit(), CURVE_POINTS, reduction, len(TARGETS))


def render_regression() -> None:
    controls, results = st.columns([1, 2.2], gap="large")
    with controls:
        st.session_state.setdefault("losses.reduction", "mean")
        reduction = st.segmented_control(t("losses_page.reduction"), list(REDUCTIONS), required=True,
                                         key="losses.reduction", persist_state=KEPT,
                                         help=t("losses_page.reduction_help"))
        st.session_state.setdefault("losses.beta", 1.0)
        beta = st.slider(t("losses_page.beta"), 0.1, 3.0, step=0.1, key="losses.beta", persist_state=KEPT,
                         help=t("losses_page.beta_help"))
        st.markdown(f"**{t('losses_page.predictions')}**")
        preds = []
        for i, (target, start) in enumerate(zip(TARGETS, START_PREDICTIONS)):
            st.session_state.setdefault(f"losses.pred.{i}", start)
            preds.append(st.slider(t("losses_page.prediction", i=i, target=target), *PREDICTION_RANGE, step=0.1,
                                   key=f"losses.pred.{i}", persist_state=KEPT))
    results_now = regression_losses(preds, TARGETS, beta, reduction)
    per_element = regression_losses(preds, TARGETS, beta, "none")  # each prediction's own loss on the curves
    with results:
        st.markdown(markdown_table(  # markdown: no Arrow code on a fresh tab (ui/common/markdown_table.py)
            [t("losses_page.col_loss"), t("losses_page.col_value", reduction=reduction),
             t("losses_page.col_grad", reduction=reduction)],
            [[r.name, numbers(r.values), numbers(r.grads)] for r in results_now]))
        st.caption(t("losses_page.table_caption"))
        _render_curves(preds, beta, reduction, per_element, results_now)
    code_panel(t("losses_page.code_title"), "losses.code.regression",
               lambda: regression_code(preds, TARGETS, beta, reduction, current_language()),
               caption=t("losses_page.code_caption"))


def _render_curves(preds: list[float], beta: float, reduction: str, per_element, reduced) -> None:
    """Left: each prediction's own loss (reduction='none'). Right: the gradient the table shows, same reduction."""
    curves = _curves(beta, reduction)
    errors = [p - target for p, target in zip(preds, TARGETS)]
    x_title = t("losses_page.error_axis")
    left, right = st.columns(2)
    show_echart(curve_chart(curves.errors, curves.values, {r.name: (errors, r.values) for r in per_element},
                            ChartText(t("losses_page.curve_title"), x_title, t("losses_page.loss_axis")),
                            (-0.1, 4.6), VIEW), "losses.curves", CURVE_HEIGHT, left)
    show_echart(curve_chart(curves.errors, curves.slopes, {r.name: (errors, r.grads) for r in reduced},
                            ChartText(t("losses_page.slope_title", reduction=reduction), x_title,
                                      t("losses_page.slope_axis")),
                            (-3.3, 3.3), VIEW), "losses.slopes", CURVE_HEIGHT, right)
    st.caption(t(f"losses_page.slope_note_{reduction}", count=len(TARGETS)))
    st.info(t("losses_page.curves_lesson", beta=f"{beta:g}"), icon=":material/lightbulb:")
