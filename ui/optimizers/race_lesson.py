"""The Optimizer race page's lessons: general teaching text, then sentences read from the race on screen.

Every claim about who won, who got most of the way down first and who diverged comes from
core.lessons.race_outcome, so the lesson follows the table whatever the sliders made happen.
"""

from __future__ import annotations

import streamlit as st

from core.lessons.loss_surface import Path
from core.lessons.race_outcome import CLOSE, Ranking, RaceOutcome, rank
from ui.common.i18n import t


def _names(names) -> str:
    """Several names that share a result: the same in every language."""
    return " = ".join(f"**{name}**" for name in names)


def _ranking_lines(ranking: Ranking, start_loss: float, prefix: str) -> list[str]:
    """The sentences both races share: who ended lowest, the order, who diverged or got worse."""
    lines = []
    if ranking.winners:
        lines.append(t(f"optimizers_page.{prefix}_winner", names=_names(ranking.winners),
                       loss=f"{ranking.final[ranking.winners[0]]:.4f}"))
    if len(ranking.order) > 1:
        lines.append(t("optimizers_page.lesson_order",
                       order=" < ".join(f"{name} {ranking.final[name]:.4f}" for name in ranking.order)))
    for name, step in ranking.blew_up.items():
        lines.append(t(f"optimizers_page.{prefix}_blew_up", names=_names([name]), step=step))
    if ranking.got_worse:
        lines.append(t("optimizers_page.lesson_got_worse", names=_names(ranking.got_worse),
                       start=f"{start_loss:.4f}"))
    return lines


def race_lesson_lines(outcome: RaceOutcome) -> list[str]:
    """The race's outcome in sentences, each one computed from its records."""
    ranking = outcome.ranking
    lines = _ranking_lines(ranking, outcome.start_loss, "lesson")
    where = dict(target=f"{outcome.target:.4f}", share=f"{CLOSE:.0%}", start=f"{outcome.start_loss:.4f}",
                 floor=f"{outcome.floor:.4f}")
    if outcome.fastest:
        lines.append(t("optimizers_page.lesson_fastest", names=_names(outcome.fastest),
                       step=outcome.reached[outcome.fastest[0]], **where))
        if ranking.winners and not set(outcome.fastest) & set(ranking.winners):
            lines.append(t("optimizers_page.lesson_first_not_lowest", fast=_names(outcome.fastest),
                           low=_names(ranking.winners), share=where["share"]))
    else:
        lines.append(t("optimizers_page.lesson_none_near", steps=outcome.steps, **where))
    lines.append(t("optimizers_page.lesson_floor", floor=f"{outcome.floor:.4f}"))
    return lines


def surface_lesson_lines(paths: list[Path]) -> list[str]:
    """The 2-D walk's outcome in sentences: lowest loss, order, who left the plot."""
    start_loss = paths[0].losses[0]  # one start point for all four
    final = {p.name: float("nan") if p.diverged else p.losses[-1] for p in paths}
    ranking = rank(final, start_loss, {p.name: len(p.xs) for p in paths if p.diverged})
    return _ranking_lines(ranking, start_loss, "surface")


def render_race_lesson(outcome: RaceOutcome) -> None:
    st.info(t("optimizers_page.lesson_general") + "\n\n" + _bullets(race_lesson_lines(outcome)),
            icon=":material/lightbulb:")


def render_surface_lesson(paths: list[Path]) -> None:
    st.markdown(_bullets(surface_lesson_lines(paths)))


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)
