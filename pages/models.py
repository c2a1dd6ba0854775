"""Models: each tutorial network layer by layer, with the class that defines it."""

import streamlit as st

from core.models import create_model, get_model_info, list_models
from core.plots import parameters_per_layer
from core.snippets import model_summary_code
from core.summary import size_in_mb, summarize

st.title("Models")
st.markdown(
    "The networks of the tutorials, as TorchLab runs them. A **forward hook** records what each layer "
    "outputs for one image, so you can follow the shape `[N, C, H, W]` shrink from pixels to ten class scores."
)

name = st.selectbox("Model", list_models(), format_func=lambda n: f"{n} — {get_model_info(n).description}")
info = get_model_info(name)


@st.cache_resource
def load_summary(model_name: str):
    """Build the model once per name and summarise it; shared read-only by every session."""
    model = create_model(model_name)
    return model, summarize(model, get_model_info(model_name).input_shape)


model, rows = load_summary(name)
total = sum(r.parameters for r in rows)
c1, c2, c3 = st.columns(3)
c1.metric("Parameters", f"{total:,}")
c2.metric("Size (float32)", f"{size_in_mb(model):.2f} MB")
c3.metric("Input", "×".join(map(str, info.input_shape)), help="channels × height × width of one image")

table_col, chart_col = st.columns([3, 2])
with table_col:
    st.dataframe(
        [{"layer": r.name, "type": r.kind, "output shape": str(list(r.output_shape)), "parameters": r.parameters}
         for r in rows],
        hide_index=True,
        width="stretch",
        column_config={"parameters": st.column_config.NumberColumn(format="localized")},
    )
with chart_col:
    st.plotly_chart(parameters_per_layer(rows), key="params-chart")

class_tab, code_tab = st.tabs(["The class behind it", "The summary in plain PyTorch"])
with class_tab:
    st.caption("From `core/models/seeds.py`: the code TorchLab runs for this model.")
    st.code(info.source, language="python")
with code_tab:
    st.caption("A standalone script: paste it into a file and run it to print the table above.")
    st.code(model_summary_code(name), language="python")
