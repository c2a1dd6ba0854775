"""Seed 001's race and the 2-D surfaces: update rules checked by hand, determinism, the thread, the shown code."""

import json
import math

import pytest
import torch
from run_snippet import run_script

from core.code.race_snippets import DIVERGED_LINE, RACE_LINE, SURFACE_LINE, race_code, surface_code
from core.lessons import race_job
from core.lessons.loss_surface import SURFACES, descend, race_on_surface, surface_grid
from core.lessons.optimizer_race import (RaceConfig, RaceEnd, RaceEpoch, RaceStart, RaceStep, make_data, race, race_start,
                                 seeded_net)
from core.lessons.race_job import RaceJob
from core.lessons.race_optimizers import NAMES, OPTIMIZERS
from core.plots.race_plots import (DATA_GREY, FIT_LIMIT, FIT_RANGE, fit_chart, fit_range, race_loss_chart,
                                   smooth_with_gaps)
from core.plots.race_surface_plots import surface_chart
from core.plots.train_plots import ChartText
from core.training.evaluation import smooth

SMALL = RaceConfig(epochs=2, batch_size=64, points=300)


def rosenbrock_grad(x, y):
    return -2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)


def by_hand(name: str, lr: float, start, grad, steps: int):
    """The textbook update rules with seed 001's settings, in float64 and plain Python."""
    theta = list(start)
    m, v = [0.0, 0.0], [0.0, 0.0]  # momentum buffer / first moment, and squared-gradient average
    path = [tuple(theta)]
    for t in range(1, steps + 1):
        g = grad(*theta)
        for i in range(2):
            if name == "SGD":
                theta[i] -= lr * g[i]
            elif name == "Momentum":
                m[i] = 0.8 * m[i] + g[i] if t > 1 else g[i]  # PyTorch's buffer starts at the first gradient
                theta[i] -= lr * m[i]
            elif name == "RMSprop":
                v[i] = 0.9 * v[i] + 0.1 * g[i] ** 2
                theta[i] -= lr * g[i] / (math.sqrt(v[i]) + 1e-8)
            elif name == "Adam":
                m[i] = 0.9 * m[i] + 0.1 * g[i]
                v[i] = 0.99 * v[i] + 0.01 * g[i] ** 2
                m_hat, v_hat = m[i] / (1 - 0.9 ** t), v[i] / (1 - 0.99 ** t)
                theta[i] -= lr * m_hat / (math.sqrt(v_hat) + 1e-8)
        path.append(tuple(theta))
    return path


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("surface,grad", [
    ("rosenbrock", rosenbrock_grad),
    ("ill_conditioned", lambda x, y: (x, 20 * y)),
    ("saddle", lambda x, y: (2 * x, y ** 3 - 2 * y)),
])
def test_first_steps_follow_the_hand_written_update_rule(name, surface, grad):
    s = SURFACES[surface]
    path = descend(s, name, 0.001, 6)
    expected = by_hand(name, 0.001, s.start, grad, 6)
    assert path.xs == pytest.approx([x for x, _ in expected], rel=1e-4, abs=1e-6)
    assert path.ys == pytest.approx([y for _, y in expected], rel=1e-4, abs=1e-6)


@pytest.mark.parametrize("name,make", [
    ("SGD", lambda p: torch.optim.SGD(p, lr=0.01)),
    ("Momentum", lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.8)),
    ("RMSprop", lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9)),
    ("Adam", lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.9, 0.99))),
])
def test_surface_paths_match_torch_optim_used_directly(name, make):
    s = SURFACES["ill_conditioned"]
    point = torch.tensor(s.start, requires_grad=True)
    opt = make([point])
    xs = [s.start[0]]
    for _ in range(10):
        opt.zero_grad()
        s.fn(point[0], point[1]).backward()
        opt.step()
        xs.append(point[0].item())
    assert descend(s, name, 0.01, 10).xs == pytest.approx(xs)


def test_a_diverging_path_stops_and_says_so():
    path = descend(SURFACES["rosenbrock"], "SGD", 0.01, 300)
    assert path.diverged and len(path.xs) < 300 and len(path.losses) == len(path.xs)
    assert not descend(SURFACES["rosenbrock"], "Adam", 0.01, 300).diverged


def test_surface_grid_is_rows_of_y_and_columns_of_x():
    s = SURFACES["ill_conditioned"]
    xs, ys, z = surface_grid(s, points=5)
    assert len(z) == len(ys) == 5 and len(z[0]) == len(xs) == 5
    assert z[1][3] == pytest.approx(s.fn(torch.tensor(xs[3]), torch.tensor(ys[1])).item())


def test_race_is_deterministic_and_starts_all_four_from_the_same_weights():
    first, again = list(race(SMALL)), list(race(SMALL))
    assert first == again
    assert isinstance(first[0], RaceStart) and isinstance(first[-1], RaceEnd) and first[-1].reason == "finished"
    steps = [r for r in first if isinstance(r, RaceStep)]
    assert len(steps) == SMALL.total_steps == 10
    before = first[1]
    assert isinstance(before, RaceEpoch) and before.epoch == 0 and (first[0], before) == race_start(SMALL)
    assert len({tuple(curve) for curve in before.fits.values()}) == 1, "one start curve, four times"
    assert len(set(steps[0].losses.values())) == 1, "same weights, same first batch: the same first loss"
    second = steps[1].losses
    assert second["SGD"] == second["Momentum"], "momentum's buffer starts as the first gradient: same first step"
    assert len({second["SGD"], second["RMSprop"], second["Adam"]}) == 3
    assert len(set(steps[2].losses.values())) == 4, "from the second update on, all four differ"
    other = [r for r in race(RaceConfig(epochs=2, batch_size=64, points=300, seed=2)) if isinstance(r, RaceStep)]
    assert other[0].losses != steps[0].losses


def test_race_data_and_weights_come_from_the_generator():
    g1, g2 = torch.Generator().manual_seed(5), torch.Generator().manual_seed(5)
    x, y = make_data(100, g1)
    assert x.shape == (100, 1) and torch.equal(y, make_data(100, g2)[1])
    assert not torch.equal(y, make_data(100, torch.Generator().manual_seed(6))[1]), "another seed, other noise"
    net = seeded_net(20, g1)
    assert net.hidden.weight.abs().max() <= 1 and net.predict.weight.abs().max() <= 1 / math.sqrt(20)


def test_adam_beats_sgd_at_the_seeds_settings():
    final = [r for r in race(RaceConfig(epochs=3)) if isinstance(r, RaceEpoch)][-1].full_losses
    assert final["Adam"] < final["SGD"] / 3 and final["Momentum"] < final["SGD"]


def test_job_runs_the_same_race_in_a_thread():
    job = RaceJob(SMALL, pause_s=0).start()
    assert job.join(timeout=120)
    snap = job.snapshot()
    direct = [r for r in race(SMALL) if isinstance(r, RaceStep)]
    assert snap.status == "finished" and snap.steps == list(range(1, 11))
    assert snap.losses["Adam"] == [r.losses["Adam"] for r in direct]
    assert set(snap.fits) == set(NAMES) and len(snap.xs) == 300


def test_stop_ends_the_thread_within_a_step():
    job = RaceJob(RaceConfig(), pause_s=30).start()  # a pause long enough that only Stop can end it soon
    job.stop()
    assert job.join(timeout=30)
    snap = job.snapshot()
    assert snap.status == "stopped" and len(snap.steps) <= 1


def test_the_wall_clock_limit_ends_a_forgotten_race(monkeypatch):
    monkeypatch.setattr(race_job, "LIMIT_S", 0.0)
    job = RaceJob(RaceConfig(), pause_s=0).start()
    assert job.join(timeout=30)
    assert job.snapshot().status == "stopped" and len(job.snapshot().steps) == 1


def test_a_failing_race_says_why(monkeypatch):
    def broken(config, stop):
        yield RaceStart(1, [], [], 0.01)
        raise RuntimeError("out of memory")

    monkeypatch.setattr(race_job, "race", broken)
    job = RaceJob(SMALL, pause_s=0).start()
    assert job.join(timeout=30)
    snap = job.snapshot()
    assert snap.status == "failed" and snap.reason == "RuntimeError: out of memory"


def test_a_config_that_cannot_race_is_refused():
    with pytest.raises(ValueError, match="batch_size ≥ 1"):
        RaceConfig(batch_size=0)


def strict_json(option: dict) -> dict:
    """What Streamlit sends the browser: a NaN or inf anywhere raises here as it would there."""
    return json.loads(json.dumps(option, allow_nan=False))


def split_series(option: dict) -> tuple[list[dict], list[dict]]:
    """The loss chart's bold smoothed curves (shown in the tooltip) and its faint raw ones (silent)."""
    return ([s for s in option["series"] if not s.get("silent")], [s for s in option["series"] if s.get("silent")])


def test_race_loss_chart_draws_each_optimizer_bold_over_its_faint_batch_losses():
    steps = [r for r in race(SMALL) if isinstance(r, RaceStep)]
    losses = {n: [s.losses[n] for s in steps] for n in NAMES}
    option = strict_json(race_loss_chart([s.step for s in steps], losses, 10, ChartText("l", "step", "MSE")))
    bold, faint = split_series(option)
    assert [s["name"] for s in bold] == [s["name"] for s in faint] == list(NAMES), "one legend entry each"
    assert option["series"][:4] == bold, "bold first: the legend takes each name's first series"
    assert [s["lineStyle"]["color"] for s in bold] == [OPTIMIZERS[n].colour for n in NAMES]
    assert [s["lineStyle"]["color"] for s in faint] == [OPTIMIZERS[n].colour for n in NAMES]
    assert all(s["lineStyle"]["opacity"] < 0.5 and s["tooltip"] == {"show": False} and s["z"] < 2 for s in faint)
    for curve, smoothed, raw in zip(NAMES, bold, faint):
        assert [x for x, _ in raw["data"]] == list(range(1, 11))
        assert [y for _, y in raw["data"]] == pytest.approx(losses[curve], rel=1e-3)
        assert [y for _, y in smoothed["data"]] == pytest.approx(smooth(losses[curve], 0.9), rel=1e-4)
    assert option["yAxis"]["type"] == "log" and "min" not in option["yAxis"], "with data, ECharts fits the axis"
    assert (option["xAxis"]["min"], option["xAxis"]["max"]) == (0, 10)
    assert option["tooltip"]["trigger"] == "axis"


def test_before_the_start_the_race_spans_its_whole_x_axis_and_the_usual_losses():
    option = strict_json(race_loss_chart([], {n: [] for n in NAMES}, 384, ChartText("l")))
    assert (option["yAxis"]["min"], option["yAxis"]["max"]) == (0.001, 1.0), "not an empty axis"
    assert (option["xAxis"]["min"], option["xAxis"]["max"]) == (0, 384), "the race grows to the right"
    half = race_loss_chart([1, 2], {n: [0.5, 0.4] for n in NAMES}, 384, ChartText("l"))
    assert half["xAxis"]["max"] == 384, "fixed while the race runs"


def test_an_exploding_optimizer_leaves_gaps_not_a_broken_chart():
    losses = {n: [0.5, 0.4, 0.3, 0.2] for n in NAMES}
    losses["RMSprop"] = [0.5, math.inf, math.nan, 0.25]
    option = strict_json(race_loss_chart([1, 2, 3, 4], losses, 4, ChartText("l")))
    bold, faint = split_series(option)
    assert [y for _, y in faint[2]["data"]] == [0.5, None, None, 0.25]
    assert [y for _, y in bold[2]["data"]] == [0.5, None, None, 0.25], "a finite loss after a gap starts afresh"
    assert [y for _, y in bold[0]["data"]] == pytest.approx(smooth(losses["SGD"], 0.9), rel=1e-4), "others as before"
    assert smooth_with_gaps([0.0, 1.0]) == [None, 1.0], "no log of zero"


def test_fit_chart_draws_each_net_over_the_grey_data():
    records = list(race(SMALL))
    epoch = [r for r in records if isinstance(r, RaceEpoch)][-1]
    fits = dict(epoch.fits, SGD=[math.nan] * len(epoch.grid))
    option = strict_json(fit_chart(records[0].xs, records[0].ys, epoch.grid, fits, ChartText("f", raw_name="data")))
    data, *lines = option["series"]
    assert data["name"] == "data" and data["type"] == "scatter" and data["silent"] and len(data["data"]) == 300
    assert data["itemStyle"]["color"] == DATA_GREY
    assert [s["name"] for s in lines] == list(NAMES)
    assert [s["lineStyle"]["color"] for s in lines] == [OPTIMIZERS[n].colour for n in NAMES]
    assert [y for _, y in lines[3]["data"]] == pytest.approx(epoch.fits["Adam"], rel=1e-4)
    assert all(y is None for _, y in lines[0]["data"]), "a net that blew up draws nothing"
    assert (option["yAxis"]["min"], option["yAxis"]["max"]) == (-0.3, 1.4), "the data's range"
    assert option["yAxis"]["axisLabel"]["customValues"] == [0, 0.5, 1]


def test_the_fit_chart_keeps_the_start_curve_in_sight_but_not_a_net_that_flew_off():
    _, fits = race_start(RaceConfig())
    assert max(max(curve) for curve in fits.fits.values()) < FIT_RANGE[0], "the page's start lies below −0.3"
    low, high = fit_range(fits.fits)
    assert low < min(min(curve) for curve in fits.fits.values()) and high == FIT_RANGE[1]
    assert fit_range({"SGD": [0.5, 1e9, math.nan]}) == (FIT_RANGE[0], FIT_LIMIT[1])
    assert fit_range({"SGD": [0.0, 1.0]}) == FIT_RANGE


def test_surface_chart_draws_every_path_on_the_contours():
    s = SURFACES["saddle"]
    chart = surface_chart(s, surface_grid(s, 11), race_on_surface(s, 0.05, 5), ChartText("s", raw_name="a",
                                                                                          smooth_name="b"))
    assert chart.data[0].type == "contour"
    assert {d.name for d in chart.data} >= {*NAMES, "a", "b"}
    assert [d.line.color for d in chart.data if d.name in NAMES] == [OPTIMIZERS[n].colour for n in NAMES]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_race_code_trains_the_same_four_nets(lang, tmp_path, monkeypatch):
    printed = run_script(race_code(SMALL, lang), tmp_path, monkeypatch)
    final = [r for r in race(SMALL) if isinstance(r, RaceEpoch)][-1].full_losses
    for name, loss in final.items():
        assert RACE_LINE.format(name=name, loss=loss) in printed


@pytest.mark.parametrize("surface,lr,steps", [("rosenbrock", 0.01, 200), ("ill_conditioned", 0.05, 40),
                                              ("saddle", 0.05, 40)])
def test_surface_code_walks_the_same_paths(surface, lr, steps, tmp_path, monkeypatch):
    s = SURFACES[surface]
    printed = run_script(surface_code(s, lr, steps, "zh"), tmp_path, monkeypatch)
    for p in race_on_surface(s, lr, steps):
        line = (DIVERGED_LINE.format(name=p.name, step=len(p.xs)) if p.diverged else
                SURFACE_LINE.format(name=p.name, x=p.xs[-1], y=p.ys[-1], loss=p.losses[-1]))
        assert line in printed
    assert ("diverged" in printed) == (surface == "rosenbrock")
