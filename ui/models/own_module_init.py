"""nn.init on the module the learner built: a scheme, a weight's histogram before and after, the std each
formula promises beside the std measured, and the activations' spread layer by layer."""

from __future__ import annotations

import streamlit as st

from core.lessons.own_module import NetSpec
from core.lessons.own_module_init import SCHEMES, compare_init, weight_names
from core.plots.module_plots import spread_chart, weight_histogram
from core.plots.train_plots import ChartText
from ui.common.i18n import t
from ui.common.remember import KEPT

STDS = [0.001, 0.01, 0.05, 0.1, 0.5, 1.0]  # normal_'s std: from vanishing activations to exploding ones


@st.cache_data(show_spinner=False, max_entries=64)
def _compare(spec: NetSpec, scheme: str, std: float, layer: str | None):
    return compare_init(spec, scheme, std, layer)


def render_init(spec: NetSpec) -> tuple[str, float, str]:
    """The section; returns (scheme, std, weight shown) for the page's script."""
    st.subheader(t("own_module.init_heading"))
    if spec.kind != "convnet":
        st.info(t("own_module.init_tudui"), icon=":material/info:")
        return "kaiming_normal_", 0.01, ""
    st.markdown(t("own_module.init_intro"))
    scheme = st.segmented_control(t("own_module.scheme"), SCHEMES, default="kaiming_normal_", required=True,
                                  key="models.own.scheme", persist_state=KEPT, help=t("own_module.scheme_help"))
    std_col, layer_col = st.columns(2)
    std = std_col.select_slider(t("own_module.std"), STDS, value=0.01, key="models.own.std", persist_state=KEPT,
                                disabled=scheme != "normal_", help=t("own_module.std_help"))
    layer = layer_col.selectbox(t("own_module.layer"), weight_names(spec), key="models.own.layer",
                                persist_state=KEPT)
    result = _compare(spec, scheme, std, layer)

    before, after = t("own_module.before"), t("own_module.after", scheme=scheme)
    hist_col, spread_col = st.columns(2)
    hist_col.plotly_chart(weight_histogram(
        result.limit, {before: result.counts_before, after: result.counts_after},
        {t("own_module.expected", name=before): result.expected_before,
         t("own_module.expected", name=after): result.expected_after},
        ChartText(t("own_module.histogram_title", layer=result.layer), t("own_module.weight_axis"),
                  t("own_module.count_axis"))), key="models.own.histogram")
    spread = result.spread
    spread_col.plotly_chart(spread_chart(
        [name for name, *_ in spread], [b for *_, b, _ in spread], [a for *_, a in spread], (before, after),
        ChartText(t("own_module.spread_title"), t("own_module.layer_axis"), t("own_module.std_axis"))),
        key="models.own.spread")

    st.dataframe([{t("own_module.col_weight"): w.name, "fan_in": w.fan_in, "fan_out": w.fan_out,
                   t("own_module.col_default_formula"): f"{w.expected_before:.4f}",
                   t("own_module.col_default_measured"): f"{w.std_before:.4f}",
                   t("own_module.col_after_formula", scheme=scheme): f"{w.expected_after:.4f}",
                   t("own_module.col_after_measured", scheme=scheme): f"{w.std_after:.4f}"} for w in result.weights],
                 hide_index=True, width="stretch")
    last = spread[-1]
    st.caption(t("own_module.init_formulas"))
    st.info(t(f"own_module.lesson_{scheme}", before=f"{last[2]:.3g}", after=f"{last[3]:.3g}"),
            icon=":material/lightbulb:")
    return scheme, std, result.layer
