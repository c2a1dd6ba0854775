"""core.live_svg: the Train page's live charts are well-formed SVG that say what the data says."""

import math
import xml.etree.ElementTree as ET

import pytest

from core.live_svg import MAX_POINTS, Series, heatmap, line_chart, nice_ticks
from core.train_plots import ChartText

NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


@pytest.mark.parametrize("low, high", [(0.02, 2.3), (0.0, 1.0), (0.97, 0.99), (1e-4, 4e-3)])
def test_nice_ticks_cover_the_range_in_round_steps(low, high):
    ticks = nice_ticks(low, high)
    steps = {round(b - a, 12) for a, b in zip(ticks, ticks[1:])}
    assert len(steps) == 1
    step = next(iter(steps))
    assert ticks[0] <= low < ticks[0] + step  # from the tick at or below the lowest value
    assert ticks[-1] <= high + 1e-12 < ticks[-1] + step  # up to the highest
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 6) in (1, 2, 5)


def test_a_flat_series_still_gets_ticks_around_it():
    ticks = nice_ticks(5.0, 5.0)
    assert ticks[0] <= 5.0 <= ticks[-1] and len(ticks) >= 2


def test_line_chart_draws_every_series_with_its_legend_and_escaped_words():
    steps = list(range(1, 1001))
    svg = line_chart([Series(steps, [1 / s for s in steps], "#f00", 1, "raw <per step>"),
                      Series(steps, [0.5] * 1000, "#0f0", 3, "smoothed")],
                     ChartText("Loss & more", "step", "loss"), x_range=(0, 1200))
    root = parse(svg)
    lines = root.findall(f"{NS}polyline")
    assert len(lines) == 2
    counts = [len(line.get("points").split()) for line in lines]
    assert all(c <= MAX_POINTS + 1 for c in counts)  # thinned, newest point kept
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert "Loss & more" in texts and "raw <per step>" in texts and "smoothed" in texts
    assert root.get("aria-label") == "Loss & more"


def test_points_land_inside_the_plot_even_when_a_value_is_off_the_chart():
    svg = line_chart([Series([1, 2, 3], [0.5, float("nan"), 1e9], "#f00")], ChartText("lr"),
                     x_range=(0, 4), y_range=(0, 1), width=400, height=260)
    points = [tuple(map(float, p.split(","))) for p in parse(svg).find(f"{NS}polyline").get("points").split()]
    assert len(points) == 2  # NaN skipped
    assert all(0 <= x <= 400 and 0 <= y <= 260 for x, y in points)


def test_accuracy_axis_is_a_percentage_that_never_passes_100():
    svg = line_chart([Series([1, 2], [0.985, 0.999], "#f00", markers=True)], ChartText("acc"), percent=True)
    labels = [t.text for t in parse(svg).iter(f"{NS}text") if t.text and t.text.endswith("%")]
    assert labels and all(float(label.rstrip("%")) <= 100 for label in labels)
    assert len(parse(svg).findall(f"{NS}circle")) == 2


def test_empty_charts_still_render():
    assert parse(line_chart([], ChartText("nothing yet"))).tag == f"{NS}svg"
    assert parse(heatmap([], [], ChartText("confusion"))).tag == f"{NS}svg"


def test_heatmap_has_a_cell_and_a_count_for_every_pair():
    matrix = [[50, 1, 0], [2, 40, 3], [0, 0, 45]]
    root = parse(heatmap(matrix, ["a", "b", "c"], ChartText("confusion", "predicted", "true")))
    assert len(root.findall(f"{NS}rect")) == 9
    texts = [t.text for t in root.iter(f"{NS}text")]
    for row in matrix:
        for count in row:
            assert str(count) in texts


def test_a_chart_as_an_img_src_is_standalone_svg():
    import base64

    from core.live_svg import svg_data_uri

    svg = line_chart([Series([1, 2, 3], [3.0, 2.0, 1.0], "#ee4c2c")], ChartText("Loss", "step", "loss"))
    head, data = svg_data_uri(svg).split(",", 1)
    assert head == "data:image/svg+xml;base64"
    root = ET.fromstring(base64.b64decode(data))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"  # without the namespace a browser shows nothing
