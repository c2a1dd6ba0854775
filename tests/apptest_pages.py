"""Open a TorchLab page under Streamlit's AppTest, in a given language."""

from streamlit.testing.v1 import AppTest

APP = "../streamlit_app.py"  # AppTest resolves paths relative to the calling test file


def open_page(path: str = "pages/home.py", lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    if path != "pages/home.py":
        at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_code(at: AppTest, *keys: str) -> AppTest:
    """Open "same in plain PyTorch" expanders by key: each builds its code only once opened."""
    for key in keys:
        at.session_state[key] = True
    return at.run()
