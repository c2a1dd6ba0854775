"""Language in a real browser: ?lang=zh, the sidebar switch and the URL, the browser's locale, CJK glyphs."""

from pathlib import Path

from streamlit_server import wait_until_settled

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots-tmp"

# Two different characters drawn with the page's font: with no CJK font both become the
# same "tofu" box, so identical pixels mean the font is missing.
GLYPHS_DIFFER = """() => {
  const font = getComputedStyle(document.querySelector('h1')).fontFamily;
  const draw = (ch) => {
    const c = document.createElement('canvas'); c.width = 64; c.height = 64;
    const g = c.getContext('2d'); g.font = `48px ${font}`; g.fillText(ch, 4, 52);
    return c.toDataURL();
  };
  return draw('张') !== draw('量');
}"""


def test_lang_zh_in_the_url_renders_chinese_with_real_glyphs(page, app_url):
    page.goto(app_url + "/?lang=zh")
    wait_until_settled(page)
    assert page.get_by_text("各页面教什么").is_visible()
    assert page.locator('[data-testid="stSidebarNavLink"]').first.inner_text().endswith("首页")
    assert page.evaluate(GLYPHS_DIFFER), "CJK characters render as boxes: install fonts-noto-cjk"
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "home-zh.png")


def test_switching_language_updates_the_page_and_the_url(page, app_url):
    page.goto(app_url + "/?lang=zh")
    wait_until_settled(page)
    page.get_by_role("radio", name="English").click()
    wait_until_settled(page)
    assert page.get_by_text("What each page teaches").is_visible()
    assert "lang=en" in page.url
    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name="Models").click()  # choice follows the user
    wait_until_settled(page)
    assert "lang=en" in page.url and page.locator("h1").first.inner_text() == "Models"


def test_a_chinese_browser_gets_chinese_by_default(browser, app_url):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        page.goto(app_url)
        wait_until_settled(page)
        assert page.get_by_text("各页面教什么").is_visible()
    finally:
        context.close()
