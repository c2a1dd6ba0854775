"""Run a script a page shows, as a person would: saved to a file, run with python, its output read."""

import contextlib
import io
import runpy
from pathlib import Path


def run_script(code: str, folder: Path, monkeypatch, cwd: Path | None = None) -> str:
    """Save `code` in `folder`, run it from `cwd` (default: the same folder), return what it printed."""
    script = folder / "snippet.py"
    script.write_text(code)
    monkeypatch.chdir(cwd or folder)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        runpy.run_path(str(script), run_name="__main__")
    return out.getvalue()
