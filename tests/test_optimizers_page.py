"""The Optimizer race page under AppTest, both languages: the race runs and stops, the surface follows its sliders."""

import pytest
from apptest_pages import open_page

from core import race_job
from core.loss_surface import SURFACES, race_on_surface
from core.optimizer_race import RaceConfig, RaceEpoch, race
from core.race_optimizers import NAMES
from ui.race_view import JOB

PAGE = "pages/optimizers.py"


@pytest.fixture
def fast_race(monkeypatch):
    """No pacing between steps: the race runs flat out (it runs in this test's process)."""
    monkeypatch.setattr(race_job, "RACE_SECONDS", 0.0)


def finish_race(at):
    job = at.session_state[JOB]
    assert job.join(timeout=120), "the race thread ends by itself"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return job


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_opens_with_the_race_idle_and_the_surface_drawn(lang):
    at = open_page(PAGE, lang)
    assert at.info and len(at.get("plotly_chart")) == 3, "the empty race, its start curve and the surface"
    assert at.button(key="optimizers.stop").disabled and not at.button(key="optimizers.start").disabled
    assert "momentum=0.8" in at.code[0].value and "alpha=0.9" in at.code[0].value
    assert "betas=(0.9, 0.99)" in at.code[0].value
    assert len(at.latex) == 4
    if lang == "zh":
        assert "开始比赛" in at.button(key="optimizers.start").label


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_race_runs_to_the_end_and_shows_each_optimizers_loss(lang, fast_race):
    at = open_page(PAGE, lang)
    at.slider(key="optimizers.epochs").set_value(2).run()
    at.select_slider(key="optimizers.batch").set_value(64).run()
    at.button(key="optimizers.start").click().run()
    assert not at.exception
    job = finish_race(at)
    assert job.config == RaceConfig(batch_size=64, epochs=2)
    final = [r for r in race(job.config) if isinstance(r, RaceEpoch)][-1].full_losses
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0]) == list(NAMES)
    assert list(table.iloc[:, 1]) == [f"{final[n]:.6f}" for n in NAMES]
    assert at.success and len(at.get("plotly_chart")) == 3
    assert "BATCH_SIZE = 64" in at.code[0].value and "EPOCH = 2" in at.code[0].value


def test_stop_ends_a_running_race(monkeypatch):
    monkeypatch.setattr(race_job, "RACE_SECONDS", 10_000.0)  # paced at the slowest: only Stop ends it soon
    at = open_page(PAGE)
    at.button(key="optimizers.start").click().run()
    assert not at.button(key="optimizers.stop").disabled
    at.button(key="optimizers.stop").click().run()
    job = finish_race(at)
    assert job.snapshot().status == "stopped" and at.warning
    assert not at.button(key="optimizers.start").disabled


def test_a_new_race_stops_the_old_one(monkeypatch):
    monkeypatch.setattr(race_job, "RACE_SECONDS", 10_000.0)
    at = open_page(PAGE)
    at.button(key="optimizers.start").click().run()
    first = at.session_state[JOB]
    at.session_state[JOB].stop()  # the Start button is greyed while it runs; a second session_state start:
    assert first.join(timeout=30)
    at.run()
    at.button(key="optimizers.start").click().run()
    assert at.session_state[JOB] is not first
    at.session_state[JOB].stop()
    assert at.session_state[JOB].join(timeout=30)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("surface", list(SURFACES))
def test_surface_sliders_drive_the_paths_and_the_code(surface, lang):
    at = open_page(PAGE, lang)
    at.radio(key="optimizers.surface").set_value(surface).run()
    at.select_slider(key=f"optimizers.surface_lr.{surface}").set_value(0.01).run()
    at.slider(key=f"optimizers.steps.{surface}").set_value(50).run()
    assert not at.exception
    table = at.dataframe[0].value
    paths = race_on_surface(SURFACES[surface], 0.01, 50)
    assert list(table.iloc[:, 3]) == ["—" if p.diverged else f"{p.losses[-1]:.6f}" for p in paths]
    code = at.code[-1].value
    assert SURFACES[surface].source in code and "range(1, 50 + 1)" in code and "lr=0.01" in code
