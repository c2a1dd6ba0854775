"""AppTest: the app and every page run without an exception, in English and in 中文."""

import pytest

from apptest_pages import open_code
from apptest_pages import open_page as run_page
from markdown_tables import tables
from core.common.i18n import LANGUAGES, translate
from ui.common.catalog import PAGES, ready_pages

PAGE_PATHS = ["pages/home.py"] + [p.path for p in ready_pages()]


def page_text(at) -> str:
    return " ".join(m.value for m in [*at.markdown, *at.caption, *at.title, *at.subheader])


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", PAGE_PATHS)
def test_page_runs_without_exception(path, lang):
    at = run_page(path, lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, "every page has a title"
    assert at.query_params["lang"] == lang, "the language stays in the URL"


def test_home_shows_device_datasets_and_shipped_model():
    text = page_text(run_page("pages/home.py"))
    assert "TorchLab" in text
    assert "`cpu`" in text or "`cuda" in text or "`mps`" in text
    assert "MNIST — found" in text
    assert "CIFAR-10 — not found" in text or "CIFAR-10 — found" in text
    assert "`convnet` on MNIST" in text and "test accuracy" in text


def test_home_is_in_chinese_with_lang_zh():
    text = page_text(run_page("pages/home.py", "zh"))
    assert "各页面教什么" in text and "本机环境" in text and "内置模型" in text
    assert "What each page teaches" not in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_marks_every_unfinished_page_as_coming(lang):
    text = page_text(run_page("pages/home.py", lang))
    coming = translate(lang, "home.coming")
    for entry in PAGES:
        title = translate(lang, f"pages.{entry.key}.title")
        assert (f"**{title}** &nbsp; :gray-badge[{coming}]" in text) == (entry.path is None), title


def test_language_switch_changes_the_page():
    # The URL side (?lang=zh after switching) is checked in chromium: AppTest reruns a
    # file-based page without its entry script, so the sidebar's URL update is not seen here.
    at = run_page("pages/home.py", "en")
    at.segmented_control(key="language_switch").set_value("zh").run()
    assert not at.exception
    assert "各页面教什么" in page_text(at)
    assert at.session_state["lang"] == "zh"


def test_models_page_lists_layers_of_each_model():
    at = run_page("pages/models.py")
    for name in at.selectbox(key="models.model").options:
        at.selectbox(key="models.model").select(name).run()
        assert not at.exception
        assert len(tables(at)[0]) >= 3, (name, "a header and a row per layer")
    at.selectbox(key="models.model").select("convnet").run()
    assert not at.code, "closed code panels build no code"
    open_code(at, "models.class_code", "models.summary_code")
    assert "class ConvNet(" in at.code[0].value and "import torch" in at.code[1].value, "the class, the summary script"


def test_home_shows_the_hosts_limits_and_a_setting_it_could_not_use(monkeypatch):
    from ui.train.train_queue import shared_scheduler

    monkeypatch.setenv("TORCHLAB_MAX_EPOCHS", "ten")
    monkeypatch.setenv("TORCHLAB_MAX_QUEUE", "7")
    shared_scheduler.clear()  # the server reads its limits once, when its queue is made
    try:
        at = run_page("pages/home.py")
        text = page_text(at)
        assert "at most **20** epochs per run" in text and "up to **7** waiting runs" in text
        assert any("TORCHLAB_MAX_EPOCHS=ten" in w.value for w in at.warning)
    finally:
        shared_scheduler.clear()
