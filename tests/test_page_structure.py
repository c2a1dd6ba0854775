"""Every page script opens with the navigation guard (see ui/common/shell.py) and is listed in the catalog."""

import ast
from pathlib import Path

import pytest

from ui.common.catalog import PAGES

PAGES_DIR = Path(__file__).resolve().parents[1] / "pages"


@pytest.mark.parametrize("path", sorted(PAGES_DIR.glob("*.py")), ids=lambda p: p.name)
def test_page_starts_with_the_navigation_guard(path):
    calls = [node.value for node in ast.parse(path.read_text()).body
             if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)]
    assert calls and getattr(calls[0].func, "id", "") == "ensure_app_navigation", path.name


def test_every_page_file_is_home_or_in_the_catalog():
    listed = {Path(p.path).name for p in PAGES if p.path} | {"home.py"}
    assert {p.name for p in PAGES_DIR.glob("*.py")} == listed
