"""The Losses page's two-class charts: BCELoss(sigmoid) and BCEWithLogitsLoss over the logit, with a dot at yours.

BCEWithLogitsLoss is the solid blue line underneath, BCELoss the dashed orange one on top, so
where they agree one sees both, and where BCELoss breaks away one sees the gap. ECharts options (see echarts_base).
"""

from __future__ import annotations

from core.plots.echarts_base import chart_option, line_series, value_axis, xy_pairs
from core.plots.loss_plots import (
    BLUE,
    WIDE_WRAP_PX,
    edge_labels,
    finish_option,
    mark_series,
    zero_line,
)
from core.plots.train_plots import ORANGE, ChartText

HEIGHT = 340
HOVER = "{name}: logit {x:.2f} → {y:.6g}"


def binary_chart(logits: list[float], bce: list[float], with_logits: list[float], now: tuple[float, float, float],
                 text: ChartText, y_range: tuple[float, float] | None = None) -> dict:
    """Two curves over the logit; `now` = (logit, BCELoss's value, BCEWithLogitsLoss's value) marks the slider.

    text.raw_name names BCELoss, text.smooth_name BCEWithLogitsLoss.
    """
    logit, bce_now, exact_now = now
    exact_line = line_series(text.smooth_name, xy_pairs(logits, with_logits), BLUE, width=5) | {"symbol": "none"}
    bce_line = line_series(text.raw_name, xy_pairs(logits, bce), ORANGE, width=2.5) | {"symbol": "none"}
    bce_line["lineStyle"]["type"] = "dashed"
    exact_line["markLine"] = zero_line()
    series = [exact_line, bce_line,  # the wide solid line first, under the dashed one
              mark_series(text.smooth_name, [logit], [exact_now], BLUE, HOVER) | {"symbolSize": 12},
              mark_series(text.raw_name, [logit], [bce_now], ORANGE, HOVER) | {"symbolSize": 12}]
    y_axis = value_axis(text.y_title) if y_range is None else edge_labels(value_axis(text.y_title, *y_range))
    x_axis = value_axis(text.x_title, logits[0], logits[-1]) if logits else value_axis(text.x_title)
    return finish_option(chart_option(text.title, x_axis, y_axis, series, tooltip="axis"),
                     [text.smooth_name, text.raw_name], "%.6g", WIDE_WRAP_PX)
