"""ui/common/html_bars.py: a page's few bars as HTML: heights and widths in proportion, numbers on hover, escaped."""

import re

from ui.common.html_bars import column_bars_html, row_bars_html


def test_columns_stand_in_proportion_with_their_numbers():
    html = column_bars_html(["a", "<b>"], [50, 100], "Images per class", "class", "images", "#ff4b4b")
    assert [float(h) for h in re.findall(r'style="height:([\d.]+)%', html)] == [44.0, 88.0]
    assert 'title="a: 50 images"' in html and "<span>&lt;b&gt;</span>" in html and "<b>" not in html.split("</style>")[1]
    assert 'aria-label="Images per class"' in html
    many = column_bars_html([str(i) for i in range(31)], [1] * 31, "t", "x", "n", "#000")
    assert 'class="tl-names"' not in many and 'title="30: 1 n"' in many, "31 names: on hover only"


def test_rows_lie_in_proportion_with_the_number_after_each():
    html = row_bars_html(["conv1 (Conv2d)", "fc1 (Linear)"], [260, 1_000_500], "Parameters per layer", "parameters",
                         "#ee4c2c")
    assert re.findall(r"\* ([\d.]+)\)\)", html) == ["0.0003", "1.0000"]
    assert "<i>1,000,500</i>" in html and 'title="fc1 (Linear): 1,000,500 parameters"' in html
