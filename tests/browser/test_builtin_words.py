"""Words the app does not draw itself — Streamlit's uploader, the drawing canvas's toolbar — follow the page's
language in chromium, and go back to English after a switch back."""

import io

from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from core.common.i18n import translate
from streamlit_server import wait_until_settled
from ui.draw.canvas_style import TOOLBAR_TITLES

# [title, aria-label] of every toolbar button, found inside the component's shadow root.
TOOLBAR_JS = """() => {
  const found = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (!el.shadowRoot) continue;
      for (const b of el.shadowRoot.querySelectorAll('.dc-toolbar button')) {
        found.push([b.title, b.getAttribute('aria-label')]);
      }
      walk(el.shadowRoot);
    }
  };
  walk(document);
  return found;
}"""


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (28, 28), 255).save(buffer, "PNG")
    return buffer.getvalue()


def _toolbar_names_become(page, expected: list[str]) -> None:
    """Wait until the toolbar's tooltips are `expected` (a script writes them after the component draws)."""
    want = sorted([name, name] for name in expected)
    same = f"(want) => JSON.stringify(({TOOLBAR_JS})().map(String).sort()) === JSON.stringify(want.map(String).sort())"
    try:
        page.wait_for_function(same, arg=want, polling=100, timeout=15000)
    except PlaywrightTimeout:
        pass  # the assertion below says what is shown instead
    assert sorted(page.evaluate(TOOLBAR_JS)) == want


def test_the_canvas_toolbar_names_its_buttons_in_the_page_language(page, app_url):
    page.goto(f"{app_url}/draw?lang=zh")
    wait_until_settled(page, timeout_ms=60000)
    page.locator("canvas.upper-canvas").first.wait_for()
    _toolbar_names_become(page, [translate("zh", f"draw.toolbar.{name}") for name in TOOLBAR_TITLES.values()])
    page.get_by_test_id("stSidebar").get_by_role("radio", name="English").click()
    wait_until_settled(page)
    _toolbar_names_become(page, list(TOOLBAR_TITLES))


def test_an_uploader_speaks_chinese_once_files_are_in(page, app_url):
    page.goto(f"{app_url}/draw?lang=zh")
    wait_until_settled(page, timeout_ms=60000)
    page.get_by_role("tab", name=translate("zh", "draw.tab_upload")).click()
    uploader = page.get_by_test_id("stFileUploader").first
    uploader.locator("input[type=file]").set_input_files(files=[{"name": "digit.png", "mimeType": "image/png",
                                                                  "buffer": _png()}])
    wait_until_settled(page, timeout_ms=60000)
    uploader.locator("input[type=file]").set_input_files(files=[{"name": "notes.txt", "mimeType": "text/plain",
                                                                  "buffer": b"not a picture"}])
    refused = translate("zh", "uploader.refused_type", type="text/plain")
    uploader.get_by_role("alert").wait_for(state="attached")

    for name in (translate("zh", "uploader.remove", name="digit.png"),
                 translate("zh", "uploader.remove", name="notes.txt"), translate("zh", "uploader.add")):
        uploader.get_by_role("button", name=name, exact=True).wait_for(timeout=10000)
    assert uploader.get_by_role("alert").inner_text() == translate("zh", "uploader.error", message=refused)
    uploader.get_by_test_id("stFileChip").filter(has_text="notes.txt").hover()
    tooltip = page.get_by_test_id("stTooltipErrorContent")
    tooltip.wait_for()
    assert tooltip.inner_text() == refused

    page.get_by_test_id("stSidebar").get_by_role("radio", name="English").click()
    wait_until_settled(page)
    page.get_by_role("tab", name=translate("en", "draw.tab_upload")).click()
    uploader.get_by_role("button", name="Remove digit.png", exact=True).wait_for(timeout=10000)
    uploader.get_by_role("button", name="Add files", exact=True).wait_for(timeout=10000)
