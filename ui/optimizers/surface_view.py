"""The 2-D loss surface: pick a surface, lr and steps; every optimizer's path drawn on the contours.

Its tab runs only when opened (ui/optimizers/optimizer_tabs.py): the contour is Plotly, which a fresh tab
of the page would otherwise load for a chart nobody has asked to see yet.

The paths are computed from the controls on every run, so they always match; the controls are
remembered (ui.common.remember), so a page switch brings back the walk that was on screen.
"""

from __future__ import annotations

import streamlit as st

from core.code.race_snippets import surface_code
from core.lessons.loss_surface import SURFACES, race_on_surface, surface_grid
from core.plots.race_surface_plots import surface_chart
from core.plots.train_plots import ChartText
from ui.common.code_expander import opened_code_expander
from ui.common.i18n import current_language, t
from ui.common.remember import KEPT
from ui.optimizers.race_lesson import render_surface_lesson

LRS = (0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5)  # holds every surface's default
SURFACE = "optimizers.surface"
CODE = "optimizers.code.surface"  # the code expander: open or closed


def _lr_key(name: str) -> str:
    return f"optimizers.surface_lr.{name}"


def _steps_key(name: str) -> str:
    return f"optimizers.steps.{name}"


@st.cache_data(show_spinner=False, max_entries=64)
def _paths(name: str, lr: float, steps: int):
    return race_on_surface(SURFACES[name], lr, steps)


@st.cache_data(show_spinner=False)
def _grid(name: str):
    return surface_grid(SURFACES[name])


def render_surface() -> None:
    controls, chart = st.columns([1, 2.2], gap="large")
    with controls:
        labels = {n: t(f"optimizers_page.surface_{n}") for n in SURFACES}  # translated now, not when called
        st.session_state.setdefault(SURFACE, next(iter(SURFACES)))
        name = st.radio(t("optimizers_page.surface"), list(SURFACES), format_func=labels.get, key=SURFACE,
                        persist_state=KEPT)
        surface = SURFACES[name]
        # keyed per surface: each one keeps its own lr and steps, starting from values that show the difference
        st.session_state.setdefault(_lr_key(name), surface.lr)
        st.session_state.setdefault(_steps_key(name), surface.steps)
        lr = st.select_slider(t("optimizers_page.lr"), LRS, key=_lr_key(name), persist_state=KEPT)
        steps = st.slider(t("optimizers_page.steps"), 10, 500, step=10, key=_steps_key(name), persist_state=KEPT)
        st.markdown(t(f"optimizers_page.lesson_{name}"))
    paths = _paths(name, lr, steps)
    with chart:
        st.plotly_chart(surface_chart(surface, _grid(name), paths, ChartText(
            t("optimizers_page.surface_title"), raw_name=t("optimizers_page.start_name"),
            smooth_name=t("optimizers_page.minimum_name"))), key="optimizers.surface_chart")
        st.dataframe({
            t("optimizers_page.col_optimizer"): [p.name for p in paths],
            t("optimizers_page.col_x"): ["—" if p.diverged else f"{p.xs[-1]:.4f}" for p in paths],
            t("optimizers_page.col_y"): ["—" if p.diverged else f"{p.ys[-1]:.4f}" for p in paths],
            t("optimizers_page.col_loss"): ["—" if p.diverged else f"{p.losses[-1]:.6f}" for p in paths],
            t("optimizers_page.col_status"): [t("optimizers_page.diverged", step=len(p.xs)) if p.diverged
                                              else t("optimizers_page.converged") for p in paths],
        }, hide_index=True, width="stretch")
        render_surface_lesson(paths)
    panel = opened_code_expander(t("optimizers_page.code_title"), CODE)  # closed: no code built or sent
    if panel is not None:
        panel.caption(t("optimizers_page.surface_code_caption"))
        panel.code(surface_code(surface, lr, steps, current_language()), language="python")
