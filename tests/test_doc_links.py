"""The README stays a user's first read, and no link in it or in docs/ leads nowhere.

Measurement history and design notes live in docs/; the README links them. A moved file or a
renamed heading would otherwise leave a dead link that nobody notices until a reader clicks it.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
DOCS = [README, *sorted((REPO / "docs").glob("*.md"))]
README_MAX_LINES = 250

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")  # [text](target); pictures are tests/test_doc_pictures.py's
CODE_BLOCK = re.compile(r"```.*?```", re.S)


def github_anchor(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to '-'."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    kept = "".join(c for c in text if c in " -" or unicodedata.category(c)[0] in "LN")
    return kept.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = CODE_BLOCK.sub("", path.read_text())
    return {github_anchor(m) for m in re.findall(r"^#+\s+(.*)$", text, re.M)}


def links(path: Path) -> list[str]:
    return [t for t in LINK.findall(CODE_BLOCK.sub("", path.read_text())) if not re.match(r"[a-z]+:", t)]


def test_the_readme_is_short():
    lines = README.read_text().splitlines()
    assert len(lines) <= README_MAX_LINES, "history and method notes belong in docs/, linked from the README"


def test_the_readme_starts_with_the_two_commands():
    head = "\n".join(README.read_text().splitlines()[:20])
    assert "make run" in head and "make test" in head


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(REPO)))
def test_every_relative_link_leads_somewhere(doc):
    dead = []
    for target in links(doc):
        file_part, _, anchor = target.partition("#")
        dest = (doc.parent / file_part).resolve() if file_part else doc
        if not dest.exists():
            dead.append(target)
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            dead.append(target)
    assert dead == []


def test_the_anchor_rule_matches_github():
    assert github_anchor("Training past one machine (torchrun)") == "training-past-one-machine-torchrun"
    assert github_anchor("English and 中文") == "english-and-中文"


BENCHES = [p for p in sorted((REPO / "bench").glob("*.py")) if "ArgumentParser" in p.read_text()]


def test_the_benches_are_found():
    assert len(BENCHES) >= 9


@pytest.mark.parametrize("bench", BENCHES, ids=lambda p: p.name)
def test_each_bench_says_what_it_measures(bench):
    """`--help` prints the module docstring's first paragraph: it must say what is measured."""
    tree = ast.parse(bench.read_text())
    doc = ast.get_docstring(tree) or ""
    assert len(doc.split("\n\n")[0]) > 80, f"{bench.name}: a sentence or two on what it measures and prints"
    assert "description=" in bench.read_text()
