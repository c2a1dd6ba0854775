"""Fixtures for browser tests: one streamlit server + one chromium per session.

TORCHLAB_APP=/path/to/streamlit_app.py points the tests at another app (handy
for trying the harness on a scratch app). The server inherits os.environ, so
the TORCHLAB_* settings from tests/conftest.py apply to the app as well.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from streamlit_server import exception_texts, find_chromium, launch_browser, serve

REPO_ROOT = Path(__file__).resolve().parents[2]
APP_PATH = Path(os.environ.get("TORCHLAB_APP") or REPO_ROOT / "streamlit_app.py").resolve()
NO_CHROMIUM = "chromium not found (set $CHROMIUM or run: apt-get install -y chromium)"


def pytest_collection_modifyitems(config, items):
    """Everything under tests/browser/ is a browser test (-m "not browser")."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path():
    """Missing chromium fails on CI (it must be installed there), skips locally."""
    path = find_chromium()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(NO_CHROMIUM, pytrace=False)
        pytest.skip(NO_CHROMIUM)
    return path


@pytest.fixture(scope="session")
def app_url():
    with serve(APP_PATH) as url:
        yield url


@pytest.fixture(scope="session")
def browser(chromium_path):
    with sync_playwright() as p:
        b = launch_browser(p, chromium_path)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """Fresh context per test; fails the test if the app shows an exception."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    try:
        yield pg
        errors = exception_texts(pg)
        if errors:
            pytest.fail("Streamlit exception on page:\n" + "\n---\n".join(errors),
                        pytrace=False)
    finally:
        context.close()
