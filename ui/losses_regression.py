"""The Losses page's regression half: prediction sliders against fixed targets, L1/MSE/SmoothL1 and their slopes."""

from __future__ import annotations

import streamlit as st

from core.loss_plots import curve_chart
from core.loss_snippets import numbers, regression_code
from core.losses import REDUCTIONS, START_PREDICTIONS, TARGETS, loss_curves, regression_losses
from core.train_plots import ChartText
from ui.i18n import current_language, t

CURVE_LIMIT = 3.0  # errors drawn from -3 to 3; a mark further out is drawn at the edge


@st.cache_data(show_spinner=False, max_entries=32)
def _curves(beta: float):
    return loss_curves(beta, CURVE_LIMIT)


def render_regression() -> None:
    controls, results = st.columns([1, 2.2], gap="large")
    with controls:
        reduction = st.segmented_control(t("losses_page.reduction"), list(REDUCTIONS), default="mean", required=True,
                                         key="losses.reduction", help=t("losses_page.reduction_help"))
        beta = st.slider(t("losses_page.beta"), 0.1, 3.0, 1.0, 0.1, key="losses.beta", help=t("losses_page.beta_help"))
        st.markdown(f"**{t('losses_page.predictions')}**")
        preds = [st.slider(t("losses_page.prediction", i=i, target=target), -4.0, 4.0, start, 0.1,
                           key=f"losses.pred.{i}") for i, (target, start) in enumerate(zip(TARGETS, START_PREDICTIONS))]
    results_now = regression_losses(preds, TARGETS, beta, reduction)
    per_element = regression_losses(preds, TARGETS, beta, "none")  # each prediction's own point on the curves
    with results:
        st.dataframe({
            t("losses_page.col_loss"): [r.name for r in results_now],
            t("losses_page.col_value", reduction=reduction): [numbers(r.values) for r in results_now],
            t("losses_page.col_grad"): [numbers(r.grads) for r in results_now],
        }, hide_index=True, width="stretch")
        st.caption(t("losses_page.table_caption"))
        _render_curves(preds, beta, per_element)
    with st.expander(t("losses_page.code_title"), icon=":material/code:"):
        st.caption(t("losses_page.code_caption"))
        st.code(regression_code(preds, TARGETS, beta, reduction, current_language()), language="python")


def _render_curves(preds: list[float], beta: float, per_element) -> None:
    curves = _curves(beta)
    errors = [max(-CURVE_LIMIT, min(CURVE_LIMIT, p - target)) for p, target in zip(preds, TARGETS)]
    inside = [abs(p - target) <= CURVE_LIMIT for p, target in zip(preds, TARGETS)]

    def marks(field: str) -> dict:
        return {r.name: ([e for e, ok in zip(errors, inside) if ok],
                         [v for v, ok in zip(getattr(r, field), inside) if ok]) for r in per_element}

    x_title = t("losses_page.error_axis")
    left, right = st.columns(2)
    left.plotly_chart(curve_chart(curves.errors, curves.values, marks("values"), ChartText(
        t("losses_page.curve_title"), x_title, t("losses_page.loss_axis")), (-0.1, 4.6)), key="losses.curves")
    right.plotly_chart(curve_chart(curves.errors, curves.slopes, marks("grads"), ChartText(
        t("losses_page.slope_title"), x_title, t("losses_page.slope_axis")), (-3.3, 3.3)), key="losses.slopes")
    st.info(t("losses_page.curves_lesson", beta=f"{beta:g}"), icon=":material/lightbulb:")
