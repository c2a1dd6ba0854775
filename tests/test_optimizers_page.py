"""The Optimizer race page under AppTest, both languages: the race runs and stops, the surface follows its sliders,
only the open tab runs, and a race goes on behind the surface tab."""

import json
import threading

import pytest
from apptest_pages import open_page
from apptest_pages import open_tab as click_tab
from test_race_outcome import SGD_WINS

from core.common.i18n import translate
from core.lessons import race_job
from core.lessons.loss_surface import SURFACES, race_on_surface
from core.lessons.optimizer_race import RaceConfig, RaceEnd, RaceEpoch, race
from core.lessons.race_optimizers import NAMES
from ui.optimizers.optimizer_tabs import TAB
from ui.optimizers.race_view import BATCH, CODE, EPOCHS, JOB, LR
from ui.optimizers.surface_view import CODE as SURFACE_CODE

PAGE = "pages/optimizers.py"


@pytest.fixture
def fast_race(monkeypatch):
    """No pacing between steps: the race runs flat out (it runs in this test's process)."""
    monkeypatch.setattr(race_job, "RACE_SECONDS", 0.0)


def open_tab(at, tab: str, lang: str = "en"):
    """A click on one of the page's tabs: the widget's value is the tab's label."""
    return click_tab(at, TAB, translate(lang, f"optimizers_page.tab_{tab}"))


def shown_code(at, key: str = CODE) -> str:
    """Open the code expander `key` (a closed one builds no code) and read its code."""
    at.session_state[key] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    [code] = at.code
    return code.value


def charts(at) -> dict[str, dict]:
    """The race tab's ECharts options by key, as the browser gets them."""
    return {chart.key: json.loads(chart.proto.spec) for chart in at.get("echarts_chart")}


def finish_race(at):
    job = at.session_state[JOB]
    assert job.join(timeout=120), "the race thread ends by itself"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return job


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_opens_with_the_race_idle_and_no_plotly(lang):
    at = open_page(PAGE, lang)
    assert at.info and list(charts(at)) == ["optimizers.race_loss", "optimizers.fit"], "the empty race, its start"
    assert not at.get("plotly_chart"), "the surface's contour (plotly) waits for its tab"
    assert "optimizers.surface" not in [r.key for r in at.radio], "the surface tab did not run"
    assert at.button(key="optimizers.stop").disabled and not at.button(key="optimizers.start").disabled
    assert not at.code, "a closed code expander builds no code"
    code = shown_code(at)
    assert "momentum=0.8" in code and "alpha=0.9" in code and "betas=(0.9, 0.99)" in code
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
    assert at.success and not at.get("plotly_chart")
    loss = charts(at)["optimizers.race_loss"]
    assert [len(s["data"]) for s in loss["series"]] == [job.config.total_steps] * 8, "bold and faint, four each"
    code = shown_code(at)
    assert "BATCH_SIZE = 64" in code and "EPOCH = 2" in code


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
    at = open_tab(open_page(PAGE, lang), "surface", lang)
    assert len(at.get("plotly_chart")) == 1 and not at.get("echarts_chart"), "only the open tab runs"
    at.radio(key="optimizers.surface").set_value(surface).run()
    at.select_slider(key=f"optimizers.surface_lr.{surface}").set_value(0.01).run()
    at.slider(key=f"optimizers.steps.{surface}").set_value(50).run()
    assert not at.exception
    table = at.dataframe[0].value
    paths = race_on_surface(SURFACES[surface], 0.01, 50)
    assert list(table.iloc[:, 3]) == ["—" if p.diverged else f"{p.losses[-1]:.6f}" for p in paths]
    code = shown_code(at, SURFACE_CODE)
    assert SURFACES[surface].source in code and "range(1, 50 + 1)" in code and "lr=0.01" in code


def race_settings(at) -> tuple:
    return (at.select_slider(key=LR).value, at.select_slider(key=BATCH).value, at.slider(key=EPOCHS).value)


def stale_warnings(at) -> list[str]:
    return [w.value for w in at.warning if "from the last race" in w.value]


def test_after_a_page_switch_the_sliders_show_the_race_on_screen(fast_race):
    at = open_page(PAGE)
    at.select_slider(key=LR).set_value(0.05).run()
    at.select_slider(key=BATCH).set_value(64).run()
    at.slider(key=EPOCHS).set_value(2).run()
    at.button(key="optimizers.start").click().run()
    job = finish_race(at)
    table = at.dataframe[0].value
    at.switch_page("pages/home.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.session_state[JOB] is job
    assert race_settings(at) == (job.config.lr, job.config.batch_size, job.config.epochs) == (0.05, 64, 2)
    assert at.dataframe[0].value.equals(table) and not stale_warnings(at)
    code = shown_code(at)
    assert "LR = 0.05" in code and "BATCH_SIZE = 64" in code and "EPOCH = 2" in code


def test_moving_a_slider_after_a_race_marks_the_results_as_the_last_races(fast_race):
    at = open_page(PAGE)
    at.slider(key=EPOCHS).set_value(2).run()
    at.button(key="optimizers.start").click().run()
    finish_race(at)
    assert not stale_warnings(at)
    at.slider(key=EPOCHS).set_value(3).run()
    [warning] = stale_warnings(at)
    assert "(lr 0.01 · batch 32 · 2 epochs)" in warning and "lr 0.01 · batch 32 · 3 epochs:" in warning
    assert at.dataframe, "the last race's results stay, marked as its"
    assert "EPOCH = 3" in shown_code(at), "the code is the next race's, and says so"
    assert "prints the numbers in the table above" not in " ".join(c.value for c in at.caption)
    at.slider(key=EPOCHS).set_value(2).run()
    assert not stale_warnings(at)


def test_the_sliders_are_locked_while_a_race_runs(monkeypatch):
    monkeypatch.setattr(race_job, "RACE_SECONDS", 10_000.0)
    at = open_page(PAGE)
    at.button(key="optimizers.start").click().run()
    assert at.select_slider(key=LR).disabled and at.slider(key=EPOCHS).disabled
    at.button(key="optimizers.stop").click().run()
    finish_race(at)
    assert not at.select_slider(key=LR).disabled


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_lesson_follows_a_race_that_sgd_wins(lang, fast_race):
    at = open_page(PAGE, lang)
    at.select_slider(key=LR).set_value(SGD_WINS.lr).run()
    at.select_slider(key=BATCH).set_value(SGD_WINS.batch_size).run()
    at.slider(key=EPOCHS).set_value(SGD_WINS.epochs).run()
    at.button(key="optimizers.start").click().run()
    job = finish_race(at)
    final = job.snapshot().outcome().ranking.final
    table = at.dataframe[0].value
    assert table.iloc[0, 0] == "SGD" and table.iloc[0, 1] == f"{final['SGD']:.6f}" == min(table.iloc[:, 1])
    lesson = " ".join(i.value for i in at.info)
    assert ("**SGD** ended lowest" if lang == "en" else "**SGD** 最终最低") in lesson
    assert "crawl" not in lesson and "爬" not in lesson


def test_the_surface_comes_back_after_a_page_switch():
    at = open_tab(open_page(PAGE), "surface")
    at.select_slider(key="optimizers.surface_lr.rosenbrock").set_value(0.005).run()
    at.radio(key="optimizers.surface").set_value("saddle").run()
    at.select_slider(key="optimizers.surface_lr.saddle").set_value(0.01).run()
    at.slider(key="optimizers.steps.saddle").set_value(50).run()
    at.switch_page("pages/home.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.get("plotly_chart"), "back on the surface tab"
    assert at.radio(key="optimizers.surface").value == "saddle"
    assert at.select_slider(key="optimizers.surface_lr.saddle").value == 0.01
    assert at.slider(key="optimizers.steps.saddle").value == 50
    paths = race_on_surface(SURFACES["saddle"], 0.01, 50)
    assert list(at.dataframe[0].value.iloc[:, 3]) == [f"{p.losses[-1]:.6f}" for p in paths]
    code = shown_code(at, SURFACE_CODE)
    assert "range(1, 50 + 1)" in code and "lr=0.01" in code
    at.radio(key="optimizers.surface").set_value("rosenbrock").run()
    assert at.select_slider(key="optimizers.surface_lr.rosenbrock").value == 0.005, "each surface keeps its own"


def test_a_race_goes_on_behind_the_surface_tab_and_shows_when_back(monkeypatch):
    """The race's thread is the session's, not the tab's: opening the other tab neither stops nor loses it."""
    gate, real = threading.Event(), race_job.race

    def held(config, stop):  # the race holds its last step until the test has looked at the other tab
        for record in real(config, stop):
            if isinstance(record, RaceEnd):
                assert gate.wait(timeout=60)
            yield record

    monkeypatch.setattr(race_job, "race", held)
    monkeypatch.setattr(race_job, "RACE_SECONDS", 0.0)
    at = open_page(PAGE)
    at.slider(key=EPOCHS).set_value(1).run()
    at.select_slider(key=BATCH).set_value(128).run()
    at.button(key="optimizers.start").click().run()
    job = at.session_state[JOB]
    open_tab(at, "surface")
    assert at.get("plotly_chart") and not at.get("echarts_chart") and not at.success
    assert job.alive and at.session_state[JOB] is job, "still racing"
    gate.set()
    assert job.join(timeout=60)
    open_tab(at, "race")
    assert at.session_state[JOB] is job and job.snapshot().status == "finished"
    assert at.success and list(at.dataframe[0].value.iloc[:, 0]) == list(NAMES)
    steps = job.config.total_steps
    assert [len(s["data"]) for s in charts(at)["optimizers.race_loss"]["series"]] == [steps] * 8
