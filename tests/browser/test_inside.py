"""See inside in chromium: every layer's channels are drawn as one picture (vectors as bars), hover reads a channel
and a value, and a click on a channel enlarges it."""

from pathlib import Path

from streamlit_server import exception_texts, wait_until_settled

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots-tmp"

# For each layer card, what it shows once drawn: "map" (its picture, loaded), "bars", "waiting" (not drawn yet) or
# null (a card without a picture, e.g. Flatten's). Both live in an inline component's shadow root.
DRAWN = """(selector) => [...document.querySelectorAll(selector)].map(card => {
  const part = card.querySelector('[data-testid="stBidiComponentIsolated"]');
  if (!part) return null;
  const root = part.shadowRoot, img = root && root.querySelector('.tl-frame img');
  if (img) return img.complete && img.naturalWidth > 0 ? 'map' : 'waiting';
  return root && root.querySelector('.tl-frame canvas') ? 'bars' : 'waiting';
})"""
CARDS = '[class*="st-key-inside-layer-"]'


def open_inside(page, app_url, lang="en"):
    page.goto(f"{app_url}/inside?lang={lang}")
    wait_until_settled(page, timeout_ms=60000)
    # the component's code arrives after the page's text: wait until every card has drawn
    page.wait_for_function(f"(n => n.some(x => x !== null) && !n.includes('waiting'))(({DRAWN})('{CARDS}'))",
                           timeout=30000)


def test_every_conv_layer_shows_a_grid_of_its_channels(page, app_url):
    open_inside(page, app_url)
    drawn = page.evaluate(DRAWN, CARDS)
    # the shipped ConvNet: conv1, relu1, pool, conv2, relu2 are grids; flatten is text; fc1, relu3, fc2 bars
    assert drawn == ["map"] * 5 + [None] + ["bars"] * 3, drawn
    box = page.locator(".st-key-inside-layer-0 img").bounding_box()
    assert box["width"] > 300 and box["height"] > 100, "the picture is drawn at the card's width, not just declared"
    assert page.get_by_text("output [1, 10, 24, 24]").first.is_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "inside-feature-maps.png", full_page=True)
    assert not exception_texts(page)


def test_clicking_a_channel_enlarges_it_in_the_closer_look(page, app_url):
    open_inside(page, app_url)
    grid = page.locator(".st-key-inside-layer-1 img")  # relu1: 10 channels, 2 rows of 5
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.75)  # the middle of row 2
    tip = page.locator(".st-key-inside-layer-1 .tl-tip")
    assert "channel 7" in tip.inner_text() and "value " in tip.inner_text(), "hover names the channel and the value"
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.75)
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
