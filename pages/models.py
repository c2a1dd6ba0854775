"""Models: each tutorial network layer by layer, torchvision's VGG16 and ResNets, head surgery, and a module
of your own (its class, what model(x) calls, its parameters and nn.init)."""

import streamlit as st

from ui.common.shell import ensure_app_navigation

ensure_app_navigation()  # first line of every page: see ui/common/shell.py

from core.code.snippets import model_summary_code  # noqa: E402
from core.models import create_model, get_model_info, list_models  # noqa: E402
from core.models.summary import summarize  # noqa: E402
from core.models.torchvision_models import TORCHVISION_MODELS  # noqa: E402
from core.models.transfer import is_transfer  # noqa: E402
from ui.common.code_expander import code_panel  # noqa: E402
from ui.common.i18n import current_language, t  # noqa: E402
from ui.common.lazy_tabs import draw_open_tab  # noqa: E402
from ui.common.remember import KEPT  # noqa: E402
from ui.models.model_summary import render_summary  # noqa: E402
from ui.models.own_module_view import render_own_module  # noqa: E402
from ui.models.torchvision_view import render_torchvision  # noqa: E402

st.title(t("pages.models.title"))


@st.cache_resource
def load_summary(model_name: str):
    """Build the model once per name and summarise it; shared read-only by every session."""
    model = create_model(model_name)
    return model, summarize(model, get_model_info(model_name).input_shape)


def render_networks() -> None:
    st.markdown(t("models.intro"))
    ours = [n for n in list_models() if not is_transfer(n)]  # the transfer nets are torchvision's, listed below
    labels = {n: f"{n} — {t(f'models.descriptions.{n}')}" for n in [*ours, *TORCHVISION_MODELS]}
    name = st.selectbox(t("models.picker"), list(labels), key="models.model", persist_state=KEPT,
                        format_func=labels.__getitem__)
    if name in TORCHVISION_MODELS:
        render_torchvision(name)
        return
    info = get_model_info(name)
    model, rows = load_summary(name)
    render_summary(model, rows, info.input_shape, key=f"models-{name}")
    code_panel(t("models.class_panel"), "models.class_code", lambda: info.source, t("models.class_caption"))
    code_panel(t("models.code_panel"), "models.summary_code", lambda: model_summary_code(name, current_language()),
               t("models.code_caption"))


# only the open tab runs, and the page comes back on it (ui/common/lazy_tabs.py)
draw_open_tab("models.view", "models.tab_", {"networks": render_networks, "own": render_own_module})
