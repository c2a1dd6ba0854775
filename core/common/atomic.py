"""Write files so a reader never sees half of one: temp file in the same folder, then rename."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def _read_umask() -> int:
    mask = os.umask(0)  # the only way to read it is to set it: do that once, at import
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def write_atomically(path: Path | str, write: Callable[[str], None]) -> None:
    """Call `write(tmp_path)`, then move the result onto `path` in one step (os.replace)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; give the file the usual mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomically(path: Path | str, text: str) -> None:
    """Atomic version of Path.write_text (UTF-8)."""
    write_atomically(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
