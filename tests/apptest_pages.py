"""Open a TorchLab page under Streamlit's AppTest, in a given language."""

from streamlit.testing.v1 import AppTest

from core.common.i18n import translate

APP = "../streamlit_app.py"  # AppTest resolves paths relative to the calling test file


def open_page(path: str = "pages/home.py", lang: str = "en", state: dict | None = None) -> AppTest:
    """`state`: session values set before the first run (a lazy tab open from the start, for instance)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    for key, value in (state or {}).items():
        at.session_state[key] = value
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


def open_tab(at: AppTest, key: str, label: str) -> AppTest:
    """A click on a lazy tab (ui/common/lazy_tabs.py): the tab bar's value is the tab's shown label."""
    at.session_state[key] = label
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_page_on_tab(path: str, lang: str, key: str, label_key: str) -> AppTest:
    """The page opened with its lazy tab bar `key` on the tab whose label is `label_key`, from the first run."""
    return open_page(path, lang, state={key: translate(lang, label_key)})


def click_tab(at: AppTest, key: str, label_key: str, lang: str = "en") -> AppTest:
    """open_tab by the label's locale key: the tab as the page names it in `lang`."""
    return open_tab(at, key, translate(lang, label_key))
