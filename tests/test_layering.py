"""The shape of the house: which package may import which, checked over every module's imports.

core/ and ui/ are packages by domain. Imports only point down: pages use ui/ and core/; ui/ uses
core/; inside core/, the lessons, the code generators and the plots use training, never the
reverse. `MAY_IMPORT` is the whole rule; each package's own docstring says the same in words.
"""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

ANY_CORE = "core"  # in a ui/ or pages/ row: any package of core/

# package -> the first-party packages its modules may import (besides itself)
MAY_IMPORT: dict[str, set[str]] = {
    "core.common": set(),
    "core.data": {"core.common"},
    "core.models": {"core.common", "core.data"},
    "core.training": {"core.common", "core.data", "core.models"},
    "core.vision": {"core.common", "core.data", "core.models", "core.training"},
    "core.lessons": {"core.common", "core.data", "core.models", "core.training"},
    "core.code": {"core.common", "core.data", "core.models", "core.training", "core.vision", "core.lessons"},
    "core.plots": {"core.common", "core.data", "core.models", "core.training", "core.vision", "core.lessons"},
    "core.train": {"core.common", "core.data", "core.models", "core.training"},  # the CLI: python -m core.train
    "ui.common": {ANY_CORE},
    "ui.draw": {ANY_CORE, "ui.common"},
    "ui.inside": {ANY_CORE, "ui.common", "ui.draw"},
    "ui.transforms": {ANY_CORE, "ui.common"},
    "ui.train": {ANY_CORE, "ui.common", "ui.transforms"},
    "ui.data": {ANY_CORE, "ui.common"},
    "ui.models": {ANY_CORE, "ui.common"},
    "ui.tensors": {ANY_CORE, "ui.common"},
    "ui.autograd": {ANY_CORE, "ui.common"},
    "ui.losses": {ANY_CORE, "ui.common"},
    "ui.optimizers": {ANY_CORE, "ui.common"},
    "ui.save_load": {ANY_CORE, "ui.common"},
    "ui.devices": {ANY_CORE, "ui.common"},
}
UI_PACKAGES = {name for name in MAY_IMPORT if name.startswith("ui.")}
MAY_IMPORT["pages"] = {ANY_CORE, *UI_PACKAGES}
MAY_IMPORT["streamlit_app"] = {ANY_CORE, *UI_PACKAGES}
FIRST_PARTY = ("core", "ui", "pages", "streamlit_app")


def package_of(module: str) -> str | None:
    """'core.vision.preprocess' -> 'core.vision'; 'core.train' -> 'core.train'; torch -> None."""
    parts = module.split(".")
    if parts[0] not in FIRST_PARTY:
        return None
    if parts[0] in ("pages", "streamlit_app"):
        return parts[0]
    return ".".join(parts[:2]) if len(parts) > 1 else parts[0]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str) -> list[str]:
    """Every module an import statement names, at any depth (imports inside functions count too)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            found += [f"{node.module}.{alias.name}" for alias in node.names]  # from core import data
    return found


def allowed(importer: str, imported: str) -> bool:
    if imported == importer:
        return True
    rule = MAY_IMPORT[importer]
    return imported in rule or (ANY_CORE in rule and imported.startswith("core."))


def violations(module: str, source: str) -> list[str]:
    """'a imports b' for each first-party import the table does not allow."""
    importer = package_of(module)
    bad = []
    for name in imported_modules(source):
        target = package_of(name)
        if target is None or target in ("core", "ui"):  # `from core import x` is judged by its x
            continue
        if not allowed(importer, target):
            bad.append(f"{module} imports {name} ({importer} may not import {target})")
    return bad


def first_party_files() -> list[Path]:
    return [REPO / "streamlit_app.py", *sorted((REPO / "pages").glob("*.py")),
            *sorted((REPO / "core").rglob("*.py")), *sorted((REPO / "ui").rglob("*.py"))]


def test_every_import_follows_the_table():
    bad = [v for path in first_party_files() for v in violations(module_name(path), path.read_text())]
    assert bad == []


def test_the_check_catches_an_import_that_points_up():
    assert violations("core.training.loop", "from core.plots.train_plots import loss_figure\n")
    assert violations("core.vision.preprocess", "def f():\n    import streamlit, ui.common.i18n\n")
    assert violations("core.data.batches", "from core import training\n")
    assert violations("ui.draw.draw_canvas", "from ui.train.train_queue import x\n")
    assert not violations("ui.train.train_live", "from core.training.jobs import Job\nfrom ui.common import i18n\n")


def test_the_table_points_only_down():
    graph = {name: {t for t in rule if t != ANY_CORE} for name, rule in MAY_IMPORT.items()}
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as cycle:
        pytest.fail(f"MAY_IMPORT has a cycle: {cycle.args[1]}")


def test_every_package_is_in_the_table_and_nothing_lies_loose():
    on_disk = {f"{root}.{p.parent.name}" for root in ("core", "ui") for p in (REPO / root).glob("*/__init__.py")}
    listed = {name for name in MAY_IMPORT if name.count(".") == 1 and name != "core.train"}
    assert on_disk == listed
    loose = sorted(p.name for root in ("core", "ui") for p in (REPO / root).glob("*.py"))
    assert loose == ["__init__.py", "__init__.py", "train.py"], "a module belongs in a package"


@pytest.mark.parametrize("package", sorted(n for n in MAY_IMPORT if n.count(".") == 1 and n != "core.train"))
def test_each_package_says_what_lives_there_and_what_it_may_import(package):
    init = REPO / package.replace(".", "/") / "__init__.py"
    doc = ast.get_docstring(ast.parse(init.read_text())) or ""
    assert "May import:" in doc, f"{init.relative_to(REPO)}: its docstring should say what it may import"
    words = doc.split("May import:", 1)[1]
    named = {t for t in MAY_IMPORT[package] if t != ANY_CORE}
    missing = [t for t in sorted(named) if t not in words]
    assert not missing, f"{init.relative_to(REPO)}'s docstring leaves out {missing}"
    if ANY_CORE in MAY_IMPORT[package]:
        assert "core" in words, f"{init.relative_to(REPO)}: say that any part of core/ may be used"
