"""The Transforms page's results: warnings about the steps, before/after and 8 random draws.

The Before picture is always shown; a pipeline that cannot run says why where After would be,
so a person sees what they started from while they fix it.
"""

from __future__ import annotations

import streamlit as st

from core.data.pipeline import STEPS, PipelineError, order_problems, run_seeded
from core.lessons.pixel_stats import displayable
from core.lessons.transform_checks import normalize_problems
from ui.common.i18n import t, t_error
from ui.common.remember import KEPT
from ui.transforms.transforms_normalize import render_histograms


def render_results(steps: list, picture) -> PipelineError | None:
    """Draw the results; returns why the pipeline cannot run on this picture, or None when it can."""
    for key, params in order_problems(steps) + normalize_problems(steps, picture):
        st.warning(t(key, **params), icon=":material/swap_vert:")
    seed = _seed_controls(steps)
    try:
        draws, error = shown_draws(steps, picture, seed, 9 if _is_random(steps) else 1), None
    except PipelineError as failure:
        draws, error = [], failure
    before, after = st.columns(2)
    _show(before, displayable(picture), t("transforms.before"))
    if error is None:
        _show(after, draws[0], t("transforms.after"))
    else:
        after.markdown(f"**{t('transforms.after')}**")
        after.error(t_error(error), icon=":material/error:")
    if not steps:
        st.info(t("transforms.empty_result"), icon=":material/playlist_add:")
    elif error is None and not _is_random(steps):
        st.info(t("transforms.no_random"), icon=":material/casino:")
    elif error is None:
        _render_draws(draws[1:])
    render_histograms(steps, picture, seed, error)
    return error


@st.cache_data(show_spinner=False, max_entries=16)
def shown_draws(steps: list, picture, seed: int, count: int) -> list:
    """The pipeline's `count` draws from `seed`, ready for st.image with their facts. The same steps, picture and
    seed give the same draws, so a rerun (a control elsewhere on the page, a new tab) takes them from here."""
    return [displayable(draw) for draw in run_seeded(steps, picture, seed, count)]


def _is_random(steps: list) -> bool:
    return any(STEPS[name].random for name, _ in steps)


def _seed_controls(steps: list) -> int:
    fixed, seed, reroll = st.columns([2, 2, 2], vertical_alignment="bottom")
    st.session_state.setdefault("tf.fixed", False)
    st.session_state.setdefault("tf.seed", 0)
    is_fixed = fixed.toggle(t("transforms.fixed_seed"), key="tf.fixed", persist_state=KEPT,
                            help=t("transforms.fixed_seed_help"))
    chosen = seed.number_input(t("transforms.seed"), 0, 2**31 - 1, key="tf.seed", persist_state=KEPT,
                               disabled=not is_fixed)
    reroll.button(t("transforms.reroll"), icon=":material/casino:", key="tf.reroll", on_click=_reroll,
                  disabled=is_fixed or not _is_random(steps), width="stretch")
    return int(chosen) if is_fixed else drawing_seed()


def drawing_seed() -> int:
    """The seed the page's draws start from: the fixed one, or a new one per Re-roll."""
    if st.session_state.get("tf.fixed"):
        return int(st.session_state.get("tf.seed", 0))
    return 1000 + st.session_state.get("tf.rolls", 0)


def _reroll() -> None:
    st.session_state["tf.rolls"] = st.session_state.get("tf.rolls", 0) + 1


def _render_draws(draws: list) -> None:
    st.markdown(f"**{t('transforms.samples')}**")
    st.caption(t("transforms.samples_caption"))
    for row in (draws[:4], draws[4:8]):
        for column, draw in zip(st.columns(4), row):
            column.image(draw[0], width="stretch")


def _show(column, shown: tuple, heading: str) -> None:
    array, facts = shown
    if facts.kind == "pil":
        caption = t("transforms.picture_pil", width=facts.shape[0], height=facts.shape[1], mode=facts.mode)
    else:
        caption = t("transforms.picture_tensor", shape=list(facts.shape), dtype=facts.mode, low=facts.low,
                    high=facts.high)
    column.markdown(f"**{heading}**")
    column.image(array, caption=caption, width="stretch")
    if facts.rescaled:
        column.caption(t("transforms.shown_rescaled"))
