"""The parts every ECharts option on our pages shares: title, axes, legend, tooltip, no entry animation.

Plotly's code is 4.7 MB of JavaScript that a fresh browser tab compiles before its first chart: on
these 2 cores a page with one line chart settled 1.0 s later than a one-line page; the same chart in
ECharts (built into Streamlit, 1.2 MB) cost 0.3 s (bench/page_times.py, docs/performance.md). Pages
whose first view is a few lines or bars draw them with these options; st.echarts_chart shows them.
Options are plain dicts of JSON values (Streamlit refuses NaN), built by pure functions, tested without it.
"""

from __future__ import annotations

import math

TITLE_STYLE = {"fontSize": 15, "fontWeight": 600}  # two charts side by side: titles of ~50 characters must fit
# ECharts 6 keeps axis labels and names inside the grid's box (grid.outerBoundsMode; Streamlit's theme asks for
# "same"), so these are only the title's room above, the legend's below and a little air at the sides. Charts
# laid out tighter (loss_plots, race_plots) set their own grid with outerBoundsMode "same".
GRID = {"left": 8, "right": 18, "top": 48, "bottom": 36}


def json_number(value: float) -> float | None:
    """A value ECharts can take: NaN and ±inf become gaps (null) instead of an error."""
    return value if math.isfinite(value) else None


def xy_pairs(xs, ys) -> list[list[float | None]]:
    """[[x, y], …] for a line or scatter on two value axes; a non-finite y is a gap."""
    return [[float(x), json_number(float(y))] for x, y in zip(xs, ys)]


def value_axis(name: str, low: float | None = None, high: float | None = None, log: bool = False) -> dict:
    """A numeric axis named in the middle of its side; low/high pin its range (None: ECharts chooses)."""
    axis = {"type": "log" if log else "value", "name": name, "nameLocation": "middle", "nameGap": 32,
            "scale": True, "splitLine": {"lineStyle": {"opacity": 0.5}}}
    if low is not None:
        axis["min"] = low
    if high is not None:
        axis["max"] = high
    return axis


def category_axis(names: list[str], title: str) -> dict:
    return {"type": "category", "data": names, "name": title, "nameLocation": "middle", "nameGap": 28}


def chart_option(title: str, x_axis: dict, y_axis: dict, series: list[dict], legend: bool = True,
                 tooltip: str = "item") -> dict:
    """One chart: its title top left, a legend below the plot (the title keeps the top), no entry animation
    (a chart redrawn on every slider move would replay it, and a screenshot would catch it half-way)."""
    option = {"animation": False, "title": {"text": title, "left": 0, "top": 0, "textStyle": TITLE_STYLE},
              "grid": dict(GRID, bottom=GRID["bottom"] if legend else 8), "xAxis": x_axis, "yAxis": y_axis,
              "tooltip": {"trigger": tooltip}, "series": series}
    if legend:
        option["legend"] = {"bottom": 0, "type": "scroll"}
    return option


def line_series(name: str, points: list, colour: str, width: float = 2.5, opacity: float = 1.0,
                symbol: bool = False, silent: bool = False) -> dict:
    """A line through [x, y] points; `silent` keeps it out of the tooltip (a faint raw curve under its smooth one)."""
    series = {"type": "line", "name": name, "data": points, "showSymbol": symbol, "symbolSize": 5,
              "connectNulls": False, "lineStyle": {"color": colour, "width": width, "opacity": opacity},
              "itemStyle": {"color": colour}}
    if silent:
        series |= {"silent": True, "tooltip": {"show": False}}
    return series


def scatter_series(name: str, points: list, colour: str, size: float = 10, outline: str | None = "#ffffff") -> dict:
    """Marks at [x, y] points (the current predictions on a curve, the data under a fit)."""
    style = {"color": colour} | ({"borderColor": outline, "borderWidth": 1.5} if outline else {})
    return {"type": "scatter", "name": name, "data": points, "symbolSize": size, "itemStyle": style}
