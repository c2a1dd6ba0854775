"""Losses-page charts as ECharts options, pure functions of numbers: loss and slope curves, probabilities, gradients.

Words come in through ChartText (translated by the page); colours name one loss each
everywhere on the page, so L1 is always blue, MSE always orange, SmoothL1 always green.
ECharts, not Plotly: the page's six charts would make a fresh tab compile Plotly's 4.7 MB (see echarts_base).
"""

from __future__ import annotations

from core.plots.echarts_base import (
    category_axis,
    chart_option,
    json_number,
    line_series,
    scatter_series,
    value_axis,
    xy_pairs,
)
from core.plots.train_plots import ORANGE, ChartText

LOSS_COLOURS = {"L1": "#1f77b4", "MSE": ORANGE, "SmoothL1": "#2ca02c"}
BLUE = LOSS_COLOURS["L1"]
GREY = "#9aa0a6"
CURVE_HEIGHT = 340
BAR_HEIGHT = 320
TITLE_WRAP_PX = 230  # the regression charts sit two to a narrow column: a longer title breaks onto a second line
WIDE_WRAP_PX = 380  # the other charts share the page's width two ways: only a long translated title breaks
# Streamlit's theme makes the grid the outer box of the plot *with* its axis labels and names (outerBoundsMode
# "same"), so the grid only keeps clear of the title above and the legend below
GRID = {"left": 4, "right": 14, "top": 40, "bottom": 6, "outerBoundsMode": "same"}
TITLE_LINE = 20
LEGEND_ROOM = 30
MARK_SIZE = 11


def curve_chart(errors: list[float], curves: dict[str, list[float]], marks: dict[str, tuple[list[float], list[float]]],
                text: ChartText, y_range: tuple[float, float] | None = None,
                x_range: tuple[float, float] | None = None) -> dict:
    """One line per loss over the error e = prediction − target; `marks` are the current predictions' points.

    x_range and y_range are the least the view shows; each grows to keep every mark in sight (an
    outlier's MSE is the point), and the curves must reach as far as the marks can go.
    """
    series = []
    for name, ys in curves.items():
        colour = LOSS_COLOURS[name]
        series.append(line_series(name, xy_pairs(errors, ys), colour) | {"symbol": "none"})
        xs, ys_now = marks.get(name, ([], []))
        series.append(mark_series(name, list(xs), list(ys_now), colour, "{name}: e = {x:.2f} → {y:.4f}"))
    x_axis = _axis(text.x_title, x_range, [x for xs, _ in marks.values() for x in xs])
    y_axis = _axis(text.y_title, y_range, [y for _, ys_now in marks.values() for y in ys_now])
    series[0]["markLine"] = zero_line()
    return finish_option(chart_option(text.title, x_axis, y_axis, series, tooltip="axis"), list(curves), "%.3f")


def _covering(least: tuple[float, float], shown: list[float]) -> list[float]:
    """The range `least`, grown on the side a shown point passes it, with a margin so its dot is whole."""
    low, high = min([least[0], *shown]), max([least[1], *shown])
    pad = 0.06 * (high - low)
    return [low - (pad if low < least[0] else 0), high + (pad if high > least[1] else 0)]


def _axis(name: str, least: tuple[float, float] | None, shown: list[float]) -> dict:
    """A value axis over at least `least` (None: ECharts fits the data), grown to cover every shown mark."""
    if least is None:
        return value_axis(name)
    low, high = _covering(least, [v for v in shown if json_number(v) is not None])
    return edge_labels(value_axis(name, round(low, 4), round(high, 4)))


def edge_labels(axis: dict) -> dict:
    """Hide the label of a range end that is not a round number: ECharts would print −5.385 next to −4."""
    def is_round(v):
        return v is None or abs(v * 2 - round(v * 2)) < 1e-9
    axis["axisLabel"] = {"showMinLabel": is_round(axis.get("min")), "showMaxLabel": is_round(axis.get("max")),
                         "hideOverlap": True}
    return axis


def mark_series(name: str, xs: list[float], ys: list[float], colour: str, hover: str) -> dict:
    """The current values as dots on their curve, above it; hovered one by one (kept out of the axis tooltip),
    each saying `hover`, a format of name, x and y (ECharts' templates print 0.30000000000000004)."""
    data = [{"value": point, "tooltip": {"formatter": hover.format(name=name, x=x, y=y)}}
            for point, x, y in zip(xy_pairs(xs, ys), xs, ys)]
    series = scatter_series(name, data, colour, size=MARK_SIZE)
    return series | {"tooltip": {"trigger": "item"}, "z": 3}


def zero_line() -> dict:
    """A grey vertical line at x = 0 (Plotly's zeroline): where the prediction is right, or the logit neutral."""
    return {"silent": True, "symbol": "none", "label": {"show": False},
            "lineStyle": {"color": GREY, "type": "solid", "width": 1}, "data": [{"xAxis": 0}]}


def finish_option(option: dict, names: list[str], number: str, wrap_px: float | None = TITLE_WRAP_PX) -> dict:
    """The last touches every chart here shares: legend names once each, values formatted on hover, a long title
    on two lines (its bracket on the second) with the plot moved down to make room."""
    grid = dict(GRID)
    if names:
        option["legend"] = option["legend"] | {"data": names, "itemGap": 14}
        grid["bottom"] += LEGEND_ROOM
    option["tooltip"] |= {"valueFormatter": number, "confine": True}
    title = option["title"]
    if wrap_px and _text_width(title["text"]) > wrap_px:
        bracket = max(title["text"].rfind("("), title["text"].rfind("（"))
        if bracket > 0:
            title["text"] = title["text"][:bracket].rstrip() + "\n" + title["text"][bracket:]
        title["textStyle"] = title["textStyle"] | {"width": wrap_px, "overflow": "break", "lineHeight": TITLE_LINE}
        grid["top"] += TITLE_LINE
    option["grid"] = grid
    return option


def _text_width(text: str) -> float:
    """About how wide a 15 px bold title is: a CJK character is a square, a Latin one a little over half."""
    return sum(15.5 if ord(ch) >= 0x2E80 else 8.3 for ch in text)


def probability_chart(probabilities: list[float], target: int, text: ChartText) -> dict:
    """softmax(logits) as bars, the true class in orange, each value on top of its bar."""
    labels = [str(i) for i in range(len(probabilities))]
    data = [{"value": json_number(round(float(p), 4)), "itemStyle": {"color": ORANGE if i == target else GREY},
             "label": {"formatter": f"{p:.2f}"}} for i, p in enumerate(probabilities)]
    bars = {"type": "bar", "name": text.y_title, "data": data, "barMaxWidth": 64,
            "label": {"show": True, "position": "top", "fontSize": 11}}
    y_axis = edge_labels(value_axis(text.y_title, 0, 1.12))
    option = chart_option(text.title, category_axis(labels, text.x_title), y_axis, [bars], legend=False)
    option["tooltip"]["formatter"] = "{b}: {c}"
    return finish_option(option, [], "%.4f", WIDE_WRAP_PX)


def gradient_chart(grad: list[float], expected: list[float], text: ChartText) -> dict:
    """Autograd's d CE / d logits next to softmax − one_hot: two bars that should be the same height."""
    labels = [str(i) for i in range(len(grad))]
    series = [{"type": "bar", "name": name, "data": [json_number(float(v)) for v in values],
               "itemStyle": {"color": colour}, "barMaxWidth": 32}
              for name, values, colour in ((text.raw_name, grad, ORANGE), (text.smooth_name, expected, BLUE))]
    y_axis = edge_labels(value_axis(text.y_title, -1.05, 1.05))
    option = chart_option(text.title, category_axis(labels, text.x_title), y_axis, series, tooltip="axis")
    return finish_option(option, [text.raw_name, text.smooth_name], "%.4f", WIDE_WRAP_PX)
