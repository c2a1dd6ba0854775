"""core.lessons.race_outcome and the lesson built from it: every sentence follows the numbers, whoever wins."""

import math

import pytest

from core.common.i18n import translate
from core.lessons.loss_surface import SURFACES, race_on_surface
from core.lessons.optimizer_race import RaceConfig
from core.lessons.race_job import RaceJob
from core.lessons.race_outcome import CLOSE, rank, read_outcome
from ui.optimizers import race_lesson
SGD_WINS = RaceConfig(lr=0.1, batch_size=8, epochs=5)  # found by running the sliders' grid: SGD ends lowest here


@pytest.fixture
def lesson_in(monkeypatch):
    """The lesson's sentences in a language, outside Streamlit."""
    def use(lang):
        monkeypatch.setattr(race_lesson, "t", lambda key, **params: translate(lang, key, **params))
    return use


def test_nothing_to_read_before_the_first_step():
    assert read_outcome(1.0, 0.01, {"SGD": [], "Adam": []}) is None


def test_winner_fastest_and_order_are_read_from_the_losses():
    after = {"SGD": [0.5, 0.2, 0.05, 0.02], "Adam": [0.08, 0.06, 0.05, 0.04]}
    outcome = read_outcome(1.0, 0.0, after)
    assert outcome.target == pytest.approx(1 - CLOSE)
    assert outcome.ranking.order == ("SGD", "Adam") and outcome.ranking.winners == ("SGD",)
    assert outcome.reached == {"SGD": 3, "Adam": 1} and outcome.fastest == ("Adam",)


def test_a_loss_that_stops_being_a_number_or_ends_higher_is_out_of_the_order():
    after = {"SGD": [0.5, math.inf, math.nan], "Momentum": [0.9, 1.2, 1.5], "Adam": [0.4, 0.3, 0.2]}
    ranking = read_outcome(1.0, 0.0, after).ranking
    assert ranking.blew_up == {"SGD": 2} and ranking.got_worse == ("Momentum",) and ranking.order == ("Adam",)


def test_exact_ties_share_the_result():
    ranking = rank({"SGD": 0.3, "Momentum": 0.3, "Adam": 0.4}, 1.0)
    assert ranking.winners == ("SGD", "Momentum")
    outcome = read_outcome(1.0, 0.0, {"SGD": [0.05], "Momentum": [0.05], "Adam": [0.5]})
    assert outcome.fastest == ("SGD", "Momentum")


def test_a_race_sgd_wins_gets_a_lesson_that_says_so(lesson_in):
    lesson_in("en")
    job = RaceJob(SGD_WINS, pause_s=0).start()
    assert job.join(timeout=120)
    snap = job.snapshot()
    outcome = snap.outcome()
    final = outcome.ranking.final
    assert min(final, key=final.get) == "SGD", "the settings this test is about"
    assert final == snap.full_losses, "after the last step = after the last epoch: the table's numbers"
    text = "\n".join(race_lesson.race_lesson_lines(outcome))
    assert f"**SGD** ended lowest: MSE {final['SGD']:.4f}" in text
    assert "crawl" not in text.lower() and "crawl" not in translate("en", "optimizers_page.lesson_general").lower()
    fast = min((s, n) for n, s in outcome.reached.items() if s is not None)
    assert f"**{fast[1]}** got 90% of the way down first" in text and f"after step {fast[0]}." in text


def test_at_the_seeds_settings_the_lesson_names_adam(lesson_in):
    lesson_in("zh")
    job = RaceJob(RaceConfig(epochs=3), pause_s=0).start()
    assert job.join(timeout=120)
    lines = race_lesson.race_lesson_lines(job.snapshot().outcome())
    assert lines[0].startswith("**Adam** 最终最低")


def test_a_diverging_optimizer_is_named_and_not_ranked(lesson_in):
    lesson_in("en")
    job = RaceJob(RaceConfig(lr=5.0, epochs=1), pause_s=0).start()  # far above the sliders: SGD blows up
    assert job.join(timeout=120)
    outcome = job.snapshot().outcome()
    assert "SGD" in outcome.ranking.blew_up and "SGD" not in outcome.ranking.order
    text = "\n".join(race_lesson.race_lesson_lines(outcome))
    assert f"**SGD** diverged: its loss stopped being a number at step {outcome.ranking.blew_up['SGD']}." in text


@pytest.mark.parametrize("surface,lr,winner", [("rosenbrock", 0.002, "SGD"), ("ill_conditioned", 0.05, "Momentum"),
                                               ("saddle", 0.2, "SGD")])
def test_the_surface_lesson_names_who_ended_lowest(surface, lr, winner, lesson_in):
    lesson_in("en")
    paths = race_on_surface(SURFACES[surface], lr, SURFACES[surface].steps)
    lines = race_lesson.surface_lesson_lines(paths)
    best = min((p for p in paths if not p.diverged), key=lambda p: p.losses[-1])
    assert best.name == winner and lines[0] == f"Lowest loss after these steps: **{winner}** ({best.losses[-1]:.4f})."


def test_the_surface_lesson_names_who_left_the_plot(lesson_in):
    lesson_in("en")
    paths = race_on_surface(SURFACES["rosenbrock"], 0.01, 300)
    lines = race_lesson.surface_lesson_lines(paths)
    for p in paths:
        assert (f"**{p.name}** diverged: it left the plot at step {len(p.xs)}." in lines) == p.diverged
