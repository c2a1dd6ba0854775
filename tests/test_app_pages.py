"""AppTest: the app and every page run without an exception."""

import pytest
from streamlit.testing.v1 import AppTest

from ui.catalog import ready_pages

APP = "../streamlit_app.py"  # AppTest resolves paths relative to this test file
PAGE_PATHS = ["pages/home.py"] + [p.path for p in ready_pages()]


def run_page(path: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if path != "pages/home.py":
        at.switch_page(path).run()
    return at


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_page_runs_without_exception(path):
    at = run_page(path)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, "every page has a title"


def test_home_shows_device_datasets_and_shipped_model():
    at = run_page("pages/home.py")
    text = " ".join(m.value for m in at.markdown)
    assert "TorchLab" in at.title[0].value
    assert "`cpu`" in text or "`cuda" in text or "`mps`" in text
    assert "MNIST — found" in text
    assert "CIFAR-10 — not found" in text or "CIFAR-10 — found" in text
    assert "convnet" in text and "test accuracy" in text


def test_home_marks_unfinished_pages_as_coming():
    at = run_page("pages/home.py")
    text = " ".join(m.value for m in at.markdown)
    for entry in ready_pages():
        assert f"**{entry.title}** &nbsp; :gray-badge[Coming]" not in text
    assert text.count("Coming") >= 1


def test_models_page_lists_layers_of_each_model():
    at = run_page("pages/models.py")
    for name in at.selectbox[0].options:
        at.selectbox[0].select(name).run()
        assert not at.exception
        assert len(at.dataframe[0].value) >= 2
