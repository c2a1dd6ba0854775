"""The race tab's charts as ECharts options (pure functions): loss curves overlaid, fitted curves on the data.

ECharts, not Plotly: a Plotly chart costs a fresh tab about a second of JavaScript (core/plots/echarts_base.py),
and the race redraws these twice a second while it runs. Each optimizer keeps its colour
(core.lessons.race_optimizers) on every chart; words come in through ChartText, translated by the page.
The 2-D surface keeps Plotly's contour lines: core/plots/race_surface_plots.py.
"""

from __future__ import annotations

import math

from core.lessons.race_optimizers import OPTIMIZERS
from core.plots.echarts_base import chart_option, json_number, line_series, scatter_series, value_axis
from core.plots.train_plots import ChartText
from core.training.evaluation import Smoother

DATA_GREY = "rgba(120, 120, 120, 0.35)"
SMOOTHING = 0.9  # the bold curve: an EMA like TensorBoard's, through each optimizer's noisy batch losses
EMPTY_LOSS_RANGE = (0.001, 1.0)  # before the start: the losses this race usually spans, not an empty axis
FIT_RANGE = (-0.3, 1.4)  # y = x² + noise on [-1, 1]: the least the fit chart shows, grown to keep each net in sight
FIT_LIMIT = (-2.0, 3.0)  # but no further: a net that flew off is clipped here, and the data keep their room
LOSS_Y_GAP = 44  # the log axis's labels (0.001) are wider than the default gap leaves room for
# Streamlit's theme keeps axis labels and names inside the grid's box (ECharts 6 outerBoundsMode "same"):
# the box is the chart less the title above and the legend below, and ECharts fits the plot inside it.
# Its bottom leaves two lines of legend: the fit chart's five names wrap in a narrow column, and the two
# charts side by side keep their plots the same height.
GRID = {"left": 4, "right": 16, "top": 44, "bottom": 50, "outerBoundsMode": "same"}
LEGEND = {"type": "plain", "bottom": 0, "itemGap": 8, "itemWidth": 18}  # wraps to a second line, never scrolls


def _positive(value: float) -> float | None:
    """A loss a log axis can draw: NaN, inf and 0 (log −inf) are gaps, so an exploding optimizer never breaks it."""
    return value if math.isfinite(value) and value > 0 else None


def _short(value: float | None, digits: int) -> float | None:
    """`digits` significant figures: the points cross the wire twice a second, and the eye sees no more."""
    return None if value is None else float(f"{value:.{digits}g}")


def smooth_with_gaps(values: list[float], weight: float = SMOOTHING) -> list[float | None]:
    """core.training.evaluation.smooth, debiased from its first value, but a gap stays a gap: a loss that
    blew up (NaN, inf) leaves no smoothed value, and a finite one after it starts the average afresh."""
    out: list[float | None] = []
    smoother = Smoother(weight)
    for value in values:
        if _positive(value) is None:
            smoother = Smoother(weight)
            out.append(None)
        else:
            out.append(smoother(value))
    return out


def race_loss_chart(steps: list[int], losses: dict[str, list[float]], total_steps: int, text: ChartText) -> dict:
    """Each optimizer's batch loss per step, faint and silent, under its bold smoothed curve; log y like a race.

    x stays 0..total_steps while the race runs, so the curves grow to the right instead of the axis
    stretching under them. The bold curves come first: the legend takes each name's first series.
    """
    bold, faint = [], []
    for name, values in losses.items():
        colour = OPTIMIZERS[name].colour
        smoothed = smooth_with_gaps(values)
        bold.append(line_series(name, [[s, _short(v, 5)] for s, v in zip(steps, smoothed)], colour, width=3))
        raw = line_series(name, [[s, _short(_positive(v), 4)] for s, v in zip(steps, values)], colour,
                          width=1, opacity=0.25, silent=True)
        faint.append(raw | {"z": 1})  # drawn under every bold curve, not only its own
    y_axis = value_axis(text.y_title, *(EMPTY_LOSS_RANGE if not steps else (None, None)), log=True)
    y_axis["nameGap"] = LOSS_Y_GAP
    option = chart_option(text.title, value_axis(text.x_title, 0, max(total_steps, 1)), y_axis, bold + faint,
                          tooltip="axis")
    option["tooltip"]["valueFormatter"] = "%.4f"  # each optimizer's smoothed loss at the step under the mouse
    option["xAxis"]["axisPointer"] = _pointer(text.x_title, 0)
    return option | {"grid": GRID, "legend": LEGEND}


def fit_chart(xs: list[float], ys: list[float], grid: list[float], fits: dict[str, list[float]],
              text: ChartText) -> dict:
    """The data points in grey (silent) and each optimizer's net drawn over them.

    y shows FIT_RANGE, or more where a net's curve lies outside it: before the race all four start from
    one curve below the data (y ≈ −0.5 at seed 001's weights), which the title points at.
    """
    data = scatter_series(text.raw_name, [[_short(x, 4), _short(y, 4)] for x, y in zip(xs, ys)], DATA_GREY,
                          size=4, outline=None)
    data |= {"silent": True, "tooltip": {"show": False}, "z": 1}
    lines = [line_series(name, [[_short(x, 4), _short(json_number(v), 5)] for x, v in zip(grid, values)],
                         OPTIMIZERS[name].colour, width=3) for name, values in fits.items()]
    low, high = fit_range(fits)
    ticks = [k / 2 for k in range(math.ceil(low * 2), math.floor(high * 2) + 1)]  # 0, 0.5, 1: not −0.3 or 1.4
    y_axis = value_axis(text.y_title, low, high) | {"axisLabel": {"customValues": ticks},
                                                     "axisTick": {"customValues": ticks}}
    x_axis = value_axis(text.x_title) | {"axisPointer": _pointer(text.x_title + " =", 2)}
    option = chart_option(text.title, x_axis, y_axis, [data, *lines], tooltip="axis")
    option["tooltip"]["valueFormatter"] = "%.3f"  # each net's prediction at the x under the mouse
    return option | {"grid": GRID, "legend": LEGEND}


def fit_range(fits: dict[str, list[float]]) -> tuple[float, float]:
    """FIT_RANGE grown, in steps of 0.1 and within FIT_LIMIT, to hold every finite point of every fitted curve."""
    values = [v for curve in fits.values() for v in curve if math.isfinite(v)]
    low = (math.floor(round(min([FIT_RANGE[0] + 0.1, *values]) * 10, 6)) - 1) / 10  # 0.1 below the lowest point
    high = (math.ceil(round(max([FIT_RANGE[1] - 0.1, *values]) * 10, 6)) + 1) / 10
    return max(low, FIT_LIMIT[0]), min(high, FIT_LIMIT[1])


def _pointer(name: str, digits: int) -> dict:
    """The axis tooltip's first line: "step 120", "x = −0.66" (the axis's name and the value under the mouse),
    not a bare "120.00"."""
    return {"label": {"precision": digits, "formatter": f"{name} {{value}}"}}
