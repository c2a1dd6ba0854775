"""The Autograd page's "who keeps a .grad" tabs: a non-leaf with and without retain_grad(), and a frozen module."""

from __future__ import annotations

import streamlit as st

from core.code.autograd_code import freeze_code, retain_grad_code
from core.common.typed_text import literal
from core.lessons.autograd_freeze import LAYERS, FreezeSettings, freeze_and_backward, grad_summary, make_model
from core.lessons.autograd_graph import autograd_graph, short
from core.lessons.autograd_graph_svg import graph_picture
from core.lessons.autograd_lab import AutogradSettings
from core.lessons.autograd_retain import non_leaf_choices, retain_grad_run
from ui.autograd.graph_view import show_graph
from ui.common.code_expander import code_panel
from ui.common.i18n import current_language, t, t_error
from ui.common.remember import KEPT

PIECE = "autograd.retain.piece"
RETAIN = "autograd.retain.on"
RETAIN_WIDTH = 560  # px: this tab's graph spans the page, 820 px wide in a 1280-px window and 564 in 1024
FREEZE = "autograd.freeze.all"
UNFREEZE = "autograd.freeze.unfreeze"


def render_retain_grad(settings: AutogradSettings | None) -> None:
    """Pick a non-leaf piece of the first tab's expression, toggle retain_grad(), read every tensor's facts."""
    st.markdown(t("autograd_page.retain.intro"))
    choices = non_leaf_choices(settings) if settings is not None else []
    if not choices:
        st.info(t("autograd_page.retain.none"), icon=":material/info:")
        return
    whole = choices[-1]
    st.markdown(t("autograd_page.retain.expression", expression=literal(whole)))
    if st.session_state.get(PIECE) not in choices:  # a new expression: start from its innermost piece
        st.session_state[PIECE] = choices[0]
    st.session_state.setdefault(RETAIN, False)
    left, right = st.columns([1.4, 1], vertical_alignment="bottom")
    piece = left.selectbox(t("autograd_page.retain.pick"), choices, key=PIECE, persist_state=KEPT,
                           format_func=lambda p: t("autograd_page.retain.whole", piece=p) if p == whole else f"h = {p}")
    name = "out" if piece == whole else "h"
    call = f"{name}.retain_grad()"  # code, the same in every language
    retained = right.toggle(f"`{call}`", key=RETAIN, persist_state=KEPT,
                            help=t("autograd_page.retain.toggle_help"))
    run = retain_grad_run(settings, piece, retained)
    if run.error is not None:
        st.error(t_error(run.error), icon=":material/block:")
    nodes = autograd_graph(run.output, run.leaves, run.steps, {name: run.tensors[name]})
    grads = {f.name: f.grad for f in run.facts}
    picture = graph_picture(nodes, grads, t("autograd_page.grad_word"), width=RETAIN_WIDTH)
    show_graph(picture, key="autograd.retain.graph")
    st.table({t("autograd_page.retain.col_tensor"): [f.name for f in run.facts],
              "is_leaf": [str(f.is_leaf) for f in run.facts],
              "requires_grad": [str(f.requires_grad) for f in run.facts],
              "grad_fn": [str(f.grad_fn) for f in run.facts],
              ".grad": [str(f.grad) for f in run.facts]}, hide_index=True, hide_header=False)  # static: cheaper
    if retained and grads[name] is not None:
        st.success(t("autograd_page.retain.kept", name=name, grad=literal(short(grads[name]))),
                   icon=":material/check:")
    warned = [f"{f.name}.grad" for f in run.facts if f.warned]
    if warned:
        st.warning(t("autograd_page.retain.warned", names=t("common.list_separator").join(warned)),
                   icon=":material/warning:")
        st.code(f"UserWarning: {run.warning}", language="text", wrap_lines=True)
    st.caption(t("autograd_page.retain.why"))
    code_panel(t("autograd_page.code_heading"), "autograd.code.retain",
               lambda: retain_grad_code(settings, piece, retained, current_language()))


def _layer_name(model, index: int) -> str:
    layer = model[index]
    return f"model[{index}] · Linear({layer.in_features}, {layer.out_features})"


def render_freeze() -> None:
    """model.requires_grad_(False), then requires_grad_(True) on chosen layers; who gets a .grad after backward."""
    st.markdown(t("autograd_page.freeze.intro"))
    model = make_model()
    st.code(repr(model), language="text")
    st.session_state.setdefault(FREEZE, True)
    st.session_state.setdefault(UNFREEZE, [2])
    left, right = st.columns([1, 1.4], vertical_alignment="bottom")
    frozen = left.toggle("`model.requires_grad_(False)`", key=FREEZE, persist_state=KEPT,
                         help=t("autograd_page.freeze.freeze_help"))
    chosen = right.pills(t("autograd_page.freeze.unfreeze"), list(LAYERS), selection_mode="multi", key=UNFREEZE,
                         persist_state=KEPT, disabled=not frozen, format_func=lambda i: _layer_name(model, i),
                         help=t("autograd_page.freeze.unfreeze_help"))
    settings = FreezeSettings(frozen, tuple(sorted(chosen)) if frozen else ())
    run = freeze_and_backward(settings)
    st.metric(t("autograd_page.freeze.trainable"), f"{run.trainable} / {run.total}")
    if run.error is not None:
        st.error(t_error(run.error), icon=":material/block:")
        st.code(f"RuntimeError: {run.error.torch_message}", language="text", wrap_lines=True)
    st.table({t("autograd_page.freeze.col_parameter"): [p.name for p in run.parameters],
              t("autograd_page.freeze.col_shape"): [str(list(p.shape)) for p in run.parameters],
              t("autograd_page.freeze.col_numel"): [p.numel for p in run.parameters],
              "requires_grad": [str(p.requires_grad) for p in run.parameters],
              t("autograd_page.freeze.col_grad"): [grad_summary(p.grad) for p in run.parameters]},
             hide_index=True, hide_header=False)
    st.caption(t("autograd_page.freeze.through"))
    code_panel(t("autograd_page.code_heading"), "autograd.code.freeze",
               lambda: freeze_code(settings, current_language()))
