"""The script that keeps the drawing canvas's toolbar off the canvas also names its buttons in the page's language."""

import re
from importlib.util import find_spec
from pathlib import Path

from core.common.i18n import LANGUAGES, translate
from ui.draw.canvas_style import TOOLBAR_TITLES, toolbar_script

COMPONENT = Path(find_spec("streamlit_drawable_canvas").submodule_search_locations[0]) / "frontend" / "build"


def test_the_installed_component_still_names_its_buttons_so():
    """If an upgrade renames a tooltip, that button speaks English again: this test says which."""
    source = "".join(p.read_text(encoding="utf-8") for p in COMPONENT.glob("index-*.js"))
    named = set(re.findall(r'Xt\("\w+", "([^"]+)"', source)) or set(re.findall(r'"([A-Z][A-Za-z &]+)", t\.on', source))
    assert named == set(TOOLBAR_TITLES)


def test_every_tooltip_has_words_in_every_language():
    for lang in LANGUAGES:
        for name in TOOLBAR_TITLES.values():
            assert translate(lang, f"draw.toolbar.{name}")


def test_the_script_carries_the_titles_and_cannot_be_closed_early():
    script = toolbar_script({"Undo": "撤销", "Redo": "</script><b>"})
    assert '"Undo": "撤销"' in script
    assert script.count("</script>") == 1 and "<b>" not in script
