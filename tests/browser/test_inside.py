"""See inside in chromium: every layer's heatmap grid renders, and a click on a channel enlarges it."""

from pathlib import Path

from streamlit_server import exception_texts, wait_until_settled

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots-tmp"

# For each layer card: how many heatmap traces its chart holds once plotly has drawn it
# (-1: not drawn yet; null: a card without a chart, e.g. Flatten's).
HEATMAPS = """(selector) => [...document.querySelectorAll(selector)].map(card => {
  if (!card.querySelector('[data-testid="stPlotlyChart"]')) return null;
  const plot = card.querySelector('.js-plotly-plot');
  return plot && plot.data && card.querySelector('.main-svg') ? plot.data.filter(t => t.type === 'heatmap').length : -1;
})"""
CARDS = '[class*="st-key-inside-layer-"]'


def open_inside(page, app_url, lang="en"):
    page.goto(f"{app_url}/inside?lang={lang}")
    wait_until_settled(page, timeout_ms=60000)
    # plotly's bundle loads lazily: wait until charts exist and every one of them is drawn
    page.wait_for_function(f"(n => n.some(x => x !== null) && !n.includes(-1))(({HEATMAPS})('{CARDS}'))",
                           timeout=30000)


def test_every_conv_layer_shows_a_heatmap_grid(page, app_url):
    open_inside(page, app_url)
    heatmaps = page.evaluate(HEATMAPS, CARDS)
    # the shipped ConvNet: conv1, relu1, pool, conv2, relu2 are grids; flatten is text; fc1, relu3, fc2 bars
    assert heatmaps == [1, 1, 1, 1, 1, None, 0, 0, 0], heatmaps
    first = page.locator(f"{CARDS} .js-plotly-plot").first
    assert first.locator("image, .hm").count() >= 1, "the heatmap is drawn, not just declared"
    assert page.get_by_text("output [1, 10, 24, 24]").first.is_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "inside-feature-maps.png", full_page=True)
    assert not exception_texts(page)


def test_clicking_a_channel_enlarges_it_in_the_closer_look(page, app_url):
    open_inside(page, app_url)
    grid = page.locator(".st-key-inside-layer-1 .js-plotly-plot")  # relu1: 10 channels, 2 rows of 5
    grid.scroll_into_view_if_needed()
    box = grid.locator(".nsewdrag").first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.75)  # the middle of row 2
    page.get_by_text("relu1, channel 7").first.wait_for(timeout=15000)
    wait_until_settled(page)
    assert page.get_by_text("Kernel 7 of conv1").first.is_visible(), "the kernel that made it, beside it"
    assert not exception_texts(page)


def test_conv_lab_in_chinese(page, app_url):
    open_inside(page, app_url, lang="zh")
    page.get_by_role("tab", name="卷积计算").click()
    page.get_by_text("选择一个输出格子").wait_for()
    wait_until_settled(page)
    assert page.locator(".katex").count() >= 1, "the output-size formula is typeset"
    assert page.get_by_text("输入 [1, 1, 28, 28] → 输出").is_visible()
    assert not exception_texts(page)
