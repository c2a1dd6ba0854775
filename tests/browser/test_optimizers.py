"""The optimizer race in chromium: start it, watch all four loss curves appear live, screenshot the finish.

The loss chart is an ECharts canvas, so its curves are read from its pixels: each optimizer's colour
(core.lessons.race_optimizers) covers far more of the canvas once its bold curve is drawn than the
legend's small icon alone does before the start. The chart must also stay the same element while the
race redraws it twice a second: a new one would flash and replay.
"""

import sys
from pathlib import Path

from streamlit_server import exception_texts, wait_until_drawn, wait_until_settled

from core.lessons.race_optimizers import OPTIMIZERS

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "screenshots-tmp"
sys.path.insert(0, str(REPO / "tools"))
from screenshots import screenshot_full  # noqa: E402  (Streamlit scrolls inside a div: grow the viewport first)

RGB = [[int(spec.colour[i:i + 2], 16) for i in (1, 3, 5)] for spec in OPTIMIZERS.values()]
CURVE_PIXELS = 150  # a bold curve over a few dozen steps covers more than this beyond its legend icon

# How many opaque pixels of the first chart (the race's losses) have each colour, within a little anti-aliasing.
_COLOUR_PIXELS_JS = """(colours) => {
  const canvas = document.querySelector('[data-testid="stEChartsChart"] canvas');
  if (!canvas) return colours.map(() => 0);
  const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  const counts = colours.map(() => 0);
  for (let i = 0; i < d.length; i += 4) {
    if (d[i + 3] < 250) continue;
    colours.forEach(([r, g, b], k) => {
      if (Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) <= 30) counts[k]++;
    });
  }
  return counts;
}"""
_MARK_JS = "() => { document.querySelector('[data-testid=\"stEChartsChart\"]').__kept = true; }"
_STILL_MARKED_JS = "() => document.querySelector('[data-testid=\"stEChartsChart\"]').__kept === true"


def curves_drawn(page, before: list[int]) -> list[bool]:
    counts = page.evaluate(_COLOUR_PIXELS_JS, RGB)
    return [now - then > CURVE_PIXELS for now, then in zip(counts, before)]


def test_the_race_draws_all_four_optimizers_live(page, app_url):
    page.goto(f"{app_url}/optimizers?lang=en")
    wait_until_settled(page, timeout_ms=60000)
    wait_until_drawn(page)
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 0, "the surface tab's plotly waits for its click"
    idle = page.evaluate(_COLOUR_PIXELS_JS, RGB)
    assert all(idle), "the legend shows each optimizer's colour before the start"
    assert not any(curves_drawn(page, idle)), "no curve yet"
    page.evaluate(_MARK_JS)
    page.get_by_role("button", name="Start the race").click()
    page.get_by_text("Step ").first.wait_for(timeout=30000)  # the live progress bar: the race is running
    first = page.get_by_text("Step ").first.inner_text()
    page.wait_for_function(f"() => ({_COLOUR_PIXELS_JS})({RGB}).every((n, k) => n - {idle}[k] > {CURVE_PIXELS})",
                           polling=200, timeout=60000)
    assert page.get_by_text("Step ").first.inner_text() != first, "the progress moved on"
    assert page.evaluate(_STILL_MARKED_JS), "the chart from before the start, redrawn in place, not replaced"
    assert page.get_by_role("button", name="Stop").is_enabled(), "Stop is offered while the race runs"
    page.get_by_text("The race is over").wait_for(timeout=120000)
    wait_until_settled(page)
    wait_until_drawn(page)
    assert all(curves_drawn(page, idle)), dict(zip(OPTIMIZERS, page.evaluate(_COLOUR_PIXELS_JS, RGB)))
    assert page.evaluate(_STILL_MARKED_JS), "the finish redraws it in place too"
    SCREENSHOTS.mkdir(exist_ok=True)
    screenshot_full(page, SCREENSHOTS / "optimizer-race.png", 900)
    assert not exception_texts(page)
