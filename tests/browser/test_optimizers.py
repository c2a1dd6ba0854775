"""The optimizer race in chromium: start it, watch all four loss curves appear live, screenshot the finish."""

import sys
from pathlib import Path

from streamlit_server import exception_texts, wait_until_drawn, wait_until_settled

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "screenshots-tmp"
sys.path.insert(0, str(REPO / "tools"))
from screenshots import screenshot_full  # noqa: E402  (Streamlit scrolls inside a div: grow the viewport first)

NAMES = ["SGD", "Momentum", "RMSprop", "Adam"]

# Names of the loss chart's traces that already hold points, read from plotly's own data on the element.
_RACING_JS = """() => {
  const chart = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
  if (!chart || !chart.data) return [];
  return [...new Set(chart.data.filter(t => t.x && t.x.length >= 5 && t.showlegend !== false).map(t => t.name))];
}"""


def test_the_race_draws_all_four_optimizers_live(page, app_url):
    page.goto(f"{app_url}/optimizers?lang=en")
    wait_until_settled(page, timeout_ms=60000)
    wait_until_drawn(page)
    page.get_by_role("button", name="Start the race").click()
    page.get_by_text("Step ").first.wait_for(timeout=30000)  # the live progress bar: the race is running
    page.wait_for_function(f"() => ({_RACING_JS})().length === 4", polling=200, timeout=60000)
    assert sorted(page.evaluate(_RACING_JS)) == sorted(NAMES)
    assert page.get_by_role("button", name="Stop").is_enabled(), "Stop is offered while the race runs"
    page.get_by_text("The race is over").wait_for(timeout=120000)
    wait_until_settled(page)
    wait_until_drawn(page)
    legend = page.locator('[data-testid="stPlotlyChart"]').first.locator(".legendtext").all_text_contents()
    assert legend == NAMES
    SCREENSHOTS.mkdir(exist_ok=True)
    screenshot_full(page, SCREENSHOTS / "optimizer-race.png", 900)
    assert not exception_texts(page)
