"""A language switch redraws every choice widget in the new language and keeps what was chosen.

A select box, radio, multiselect, segmented control or select slider keeps the *text* of its
option in the browser: after the sidebar's switch the page must look as if it had been opened
in the new language, and the next click elsewhere must not lose the choice.
"""

import pytest

from core.common.i18n import translate
from streamlit_server import wait_until_drawn, wait_until_settled
from ui.common.catalog import ready_pages

# What each choice widget of the main area shows: a select box's text, a multiselect's chips, the
# checked radio, a button group's and a slider's text, a tab bar's labels and its open tab.
SHOWN_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const text = (el) => el.innerText.replace(/\\s+/g, ' ').trim();
  const out = [];
  for (const w of main.querySelectorAll('[data-testid="stSelectbox"]')) {
    out.push('select: ' + text(w.querySelector('label')) + ' = ' + w.querySelector('input[role="combobox"]').value);
  }
  for (const w of main.querySelectorAll('[data-testid="stMultiSelect"]')) out.push('multiselect: ' + text(w));
  for (const w of main.querySelectorAll('[data-testid="stRadio"]')) {
    const checked = w.querySelector('input:checked');
    out.push('radio: ' + text(w.querySelector('label')) + ' = ' + (checked ? text(checked.closest('label')) : '(none)'));
  }
  for (const w of main.querySelectorAll('[data-testid="stButtonGroup"]')) {
    const on = [...w.querySelectorAll('[aria-checked="true"], [aria-pressed="true"]')].map(text);
    out.push('group: ' + text(w) + ' = ' + on.join(', '));
  }
  for (const w of main.querySelectorAll('[data-testid="stSlider"]')) out.push('slider: ' + text(w));
  for (const w of main.querySelectorAll('[data-testid="stTabs"]')) {  // a tab bar: its labels and the open one
    const tabs = [...w.querySelectorAll('[role="tab"]')];
    out.push('tabs: ' + tabs.map(text).join(' | ') + ' = '
             + tabs.filter((tab) => tab.getAttribute('aria-selected') === 'true').map(text).join(', '));
  }
  return out;
}"""

PAGES = [p.path.removeprefix("pages/").removesuffix(".py") for p in ready_pages()]


def _shown(page, url: str, switch_to: str | None = None) -> list[str]:
    page.goto(url)
    wait_until_settled(page, timeout_ms=60000)
    wait_until_drawn(page)
    if switch_to:
        page.get_by_test_id("stSidebar").get_by_role("radio", name=switch_to).click()
        wait_until_settled(page, timeout_ms=60000)
        wait_until_drawn(page)
    return page.evaluate(SHOWN_JS)


@pytest.mark.parametrize("path", PAGES)
def test_a_switched_page_shows_its_choices_like_a_page_opened_in_that_language(browser, app_url, path):
    shown = {}
    for name, url, switch_to in (("switched", f"{app_url}/{path}?lang=en", "中文"),
                                 ("opened", f"{app_url}/{path}?lang=zh", None)):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        try:
            shown[name] = _shown(context.new_page(), url, switch_to)
        finally:
            context.close()
    assert shown["opened"], "the scan found the page's widgets"
    stale = [f"{a!r}\n    should be {b!r}" for a, b in zip(shown["switched"], shown["opened"]) if a != b]
    assert shown["switched"] == shown["opened"], f"after switching to 中文 on /{path}:\n" + "\n".join(stale)


def _checked_surface(page) -> str:
    checked = page.locator('[data-testid="stRadio"]:visible').first.locator("input:checked")
    return checked.evaluate("input => input.closest('label').innerText.trim()")


def _open_surface_tab(page, lang: str) -> None:
    page.get_by_role("tab", name=translate(lang, "optimizers_page.tab_surface")).click()


def test_a_chosen_option_follows_the_switch_and_survives_the_next_click(page, app_url):
    page.goto(f"{app_url}/optimizers?lang=en")
    wait_until_settled(page, timeout_ms=60000)
    _open_surface_tab(page, "en")
    page.locator('[data-testid="stRadio"]:visible').get_by_text(
        translate("en", "optimizers_page.surface_ill_conditioned")).click()
    wait_until_settled(page)
    page.get_by_test_id("stSidebar").get_by_role("radio", name="中文").click()
    wait_until_settled(page)
    _open_surface_tab(page, "zh")
    bowl = translate("zh", "optimizers_page.surface_ill_conditioned")
    assert page.locator('[data-testid="stRadio"]:visible input:checked').count() == 1, "the radio still shows its choice"
    assert _checked_surface(page) == bowl
    page.locator('[data-testid="stSlider"]:visible').first.get_by_role("slider").press("ArrowRight")  # any rerun
    wait_until_settled(page)
    assert _checked_surface(page) == bowl, "the choice survives the next rerun"

    page.goto(f"{app_url}/models?lang=en")
    wait_until_settled(page, timeout_ms=60000)
    box = page.get_by_test_id("stSelectbox").first
    box.get_by_role("button").click()
    page.get_by_role("option", name="cnn —").click()
    wait_until_settled(page)
    page.get_by_test_id("stSidebar").get_by_role("radio", name="中文").click()
    wait_until_settled(page)
    assert box.locator("input").input_value() == f"cnn — {translate('zh', 'models.descriptions.cnn')}"
