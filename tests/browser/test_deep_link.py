"""A shared link to a page works even as the very first request a fresh server sees."""

from pathlib import Path

from streamlit_server import exception_texts, serve, wait_until_settled

from core.common.i18n import translate
from ui.common.catalog import ready_pages

APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"


def test_first_request_to_a_deep_link_gets_the_full_app(browser):
    with serve(APP) as url:  # a server of its own: no request has reached it yet
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        try:
            page = context.new_page()
            page.goto(url + "/models?lang=zh")
            wait_until_settled(page)
            assert page.locator("h1").first.inner_text() == "模型结构"
            assert page.get_by_role("radiogroup", name="语言").is_visible(), "the shared sidebar is there"
            nav = page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()
            expected = [translate("zh", "nav.home")] + [translate("zh", f"pages.{p.key}.title") for p in ready_pages()]
            assert [text.split("\n")[-1] for text in nav] == expected
            assert not exception_texts(page)
        finally:
            context.close()
