"""Optimizers as people write them (Adam, SGD + momentum), under AppTest: the shipped model's recipe on Home, and
no page's sentences or option labels showing a config's lowercase name outside code. (Home's cards as links are
a browser matter: tests/browser/test_home_cards.py.)"""

import re

import pytest

from apptest_pages import open_code, open_page
from core.common.i18n import LANGUAGES, translate
from core.models.checkpoints import SHIPPED, read_metadata
from ui.common.catalog import ready_pages

PAGE_PATHS = ["pages/home.py"] + [p.path for p in ready_pages()]
CONFIG_NAME = re.compile(r"\b(sgd|rmsprop|adam|adamw)\b")  # TrainConfig.optimizer as stored; "momentum" is a word too
CODE = re.compile(r"```.*?```|`[^`]*`", re.S)  # code stays as written: torch.optim.Adam, --optimizer adam


def _shown_text(at) -> list[str]:
    """Every sentence and option label the page shows, code spans and blocks left out."""
    texts = [e.value for kind in ("markdown", "caption", "text", "info", "warning", "success", "error",
                                  "title", "header", "subheader") for e in at.get(kind)]
    for kind in ("selectbox", "radio", "multiselect", "select_slider"):
        for widget in at.get(kind):
            texts += [str(o) for o in widget.options]
    return [CODE.sub("", text) for text in texts]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_shipped_models_recipe_names_its_optimizer_and_schedule_as_people_do(lang):
    config = read_metadata(SHIPPED)["config"]
    at = open_page("pages/home.py", lang)
    details = next(c.value for c in at.caption if "torch " in c.value and "·" in c.value)
    assert translate(lang, f"train_page.opt_{config['optimizer']}") in details, details
    assert translate(lang, f"train_page.sched_{config['schedule']}") in details, details
    assert not CONFIG_NAME.search(details), details


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", PAGE_PATHS)
def test_no_page_shows_an_optimizer_as_the_config_stores_it(path, lang):
    shown = [text for text in _shown_text(open_page(path, lang)) if CONFIG_NAME.search(text)]
    assert shown == []



def test_home_sends_no_code_block_until_its_panel_is_opened():
    """A fresh tab on Home loads no code highlighter (1.5 MB of JavaScript): the training command is inline code,
    the loading script a closed panel that builds its code once opened."""
    at = open_page("pages/home.py")
    assert not at.code
    command = read_metadata(SHIPPED)["command"]
    assert any(m.value == f"`{command}`" for m in at.markdown), "how the shipped model was trained"
    code = open_code(at, "home.code").code[0].value
    assert "weights_only=True" in code and "load_state_dict" in code and SHIPPED.name in code
