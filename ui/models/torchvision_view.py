"""torchvision's VGG16 / ResNet on the Models page: the summary, head surgery before and after, the code,
and pretrained weights from a file the user has (never downloaded)."""

from __future__ import annotations

import streamlit as st
from torch import nn

from core.code.inside_snippets import torchvision_code
from core.models.checkpoints import CheckpointError
from core.models.summary import LayerRow, size_in_mb, summarize
from core.models.torchvision_models import INPUT_SHAPE, TORCHVISION_MODELS, build_torchvision, first_conv, head_surgery, \
    load_pretrained
from core.plots.feature_plots import rgb_kernels
from ui.common.code_expander import code_panel
from ui.common.i18n import current_language, t, t_error
from ui.common.remember import KEPT
from ui.common.uploader import file_uploader
from ui.models.model_summary import render_summary, render_table

TAIL = 4  # rows of the table shown before and after the surgery: the head and what feeds it
WEIGHTS = "models.weights"  # session key: (model name, file id, loaded model), one per session


@st.cache_resource
def torchvision_summary(name: str, surgery: str, classes: int) -> tuple[nn.Module, list[LayerRow]]:
    """Built on the meta device (shapes only), so even VGG16 costs milliseconds; shared read-only."""
    model = head_surgery(build_torchvision(name), name, surgery, classes)
    return model, summarize(model, INPUT_SHAPE)


def render_torchvision(name: str) -> None:
    spec = TORCHVISION_MODELS[name]
    st.caption(t("models.tv_caption", title=spec.title))
    model, rows = torchvision_summary(name, "none", 1000)
    render_summary(model, rows, INPUT_SHAPE, key=f"models-{name}")
    surgery, classes = _surgery(name, model, rows)
    weights = _weights(name)
    code_panel(t("models.tv_code_heading"), "models.tv_code",
               lambda: torchvision_code(name, surgery, classes, weights, current_language()), t("models.tv_code_caption"))


def _surgery(name: str, model: nn.Module, rows: list[LayerRow]) -> tuple[str, int]:
    st.subheader(t("models.surgery_heading"))
    st.markdown(t("models.surgery_intro"))
    choices = {"replace": t("models.surgery_replace"), "append": t("models.surgery_append")}
    how_col, classes_col = st.columns([3, 1])
    surgery = how_col.segmented_control(t("models.surgery"), list(choices), format_func=choices.get,
                                        default="replace", required=True, key="models.surgery",
                                        persist_state=KEPT)
    classes = int(classes_col.number_input(t("models.classes"), 2, 1000, 10, key="models.classes",
                                           persist_state=KEPT))
    after_model, after_rows = torchvision_summary(name, surgery, classes)
    before_col, after_col = st.columns(2)
    for column, title, shown_model, shown_rows in ((before_col, t("models.before"), model, rows),
                                                   (after_col, t("models.after"), after_model, after_rows)):
        with column:
            st.markdown(f"**{title}**")
            render_table(shown_rows[-TAIL:])
    total_before, total_after = sum(r.parameters for r in rows), sum(r.parameters for r in after_rows)
    a, b, c = st.columns(3)
    a.metric(t("models.parameters"), f"{total_after:,}", delta=f"{total_after - total_before:+,}", delta_color="off")
    b.metric(t("models.size"), f"{size_in_mb(after_model):.2f} MB",
             delta=f"{size_in_mb(after_model) - size_in_mb(model):+.2f} MB", delta_color="off")
    c.metric(t("models.output"), str(list(after_rows[-1].output_shape)))
    st.caption(t(f"models.surgery_{surgery}_explained", head=TORCHVISION_MODELS[name].head, classes=classes))
    return surgery, classes


def _weights(name: str) -> str | None:
    """An optional local .pth (e.g. torchvision's published file), checked and loaded once per session."""
    spec = TORCHVISION_MODELS[name]
    with st.expander(t("models.weights_heading"), icon=":material/upload_file:"):
        file = file_uploader(t("models.weights_upload", file=spec.weights_file), type=["pth", "pt"],
                             key=f"models.weights.{name}", help=t("models.weights_help"))
        if file is None:
            st.caption(t("models.weights_none"))
            return None
        kept = st.session_state.get(WEIGHTS)
        if kept is None or kept[:2] != (name, file.file_id):
            try:
                kept = (name, file.file_id, load_pretrained(name, file.getvalue()))
            except CheckpointError as error:
                st.error(t_error(error))
                return None
            st.session_state[WEIGHTS] = kept
        st.success(t("models.weights_loaded", title=spec.title, file=file.name))
        conv = first_conv(kept[2])
        st.plotly_chart(rgb_kernels(conv.weight, width=640), key=f"models-kernels-{name}")
        st.caption(t("models.weights_kernels", shape=list(conv.weight.shape)))
        return file.name
