"""Models: each tutorial network layer by layer, with the class that defines it."""

import streamlit as st

from ui.shell import ensure_app_navigation

ensure_app_navigation()  # first line of every page: see ui/shell.py

from core.models import create_model, get_model_info, list_models
from core.plots import parameters_per_layer
from core.snippets import model_summary_code
from core.summary import size_in_mb, summarize
from ui.i18n import current_language, t

st.title(t("pages.models.title"))
st.markdown(t("models.intro"))

labels = {n: f"{n} — {t(f'models.descriptions.{n}')}" for n in list_models()}
name = st.selectbox(t("models.picker"), list(labels), key="models.model", format_func=labels.__getitem__)
info = get_model_info(name)


@st.cache_resource
def load_summary(model_name: str):
    """Build the model once per name and summarise it; shared read-only by every session."""
    model = create_model(model_name)
    return model, summarize(model, get_model_info(model_name).input_shape)


model, rows = load_summary(name)
c1, c2, c3 = st.columns(3)
c1.metric(t("models.parameters"), f"{sum(r.parameters for r in rows):,}")
c2.metric(t("models.size"), f"{size_in_mb(model):.2f} MB")
c3.metric(t("models.input"), "×".join(map(str, info.input_shape)), help=t("models.input_help"))

table_col, chart_col = st.columns([3, 2])
with table_col:
    st.dataframe(
        [{t("models.col_layer"): r.name, t("models.col_type"): r.kind,
          t("models.col_shape"): str(list(r.output_shape)), t("models.col_parameters"): r.parameters}
         for r in rows],
        hide_index=True,
        width="stretch",
        column_config={t("models.col_parameters"): st.column_config.NumberColumn(format="localized")},
    )
with chart_col:
    figure = parameters_per_layer(rows, title=t("models.chart_title"), axis_title=t("models.chart_axis"))
    st.plotly_chart(figure, key="params-chart")

class_tab, code_tab = st.tabs([t("models.class_tab"), t("models.code_tab")])
with class_tab:
    st.caption(t("models.class_caption"))
    st.code(info.source, language="python")
with code_tab:
    st.caption(t("models.code_caption"))
    st.code(model_summary_code(name, current_language()), language="python")
