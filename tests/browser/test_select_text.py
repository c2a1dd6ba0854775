"""No select box cuts its text, closed or open, on any page, in English or 中文, at 1280 and 1024 pixels wide.

A closed select box shows its choice in a one-line input; where that is too narrow, ui/common/select_text.py draws
the choice wrapped over it. Either way every character must be on screen.
"""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from core.common.i18n import LANGUAGES
from streamlit_server import wait_until_drawn, wait_until_settled
from ui.common.catalog import ready_pages

WIDTHS = (1280, 1024)
TALL = 6000  # pixels: a window that holds the whole page, so opening a list never scrolls it
PATHS = [""] + [p.path.removeprefix("pages/").removesuffix(".py") for p in ready_pages()]

# Each visible select box whose choice is not all on screen: the input's own text, or else the wrapped copy
# drawn over it (which must be the same text, fit the box both ways, and hide the input's cut text).
CUT_BOXES_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stSelectbox"]')]
  .filter(s => s.offsetParent !== null)
  .flatMap(s => {
    const input = s.querySelector('input[role="combobox"]');
    const box = input.parentElement;
    if (!input.value || input.scrollWidth <= input.clientWidth + 1) return [];
    const copied = box.getAttribute('data-torchlab-text') === input.value
      && getComputedStyle(box, '::before').content.includes(input.value)
      && getComputedStyle(input).color === 'rgba(0, 0, 0, 0)'
      && box.scrollWidth <= box.clientWidth + 1 && box.scrollHeight <= box.clientHeight + 1;
    const label = s.querySelector('label').innerText.trim();
    return copied ? [] : [`"${label}" shows ${input.clientWidth}px of "${input.value}" (${input.scrollWidth}px)`];
  })"""

# The options of the open list that do not show whole (Streamlit virtualises lists of more than 25: left out).
CUT_OPTIONS_JS = """() => [...document.querySelectorAll('[role="listbox"] > [role="option"]')].flatMap(o => {
  const text = o.firstElementChild;
  const cut = text.scrollWidth > text.clientWidth + 1 || text.scrollHeight > text.clientHeight + 1
    || o.scrollHeight > o.clientHeight + 1;
  return cut ? [`option "${o.innerText.trim()}"`] : [];
})"""


def _settled_result(page, script: str) -> list[str]:
    """`script`'s list once it is empty, or as it stands after a few seconds (the fitting runs a frame later)."""
    try:
        page.wait_for_function(f"() => ({script})().length === 0", polling=100, timeout=3000)
    except PlaywrightTimeout:
        pass
    return page.evaluate(script)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", PATHS)
def test_no_select_box_cuts_its_text(page, app_url, path, lang):
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    page.goto(f"{app_url}/{path}?lang={lang}")
    wait_until_settled(page, timeout_ms=60000)
    wait_until_drawn(page)
    cut = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        cut += [f"{width}px: {problem}" for problem in _settled_result(page, CUT_BOXES_JS)]
        page.set_viewport_size({"width": width, "height": TALL})  # an open list closes when the page scrolls
        boxes = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]:visible')
        for i in range(boxes.count()):
            if boxes.nth(i).locator("input").is_disabled():
                continue
            boxes.nth(i).locator("button").last.click()  # the chevron opens the list
            page.get_by_role("listbox").wait_for()
            cut += [f"{width}px, list {i}: {problem}" for problem in page.evaluate(CUT_OPTIONS_JS)]
            page.keyboard.press("Escape")
            page.get_by_role("listbox").wait_for(state="detached")
    assert cut == [], f"/{path}?lang={lang}:\n" + "\n".join(cut)
