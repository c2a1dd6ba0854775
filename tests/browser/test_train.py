"""Train in chromium: the live view draws the job's feed as it grows, Stop ends the run, a run that
ends by itself brings the page back on its own, and the settings and history survive both."""

import re

from streamlit_server import exception_texts, wait_until_settled

# The live view (ui/train/live_view/) draws in its own frame: count the points of the raw-loss line.
POINTS = """() => { const chart = document.querySelector('canvas[aria-label="Training loss"]');
                   return chart ? Number(chart.dataset.points) : 0; }"""
LIVE_VIEW = re.compile(r"/component/[^/]*live_view/")


def live_frame(page):
    page.wait_for_selector('iframe[src*="live_view"]', timeout=60000)
    return next(f for f in page.frames if LIVE_VIEW.search(f.url))


# Every caption the live view shows, from the moment this is installed (the frame goes when the run ends).
WATCH_CAPTION = """() => { window.top.__captions = []; const caption = document.getElementById('caption');
  const note = () => window.top.__captions.push(caption.textContent); note();
  new MutationObserver(note).observe(caption, {childList: true, characterData: true, subtree: true}); }"""


def live_captions_seen(live) -> list[str]:
    return live.page.evaluate("() => window.__captions || []")


def assert_settings_kept(page):
    """The controls hidden while it trained come back with the values the run used, not widget defaults."""
    optimizer = page.get_by_role("combobox", name="Optimizer")
    assert optimizer.input_value() == "Adam"
    epochs = page.locator('[data-testid="stSlider"]').filter(has_text="Epochs")
    assert re.search(r"Epochs\s+3\b", epochs.inner_text())


def test_train_live_then_stop_then_history(page, app_url):
    page.goto(app_url + "/train?lang=en")
    wait_until_settled(page)
    page.get_by_role("button", name="Train").click()  # defaults: ConvNet, all of MNIST, 3 epochs
    live = live_frame(page)
    live.evaluate(WATCH_CAPTION)
    live.wait_for_function(f"({POINTS})() >= 3", timeout=60000)
    first = live.evaluate(POINTS)
    live.wait_for_function(f"({POINTS})() > {first}", timeout=30000)  # the chart grows while training
    assert "samples/s" in live.inner_text("#caption")

    page.get_by_role("button", name="Stop").click()
    # no timing assert (STYLE: benches measure, tests don't); the job's own stop is tested in core
    page.get_by_text("Stopped by request").wait_for(timeout=20000)
    wait_until_settled(page)
    shown = live_captions_seen(live)
    assert shown and not [c for c in shown if " 0 samples/s" in c], "no speed before one was measured"
    line = page.locator('[data-testid="stProgress"]').first.inner_text()
    assert "stopped" in line and "left" not in line, line
    assert page.get_by_role("button", name="Train").is_enabled()
    assert_settings_kept(page)

    table = page.locator('[data-testid="stDataFrame"]')  # drawn on a canvas; its code may arrive lazily
    table.first.wait_for(timeout=20000)
    assert table.count() == 1, "the history table"
    chips = page.locator('[data-testid="stMultiSelect"]').first  # "Compare runs" lists the run
    assert "convnet · Adam 0.004" in chips.inner_text(), "the stopped run is listed in history"
    assert not exception_texts(page)


def test_a_run_that_ends_by_itself_brings_the_page_back(page, app_url):
    page.goto(app_url + "/train?lang=en")
    wait_until_settled(page)
    subset = page.get_by_role("slider", name="Training images")
    subset.focus()
    subset.press("Home")  # the smallest: 1,000 images
    page.wait_for_function("() => document.querySelector('input[aria-label=\"Training images\"]')"
                           ".getAttribute('aria-valuetext') === '1,000'", timeout=10000)
    wait_until_settled(page)
    page.get_by_role("button", name="Train").click()
    live_frame(page)
    page.get_by_text("Finished 3 epochs").wait_for(timeout=60000)  # the live view saw the end: the page reran
    wait_until_settled(page)
    assert page.locator('iframe[src*="live_view"]').count() == 0, "the live view gave way to the final charts"
    # loss, accuracy, learning rate, confusion (and history's comparison); Plotly's code arrives lazily
    page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stPlotlyChart\"]').length >= 4",
                           timeout=20000)
    assert_settings_kept(page)
    assert not exception_texts(page)
