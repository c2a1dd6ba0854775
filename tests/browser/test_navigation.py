"""Every page in the sidebar opens in chromium, renders its title, and raises nothing."""

from streamlit_server import exception_texts, wait_until_drawn, wait_until_settled


def test_every_sidebar_page_opens_without_exception(page, app_url):
    page.goto(app_url)
    wait_until_settled(page)
    links = page.locator('[data-testid="stSidebarNavLink"]')
    count = links.count()
    assert count >= 2, "the sidebar lists the pages"
    for i in range(count):  # by index: Material icons add their ligature text to each label
        label = links.nth(i).inner_text()
        links.nth(i).click()
        wait_until_settled(page)
        assert page.locator("h1").first.is_visible(), f"no title on {label}"
        assert not exception_texts(page), f"exception on {label}"


def test_models_page_shows_layer_table_and_chart(page, app_url):
    page.goto(app_url + "/models")
    wait_until_settled(page)
    wait_until_drawn(page)
    assert "Models" in page.locator("h1").first.inner_text()
    assert page.locator('[data-testid="stMarkdown"] table').count() == 1, "the layer table"
    assert page.locator('[data-testid="stDataFrame"]').count() == 0, "markdown: no grid code on a fresh tab"
    assert page.locator('[role="img"][aria-label="Parameters per layer"]').count() == 1, "the parameters chart"
