"""The Tensors page in chromium: choose permute, see x before and out after drawn with the cells moved, as HTML
tables (no Plotly on the page: its code alone would cost a fresh tab a second)."""

import sys
from pathlib import Path

from streamlit_server import exception_texts, wait_until_drawn, wait_until_settled

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "screenshots-tmp"
sys.path.insert(0, str(REPO / "tools"))
from screenshots import screenshot_full  # noqa: E402  (Streamlit scrolls inside a div: grow the viewport first)


def cell_texts(page, key: str) -> list[str]:
    """The values a drawn grid shows, in drawing order (row by row)."""
    return page.locator(f".st-key-{key} td").evaluate_all("els => els.map(e => e.textContent)")


def test_choosing_permute_draws_both_grids(page, app_url):
    page.goto(f"{app_url}/tensors?lang=en")
    wait_until_settled(page, timeout_ms=60000)
    wait_until_drawn(page)
    assert cell_texts(page, "tensors-after") == ["0.00", "1.00", "2.00", "3.00", "4.00", "5.00"], "view(3, 2)"
    assert page.locator(".st-key-tensors-after td").nth(3).get_attribute("title") == "[1, 1] = 3.0", "hover reads it"
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 0, "hidden tabs' grids are HTML too"
    page.locator(".st-key-tensors-op input").click()
    page.keyboard.type("permute")  # the list is virtualised: type to filter, as a person would
    page.get_by_role("option", name="permute", exact=True).click()
    page.get_by_text("After: x.permute(1, 0)").wait_for(timeout=30000)
    wait_until_settled(page)
    wait_until_drawn(page)
    assert cell_texts(page, "tensors-before-x") == ["0.00", "1.00", "2.00", "3.00", "4.00", "5.00"]
    assert cell_texts(page, "tensors-after") == ["0.00", "3.00", "1.00", "4.00", "2.00", "5.00"], "columns became rows"
    assert page.locator('[data-testid="stCode"]').count() == 0, "closed panel, inline .tolist(): no highlighter to load"
    page.locator("details:not([open]) > summary").filter(has_text="The same in plain PyTorch").click()
    wait_until_settled(page)  # the panel builds its code once opened: a rerun
    code = page.locator('[data-testid="stCode"]').filter(has_text="import torch").first.inner_text()
    assert "out = x.permute(1, 0)" in code
    SCREENSHOTS.mkdir(exist_ok=True)
    screenshot_full(page, SCREENSHOTS / "tensors-permute.png", 900)
    assert not exception_texts(page)
