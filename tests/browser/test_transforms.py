"""The Transforms page in chromium: add three steps through the UI, see the code and Normalize's histograms."""

import sys
from pathlib import Path

from streamlit_server import exception_texts, wait_until_drawn, wait_until_settled

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "screenshots-tmp"
sys.path.insert(0, str(REPO / "tools"))
from screenshots import screenshot_full  # noqa: E402  (Streamlit scrolls inside a div: grow the viewport first)


def add_step(page, name: str, steps_before: int):
    picker = page.locator(".st-key-tf-add_choice, [data-testid='stSelectbox']").filter(has_text="Add a step").first
    picker.locator("input").click()
    page.keyboard.type(name)  # the list is virtualised: type to filter, as a person would
    page.get_by_role("option", name=name, exact=True).click()
    wait_until_settled(page)
    page.get_by_role("button", name="Add", exact=True).click()
    page.locator('[class*="st-key-tf-step-"]').nth(steps_before).wait_for(timeout=20000)
    wait_until_settled(page)


def test_adding_three_steps_shows_code_and_histograms(page, app_url):
    page.goto(f"{app_url}/transforms?lang=en")
    wait_until_settled(page, timeout_ms=60000)
    steps = page.locator('[class*="st-key-tf-step-"]')
    assert steps.count() == 3, "the showcase pipeline"
    for i, name in enumerate(("ToImage", "ToDtype", "Normalize")):
        add_step(page, name, 3 + i)
    assert steps.count() == 6
    page.locator("details:not([open]) > summary").filter(has_text="The pipeline as code").click()
    wait_until_settled(page)  # the panel builds its code once opened: a rerun
    code = page.locator('[data-testid="stCode"]').first.inner_text()
    assert "v2.ToDtype(torch.float32, scale=True)" in code and "v2.Normalize(mean=(0.5,), std=(0.5,))" in code
    page.locator('[aria-label*="before Normalize"]').first.wait_for(timeout=30000)  # ECharts' aria label: its title
    wait_until_drawn(page)
    assert page.locator('[data-testid="stEChartsChart"]').count() == 2, "before and after Normalize"
    assert page.locator('[data-testid="stImage"]').count() >= 10, "before, after and eight draws"
    SCREENSHOTS.mkdir(exist_ok=True)
    screenshot_full(page, SCREENSHOTS / "transforms-three-steps.png", 900)
    assert not exception_texts(page)
