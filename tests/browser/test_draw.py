"""Draw digits with real mouse strokes in chromium and read the model's answer off the page."""

import math
import time
from pathlib import Path

import pytest
from streamlit_server import exception_texts, wait_until_settled

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots-tmp"
BIG_DIGIT = ".st-key-canvas-digit"  # the container holding the predicted digit

# Strokes in canvas coordinates (0..280), as a person would draw them.
ONE = [[(140, 50), (140, 235)]]
ZERO = [[(140 + 60 * math.sin(a / 20 * math.pi), 140 - 90 * math.cos(a / 20 * math.pi)) for a in range(41)]]
SEVEN = [[(85, 60), (195, 60), (130, 235)]]


def draw(page, strokes):
    box = page.locator("canvas.upper-canvas").first.bounding_box()
    for stroke in strokes:
        x, y = stroke[0]
        page.mouse.move(box["x"] + x, box["y"] + y)
        page.mouse.down()
        for (x0, y0), (x1, y1) in zip(stroke, stroke[1:]):
            for i in range(1, 9):  # intermediate points, so fabric.js records a smooth path
                page.mouse.move(box["x"] + x0 + (x1 - x0) * i / 8, box["y"] + y0 + (y1 - y0) * i / 8)
        page.mouse.up()


def predicted_digit(page) -> str:
    page.locator(BIG_DIGIT).first.wait_for(timeout=15000)
    wait_until_settled(page)
    return page.locator(BIG_DIGIT).first.inner_text().strip()


def open_draw_page(page, app_url, lang="en"):
    page.goto(f"{app_url}/draw?lang={lang}")
    wait_until_settled(page)
    page.locator("canvas.upper-canvas").first.wait_for()


@pytest.mark.parametrize("strokes, expected", [(ONE, "1"), (ZERO, "0"), (SEVEN, "7")], ids=["one", "zero", "seven"])
def test_drawing_a_digit_shows_its_prediction(page, app_url, strokes, expected):
    open_draw_page(page, app_url)
    assert page.get_by_text("Draw a digit (0–9)").is_visible(), "an empty canvas shows a hint"
    draw(page, strokes)
    assert predicted_digit(page) == expected
    chart = page.locator('.st-key-canvas-probs [role="img"]')
    assert chart.get_attribute("aria-label").startswith("Probability of each digit: 0: "), "the probability chart"
    assert page.locator(".st-key-canvas-why").get_by_text("No cleaning needed").is_visible(), "why no cleaning ran"
    assert not exception_texts(page)


def test_explanations_appear_when_opened(page, app_url):
    open_draw_page(page, app_url)
    draw(page, SEVEN)
    assert predicted_digit(page) == "7"
    assert page.locator('img[alt="Why: Grad-CAM"]').count() == 0, "nothing computed before it is asked for"
    page.get_by_text("Why did the model say that?").click()
    page.locator('img[alt="Why: Grad-CAM"]').wait_for(timeout=15000)
    assert page.locator('img[alt="Why: saliency"]').is_visible()
    assert not exception_texts(page)


def test_clear_really_clears(page, app_url):
    open_draw_page(page, app_url)
    draw(page, ONE)
    predicted_digit(page)
    page.get_by_role("button", name="Clear").click()
    wait_until_settled(page)
    assert page.locator(BIG_DIGIT).count() == 0
    assert page.get_by_text("Draw a digit (0–9)").is_visible()


def test_draw_page_in_chinese(page, app_url):
    open_draw_page(page, app_url, lang="zh")
    draw(page, ZERO)
    assert predicted_digit(page) == "0"
    page.get_by_text("每个数字的概率").first.wait_for(state="visible", timeout=30000)  # chart title in Chinese
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "draw-zh.png", full_page=True)


# The canvas lives in a shadow root (a components-v2 component): find its drawing layer through them.
CANVAS_INK = """() => {
  const find = (root) => { const hit = root.querySelector('canvas.dc-canvas.lower-canvas'); if (hit) return hit;
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) { const r = find(el.shadowRoot); if (r) return r; }
    return null; };
  const canvas = find(document); if (!canvas) return -1;
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0; for (let i = 0; i < data.length; i += 4) ink += data[i] > 128; return ink; }"""


def test_choosing_another_model_keeps_the_drawing_and_its_prediction(page, app_url):
    """Picking "Upload weights" used to remount the canvas (the uploader pushed it down): a blank canvas
    under the old prediction, and the drawing gone for good."""
    open_draw_page(page, app_url)
    draw(page, SEVEN)
    assert predicted_digit(page) == "7"
    inked = page.evaluate(CANVAS_INK)
    assert inked > 500
    for option in (-1, 0):  # "Upload weights (.pt)…", then back to the shipped model
        page.locator('[data-testid="stSelectbox"]').first.click()
        page.get_by_role("option").nth(option).click()
        wait_until_settled(page)
        assert page.evaluate(CANVAS_INK) == inked, "the drawing is still on the canvas"
        assert predicted_digit(page) == "7", "and the prediction still describes it"
    assert not exception_texts(page)


TOOLBAR_BOXES = """() => {
  const find = (root, sel) => { const hit = root.querySelector(sel); if (hit) return hit;
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) { const r = find(el.shadowRoot, sel); if (r) return r; }
    return null; };
  const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return {canvas: box(find(document, 'canvas.upper-canvas')), toolbar: box(find(document, '.dc-toolbar')),
          slider: box(document.querySelector('[data-testid="stSlider"]'))}; }"""


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def settled_boxes(page, timeout_s: float = 5.0) -> dict:
    """The boxes once the toolbar stops overlapping anything, or as they are after `timeout_s`:
    the page styles a canvas a frame after it mounts, and a hover's transition takes a moment."""
    deadline = time.monotonic() + timeout_s
    while True:
        boxes = page.evaluate(TOOLBAR_BOXES)
        clear = not any(overlaps(boxes["toolbar"], boxes[other]) for other in ("canvas", "slider"))
        if clear or time.monotonic() > deadline:
            return boxes
        page.wait_for_timeout(100)


def test_nothing_covers_the_drawing_surface(page, app_url):
    """The canvas's toolbar floated over its top right corner (invisible, still catching the pointer)
    and, on hover, over the pen-width slider: a stroke starting there was lost."""
    open_draw_page(page, app_url)
    for hovered in (False, True):
        if hovered:
            box = page.locator("canvas.upper-canvas").first.bounding_box()
            page.mouse.move(box["x"] + 140, box["y"] + 140)
            page.wait_for_function("() => true")  # one round trip: the hover's style applies
        boxes = settled_boxes(page)
        assert not overlaps(boxes["toolbar"], boxes["canvas"]), boxes
        assert not overlaps(boxes["toolbar"], boxes["slider"]), boxes
    draw(page, [[(262, 4), (262, 180)]])  # a 1 whose stroke starts in the top right corner
    assert predicted_digit(page) == "1", "the stroke reached the model"
    assert page.evaluate(CANVAS_INK) > 500, "the stroke that starts under the old toolbar is drawn"
