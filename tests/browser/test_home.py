"""Smoke test: the home page renders its title without an exception."""

from streamlit_server import exception_texts, wait_until_settled


def test_home_renders(page, app_url):
    page.goto(app_url + "/")
    wait_until_settled(page)
    assert "TorchLab" in page.locator("h1").first.inner_text()
    assert exception_texts(page) == []
