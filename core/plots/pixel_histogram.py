"""Per-channel histograms of a picture's values as an ECharts option (the Transforms page's "Why Normalize?").

Each channel is a filled step line over the same bins, so the channels overlay and their shift and spread
after Normalize read at a glance; hover gives each bin's count per channel.
"""

from __future__ import annotations

import math

import numpy as np

from core.plots.echarts_base import chart_option, value_axis

BINS = 60
CHANNEL_COLOURS = ("#d62728", "#2ca02c", "#1f77b4")  # R, G, B
GREY = "#555555"  # a one-channel picture


def histogram_option(channels: list[np.ndarray], names: list[str], title: str, x_title: str, y_title: str) -> dict:
    """One step-filled histogram per channel, on bins shared by all channels (60 over their joint range)."""
    finite = [c[np.isfinite(c)] for c in channels]
    joined = np.concatenate(finite) if finite else np.zeros(0)
    low, high = (float(joined.min()), float(joined.max())) if joined.size else (0.0, 1.0)
    edges = np.linspace(low, high if high > low else low + 1.0, BINS + 1)
    centres = (edges[:-1] + edges[1:]) / 2
    series = []
    for index, (values, name) in enumerate(zip(finite, names)):
        colour = GREY if len(channels) == 1 else CHANNEL_COLOURS[index % 3]
        counts, _ = np.histogram(values, edges)
        series.append({"type": "line", "name": name, "step": "middle", "showSymbol": False,
                       "data": [[round(float(x), 4), int(n)] for x, n in zip(centres, counts)],
                       "lineStyle": {"color": colour, "width": 1.5}, "itemStyle": {"color": colour},
                       "areaStyle": {"color": colour, "opacity": 0.3}})
    axis = value_axis(x_title, math.floor(edges[0] * 100) / 100, math.ceil(edges[-1] * 100) / 100)  # short labels
    option = chart_option(title, axis,
                          value_axis(y_title, 0), series, legend=len(channels) > 1, tooltip="axis")
    option["xAxis"]["scale"] = False
    option["yAxis"] |= {"nameGap": 40, "axisLabel": {"fontSize": 10}}
    option["grid"] |= {"left": 4, "right": 10, "top": 40}  # half a column: every pixel for the plot
    if "legend" in option:
        option["legend"] |= {"type": "plain", "itemWidth": 14, "itemGap": 6, "textStyle": {"fontSize": 11}}
    return option
