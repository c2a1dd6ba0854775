"""core/ must run headless: no module in it may import Streamlit."""

import re
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
CORE = REPO_ROOT / "core"

IMPORT_ALL_WITHOUT_STREAMLIT = """
import importlib, pkgutil, sys
sys.modules["streamlit"] = None  # any `import streamlit` now raises ImportError
import core
names = [m.name for m in pkgutil.walk_packages(core.__path__, "core.")]
for name in names:
    importlib.import_module(name)
print(len(names))
"""


def test_every_core_module_imports_without_streamlit():
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL_WITHOUT_STREAMLIT],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    expected = len(list(CORE.rglob("*.py"))) - 1  # every .py but core/__init__.py is a module of its own
    assert int(done.stdout.strip()) == expected


def test_no_core_file_has_a_streamlit_import_line():
    pattern = re.compile(r"^\s*(import\s+streamlit|from\s+streamlit[\s.])", re.MULTILINE)
    offenders = [str(p.relative_to(REPO_ROOT)) for p in CORE.rglob("*.py") if pattern.search(p.read_text())]
    assert offenders == []
