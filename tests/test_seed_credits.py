"""Credits the seed tutorials never earned stay gone: no page, comment or README line gives them away.

Each entry is a thing some seed was said to do that it does not: seed 004 never sets its
schedule's step (a drop every 30 epochs of 90 is PyTorch's ImageNet example's), and seed 002
writes no nn.MaxPool2d(3, ceil_mode=True) and has no validation split. (Seed 004's checkpoint
keys are checked by running its save_checkpoint dict in tests/test_save_load_page.py.) A
sentence that names the seed and the thing together is a credit; the scan reads every message
(both languages), every Python file and the Markdown docs.
"""

import re
from pathlib import Path

import pytest

from core.common.i18n import LANGUAGES, catalog

REPO = Path(__file__).resolve().parents[1]
SEED = r"(?:seeds?|教程|种子教程) ?{n}"  # "seed 002", "Seed 002's", "教程 002"
NOT_THEIRS = {  # seed number → what it never wrote
    "004": r"\b30\b.{0,40}\b90\b|\b90\b.{0,40}\b30\b",  # the ImageNet example's step_size 30 in 90 epochs
    "002": r"ceil_mode|validation|valid_share|验证|SubsetRandomSampler",
}


def sources() -> list[tuple[str, str]]:
    """(where, line) for every line of code, docs and messages a learner or a contributor reads."""
    files = [*REPO.glob("*.md"), *REPO.glob("docs/*.md")]
    for folder in ("core", "ui", "pages", "tests", "tools", "bench"):
        files += [p for p in (REPO / folder).rglob("*.py") if p.name != Path(__file__).name]
    lines = [(f"{p.relative_to(REPO)}:{i}", line) for p in files
             for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)]
    return lines + [(f"locales/{lang}.toml {key}", text) for lang in LANGUAGES for key, text in catalog(lang).items()]


@pytest.mark.parametrize("seed", NOT_THEIRS)
def test_no_line_credits_a_seed_with_what_it_never_wrote(seed):
    credit = re.compile(SEED.format(n=seed), re.I)
    claim = re.compile(NOT_THEIRS[seed], re.I)
    wrong = [f"{where}: {line.strip()[:120]}" for where, line in sources()
             for sentence in re.split(r"(?<=[.;。；])\s*", line)
             if credit.search(sentence) and claim.search(sentence)]
    assert not wrong, "\n".join(wrong)


def test_the_scan_finds_a_wrong_credit():
    line = "step_size: int = knob(1, \"epochs between drops (seed 004 uses 30 for 90-epoch runs)\")"
    assert re.search(SEED.format(n="004"), line, re.I) and re.search(NOT_THEIRS["004"], line, re.I)
