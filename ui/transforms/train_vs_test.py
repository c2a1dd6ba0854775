"""The Transforms page's "Training vs test": the learner's pipeline beside seed 004's fixed test pipeline on
the same picture, drawn twice each; why randomness stays out of evaluation; the shipped model scored
three times through each; and the two pipelines as seed 004 writes them."""

from __future__ import annotations

import json
from dataclasses import dataclass

import streamlit as st

from core.code.train_test_code import train_test_code
from core.data.loading import DatasetMissing, load_split
from core.data.pipeline import PipelineError
from core.lessons.pixel_stats import displayable
from core.lessons.transform_misfits import PictureKind
from core.lessons.transform_train_test import (draw_pair, evaluation_pipeline, is_random, repeated_scores,
                                               training_pipeline)
from core.models.checkpoints import CheckpointError
from ui.common.code_expander import code_panel
from ui.common.i18n import current_language, t, t_error

SCORED_DIGITS = 500  # MNIST test digits per evaluation: ~0.2 s each through a pipeline on 2 cores
SCORED = "tf.pair.scored"  # the pipeline (as JSON) whose scores the page shows


def render_train_vs_test(steps: list, picture, kind: PictureKind, dataset: str | None, seed: int,
                         error: PipelineError | None) -> None:
    st.subheader(t("transforms.pair.heading"))
    st.markdown(t("transforms.pair.intro"))
    test_steps = evaluation_pipeline(kind, steps)
    train_steps, added = training_pipeline(steps, test_steps)
    if picture is None:
        st.info(t("transforms.pair.no_picture"), icon=":material/compare:")
    elif error is not None:
        st.info(t("transforms.pair.waiting"), icon=":material/compare:")
    else:
        _render_pair(steps, train_steps, added, test_steps, picture, kind, seed)
    st.markdown(t("transforms.pair.why"))
    st.markdown(t("transforms.pair.modes"))
    _render_scores(steps)
    code_panel(t("transforms.pair.code_heading"), "tf.pair.code",
               lambda: train_test_code(train_steps, added, test_steps, dataset, seed, current_language()),
               caption=t("transforms.pair.code_caption"))


def _render_pair(steps, train_steps, added, test_steps, picture, kind, seed) -> None:
    try:
        pair = _pair(train_steps, test_steps, picture, seed)
    except PipelineError as failure:  # the finished pipeline fails where the learner's ran (a 3-value Normalize...)
        st.error(t_error(failure), icon=":material/error:")
        return
    train, test = st.columns(2, gap="large", border=True)
    with train:
        st.markdown(f"**{t('transforms.pair.train_title')}** :orange-badge[{t('transforms.random_badge')}]")
        st.markdown(_chain(train_steps, added))
        if added:
            st.caption(t("transforms.pair.added"))
        _render_draws(pair.train)
        if not is_random(train_steps):
            st.markdown(t("transforms.pair.train_not_random"))
        else:
            verdict = "train_same_by_chance" if pair.train_same else "train_differs"
            st.markdown(t(f"transforms.pair.{verdict}"))
    with test:
        st.markdown(f"**{t('transforms.pair.test_title')}**")
        st.markdown(_chain(test_steps, 0))
        sized = kind.name == "photo"
        st.caption(t("transforms.pair.test_sized") if sized else t("transforms.pair.test_native", title=kind.title))
        _render_draws(pair.test)
        if pair.test_same:
            st.markdown(t("transforms.pair.test_same"))
    shared = any(name == "Normalize" for name, _ in steps)
    st.caption(t("transforms.pair.normalize_shared") if shared
               else t("transforms.pair.normalize_own", title=kind.title))
    shape = lambda dims: str(list(dims))  # noqa: E731  as PyTorch prints a shape: [3, 224, 224]
    if pair.train_shape == pair.test_shape:
        st.success(t("transforms.pair.sizes_match", shape=shape(pair.train_shape)), icon=":material/check_circle:")
    else:
        st.warning(t("transforms.pair.sizes_differ", train=shape(pair.train_shape), test=shape(pair.test_shape)),
                   icon=":material/aspect_ratio:")


@dataclass(frozen=True)
class ShownPair:
    """What the section shows of a PairDraws: each draw ready for st.image with its facts, and the verdicts."""

    train: list  # (array, facts) per draw
    test: list
    train_same: bool
    test_same: bool
    train_shape: tuple[int, ...]
    test_shape: tuple[int, ...]


@st.cache_data(show_spinner=False, max_entries=16)
def _pair(train_steps: list, test_steps: list, picture, seed: int) -> ShownPair:
    """Both pipelines' draws: the same for the same steps, picture and seed, so a rerun takes them from here."""
    pair = draw_pair(train_steps, test_steps, picture, seed)
    return ShownPair([displayable(d) for d in pair.train], [displayable(d) for d in pair.test], pair.train_same,
                     pair.test_same, pair.train_shape, pair.test_shape)


def _chain(steps: list, added: int) -> str:
    """`Resize(256)` → `CenterCrop(224)` → …; the steps the page added in italics."""
    def chip(name: str, params: dict) -> str:
        size = params.get("size")
        return f"`{name}({size})`" if isinstance(size, int) else f"`{name}`"

    chips = [chip(name, params) for name, params in steps]
    if added:
        chips[-added:] = [f":blue-badge[+ {name}]" for name, _ in steps[-added:]]
    return " → ".join(chips)


def _render_draws(draws: list) -> None:
    for number, (column, (array, facts)) in enumerate(zip(st.columns(2), draws), start=1):
        caption = f"{t('transforms.pair.draw', number=number)} · {list(facts.shape)}"  # draw 1 · [3, 224, 224]
        column.image(array, caption=caption, width="stretch")


def _render_scores(steps: list) -> None:
    """The shipped MNIST model scored three times through each pipeline, on demand (it takes a second)."""
    wanted = json.dumps(steps)
    st.button(t("transforms.pair.scores_button"), icon=":material/scoreboard:", key="tf.pair.score",
              on_click=st.session_state.update, args=({SCORED: wanted},))
    if st.session_state.get(SCORED) != wanted:
        return
    try:
        augmented, fixed = _scores(wanted)
    except (DatasetMissing, CheckpointError) as missing:
        st.info(t("transforms.pair.scores_unavailable", reason=t_error(missing)), icon=":material/folder_off:")
        return
    except PipelineError as failure:
        st.warning(t("transforms.pair.scores_failed", reason=t_error(failure)), icon=":material/block:")
        return
    percent = lambda values: " · ".join(f"{v:.1%}" for v in values)  # noqa: E731
    st.caption(t("transforms.pair.scores_caption", count=SCORED_DIGITS))
    st.markdown(f"- {t('transforms.pair.scores_train', scores=percent(augmented))}\n"
                f"- {t('transforms.pair.scores_test', scores=percent(fixed))}")


@st.cache_data(show_spinner=False, max_entries=32)
def _scores(steps_json: str) -> tuple[list[float], list[float]]:
    from core.vision.inference import shipped_model

    split = load_split("mnist", train=False)
    return repeated_scores(json.loads(steps_json), split.images[:SCORED_DIGITS], split.labels[:SCORED_DIGITS],
                           shipped_model())
