"""The shared ECharts options: JSON that Streamlit accepts (no NaN), gaps for non-finite values, one look."""

import json
import math

from core.plots.echarts_base import chart_option, line_series, value_axis, xy_pairs


def test_non_finite_values_become_gaps_and_the_option_is_strict_json():
    points = xy_pairs([0, 1, 2, 3], [1.0, math.nan, math.inf, -2.0])
    assert points == [[0.0, 1.0], [1.0, None], [2.0, None], [3.0, -2.0]]
    option = chart_option("t", value_axis("x"), value_axis("y", log=True),
                          [line_series("a", points, "#111111")])
    json.dumps(option, allow_nan=False)  # raises on NaN, as Streamlit does
    assert option["animation"] is False and option["yAxis"]["type"] == "log"


def test_a_chart_without_legend_gives_the_plot_its_room():
    with_legend = chart_option("t", value_axis("x"), value_axis("y"), [])
    without = chart_option("t", value_axis("x"), value_axis("y"), [], legend=False)
    assert "legend" in with_legend and "legend" not in without
    assert without["grid"]["bottom"] < with_legend["grid"]["bottom"]
