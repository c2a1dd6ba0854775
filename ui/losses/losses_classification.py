"""The Losses page's classification half: logit sliders, softmax, CrossEntropy = NLL∘log_softmax, its gradient."""

from __future__ import annotations

import streamlit as st

from core.code.loss_snippets import classification_code, numbers
from core.lessons.losses import classify
from core.plots.loss_plots import BAR_HEIGHT, gradient_chart, probability_chart
from core.plots.train_plots import ChartText
from ui.common.code_expander import code_panel
from ui.common.echart import show_echart
from ui.common.i18n import current_language, t
from ui.common.remember import KEPT

START_LOGITS = (2.0, 1.0, 0.1, -1.0, 0.5, -2.0, 1.5, 0.0, -0.5, 3.0)  # one per possible class
PER_ROW = 5  # logit sliders side by side


def render_classification() -> None:
    top = st.columns([1, 1, 2])
    st.session_state.setdefault("losses.classes", 4)
    classes = top[0].slider(t("losses_page.classes"), 3, 10, key="losses.classes", persist_state=KEPT)
    if st.session_state.setdefault("losses.target", 0) >= classes:  # fewer classes than the chosen one: back to class 0
        st.session_state["losses.target"] = 0
    target = top[1].selectbox(t("losses_page.target"), list(range(classes)), key="losses.target", persist_state=KEPT)
    top[2].markdown(t("losses_page.logits_intro"))
    logits = []
    for row in range(0, classes, PER_ROW):
        for i, col in zip(range(row, min(row + PER_ROW, classes)), st.columns(PER_ROW)):
            st.session_state.setdefault(f"losses.logit.{i}", START_LOGITS[i])
            logits.append(col.slider(t("losses_page.logit", i=i), -6.0, 6.0, step=0.1, key=f"losses.logit.{i}",
                                     persist_state=KEPT))
    r = classify(logits, target)

    ce, nll, gap = st.columns(3)
    ce.metric(t("losses_page.ce"), f"{r.cross_entropy:.6f}")
    nll.metric(t("losses_page.nll"), f"{r.nll:.6f}")
    gap.metric(t("losses_page.gap"), f"{r.identity_gap:.1e}")
    st.caption(t("losses_page.identity", p=f"{r.probabilities[target]:.4f}"))
    left, right = st.columns(2)
    show_echart(probability_chart(r.probabilities, target, ChartText(
        t("losses_page.prob_title"), t("losses_page.class_axis"), t("losses_page.prob_axis"))), "losses.probs",
        BAR_HEIGHT, left)
    show_echart(gradient_chart(r.grad, r.expected_grad, ChartText(
        t("losses_page.grad_title"), t("losses_page.class_axis"), t("losses_page.grad_axis"),
        t("losses_page.grad_autograd"), t("losses_page.grad_formula"))), "losses.grads", BAR_HEIGHT, right)
    check = t("losses_page.grad_check", gap=f"{r.grad_gap:.1e}", grad=numbers(r.grad))
    (st.success if r.grad_gap < 1e-5 else st.error)(check, icon=":material/check_circle:")
    _render_mistakes(r)
    code_panel(t("losses_page.code_title"), "losses.code.classification",
               lambda: classification_code(logits, target, current_language()), caption=t("losses_page.code_caption"))


def _render_mistakes(r) -> None:
    st.subheader(t("losses_page.mistakes_title"))
    right, raw, soft = st.columns(3)
    right.metric(t("losses_page.nll_right"), f"{r.nll:.6f}")
    raw.metric(t("losses_page.nll_logits"), f"{r.nll_on_logits:.6f}")
    soft.metric(t("losses_page.nll_softmax"), f"{r.nll_on_probabilities:.6f}")
    st.warning(t("losses_page.mistakes_lesson"), icon=":material/warning:")
