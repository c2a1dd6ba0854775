"""The Models page's "Build your own nn.Module" tab: compose a module, read its class, watch what model(x)
calls, list named_parameters(), children() and modules(); nn.init follows (own_module_init)."""

from __future__ import annotations

import streamlit as st

from core.code.module_snippets import class_source, module_script
from core.lessons.own_module import (ACTIVATIONS, CLASS_NAMES, KINDS, LAYOUTS, VARIABLES, NetSpec, build_net,
                                     child_list, describe, freeze_all_but_head, module_list, parameter_rows,
                                     trace_call, trace_line)
from ui.common.i18n import current_language, t
from ui.common.remember import KEPT
from ui.models.own_module_init import render_init

CHANNELS = [4, 8, 16, 32]
ACTIVATION_NAMES = {"relu": "ReLU", "leaky_relu": "LeakyReLU", "tanh": "Tanh", "sigmoid": "Sigmoid", "gelu": "GELU"}


def select_spec() -> NetSpec:
    """The module to build: seed 002's Tudui, or a SmallNet from four choices."""
    kind = st.segmented_control(t("own_module.kind"), KINDS, format_func=lambda k: t(f"own_module.kind_{k}"),
                                default="tudui", required=True, key="models.own.kind", persist_state=KEPT)
    if kind == "tudui":
        value = st.columns([1, 3])[0].number_input(t("own_module.value"), -1e6, 1e6, 1.0, step=0.5,
                                                   key="models.own.value", persist_state=KEPT,
                                                   help=t("own_module.value_help"))
        return NetSpec("tudui", value=float(value))
    a, b, c, d = st.columns([1.2, 1.2, 1, 1.6])
    channels = a.select_slider(t("own_module.channels"), CHANNELS, value=8, key="models.own.channels",
                               persist_state=KEPT, help=t("own_module.channels_help"))
    blocks = b.slider(t("own_module.blocks"), 1, 4, 2, key="models.own.blocks", persist_state=KEPT,
                      help=t("own_module.blocks_help"))
    activation = c.selectbox(t("own_module.activation"), list(ACTIVATIONS), format_func=ACTIVATION_NAMES.get,
                             key="models.own.activation", persist_state=KEPT)
    layout = d.segmented_control(t("own_module.layout"), LAYOUTS, format_func=lambda k: t(f"own_module.layout_{k}"),
                                 default="sequential", required=True, key="models.own.layout", persist_state=KEPT)
    return NetSpec("convnet", channels, blocks, activation, layout)


def render_own_module() -> None:
    st.markdown(t("own_module.intro"))
    spec = select_spec()
    lang = current_language()
    model, x = build_net(spec)
    var, cls = VARIABLES[spec.kind], CLASS_NAMES[spec.kind]

    st.subheader(t("own_module.class_heading", cls=cls))
    code_col, notes_col = st.columns([2, 1], gap="medium")
    code_col.code(class_source(spec, lang), language="python")
    notes_col.markdown(t(f"own_module.class_notes_{spec.kind}"))

    direct = _render_call(model, x, var)
    frozen = _render_parameters(model, spec, var)
    _render_children(model, spec, var)
    scheme, std, layer = render_init(spec)
    with st.expander(t("own_module.code_heading"), icon=":material/code:"):
        st.caption(t("own_module.code_caption"))
        st.code(module_script(spec, direct, frozen, scheme, std, layer, lang), language="python")


def _render_call(model, x, var: str) -> bool:
    st.subheader(t("own_module.call_heading", var=var))
    direct = st.toggle(t("own_module.direct", var=var), key="models.own.direct", persist_state=KEPT,
                       help=t("own_module.direct_help"))
    calls, out = trace_call(model, x, direct)
    st.code("\n".join(trace_line(call, var) for call in calls) or t("own_module.no_hooks"), language="text")
    st.markdown(t("own_module.call_out", var=var, call=f"{var}.forward(x)" if direct else f"{var}(x)",
                  out=describe(out)))
    if direct:
        st.warning(t("own_module.direct_warning", var=var), icon=":material/warning:")
    else:
        st.caption(t("own_module.call_explained", var=var))
    return direct


def _render_parameters(model, spec: NetSpec, var: str) -> bool:
    st.subheader(t("own_module.parameters_heading"))
    frozen = False
    if spec.kind == "convnet":
        frozen = st.toggle(t("own_module.freeze"), key="models.own.frozen", persist_state=KEPT,
                           help=t("own_module.freeze_help"))
        if frozen:
            freeze_all_but_head(model)
    rows = parameter_rows(model)
    if not rows:
        st.info(t("own_module.no_parameters", var=var), icon=":material/info:")
        return frozen
    table_col, totals_col = st.columns([3, 1])
    table_col.dataframe([{t("own_module.col_name"): r.name, t("own_module.col_shape"): str(list(r.shape)),
                          "requires_grad": r.requires_grad, t("own_module.col_numel"): r.numel} for r in rows],
                        hide_index=True, width="stretch",
                        column_config={t("own_module.col_numel"): st.column_config.NumberColumn(format="localized")})
    total, trainable = sum(r.numel for r in rows), sum(r.numel for r in rows if r.requires_grad)
    totals_col.metric(t("own_module.total"), f"{total:,}")
    totals_col.metric(t("own_module.trainable"), f"{trainable:,}")
    st.caption(t("own_module.parameters_explained", var=var))
    return frozen


def _render_children(model, spec: NetSpec, var: str) -> None:
    st.subheader(t("own_module.children_heading"))
    children, modules = child_list(model), module_list(model)
    left, right = st.columns(2)
    for column, call, entries in ((left, f"{var}.named_children()", children),
                                  (right, f"{var}.named_modules()", modules)):
        column.markdown(t("own_module.listed", call=call, count=len(entries)))
        column.code("\n".join(f"{name!r:<14} {kind}" for name, kind in entries) or "[]", language="text")
    case = "tudui" if spec.kind == "tudui" else spec.layout
    st.caption(t(f"own_module.children_explained_{case}"))
