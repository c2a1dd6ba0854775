"""Home's page cards are links in chromium: a click anywhere on a card, its "Open it" badge included, or Tab and
Enter, opens the page in the same session, with the language and the ?user= token kept."""

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from core.common.i18n import translate
from streamlit_server import wait_until_settled

USER = "homeCardsTest-01"  # a valid ui.common.identity token: 16 of [A-Za-z0-9_-]


def _card(page, key: str):
    """The card of page `key`: the innermost block holding its link (its ancestors hold it too, and come first)."""
    return page.locator('[data-testid="stMain"] [data-testid="stVerticalBlock"]').filter(
        has=page.locator(f'a[href="{key}"]')).last


def _go_home(page, lang: str) -> None:
    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name=translate(lang, "nav.home")).click()
    wait_until_settled(page, timeout_ms=60000)
    page.locator("h1", has_text="TorchLab").wait_for()


def _click_at(page, locator) -> None:
    """A mouse click where `locator` is drawn; whatever lies on top there gets it, as with a person's click."""
    box = locator.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def _opened(page, path: str, lang: str, key: str) -> None:
    try:
        page.wait_for_url(f"**/{path}?*", timeout=15000)
    except PlaywrightTimeout:
        pass  # the assertion below shows where the click led
    wait_until_settled(page, timeout_ms=60000)
    url = urlparse(page.url)
    assert url.path == f"/{path}", page.url
    assert parse_qs(url.query).get("lang") == [lang], page.url
    assert page.locator("h1").first.inner_text() == translate(lang, f"pages.{key}.title")


def test_the_open_badge_and_the_rest_of_the_card_open_the_page(page, app_url):
    page.goto(f"{app_url}/draw?lang=zh&user={USER}")  # the Draw page puts the token in the session and the URL
    wait_until_settled(page, timeout_ms=60000)
    _go_home(page, "zh")
    badge = _card(page, "models").locator(".stMarkdownBadge")
    assert badge.inner_text().endswith(translate("zh", "home.open"))
    _click_at(page, badge)
    _opened(page, "models", "zh", "models")

    _go_home(page, "zh")
    _click_at(page, _card(page, "draw").get_by_text(translate("zh", "pages.draw.teaches")))
    _opened(page, "draw", "zh", "draw")
    assert parse_qs(urlparse(page.url).query).get("user") == [USER], "the same learner, the same runs"


def test_a_card_is_reached_with_tab_and_opened_with_enter(page, app_url):
    page.goto(f"{app_url}/?lang=en")
    wait_until_settled(page, timeout_ms=60000)
    _card(page, "draw").get_by_role("link").focus()
    page.keyboard.press("Tab")  # nothing else on a card takes the focus: the next stop is the next card
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "train"
    outline = _card(page, "train").evaluate("card => getComputedStyle(card).outlineStyle")
    assert outline == "solid", "the focused card shows it"
    page.keyboard.press("Enter")
    _opened(page, "train", "en", "train")
