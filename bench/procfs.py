"""What the benches read from Linux's /proc: the server's process, its memory, and CPU time per task."""

from __future__ import annotations

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def server_pid(port: str | int) -> int | None:
    """The `streamlit run` process listening on `port` (serve() does not hand us its pid)."""
    for proc in Path("/proc").iterdir():
        try:
            cmd = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"streamlit" in b" ".join(cmd) and str(port).encode() in cmd:
            return int(proc.name)
    return None


def rss_mb(pid: int | None, field: str = "VmRSS") -> float:
    """Resident memory now (VmRSS) or its high-water mark (VmHWM, kept by the kernel)."""
    if pid is None:
        return float("nan")
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def stat_fields(path: Path) -> list[str] | None:
    """/proc/…/stat after the command name (which may hold spaces): field 3 onwards."""
    try:
        text = path.read_text()
    except OSError:
        return None  # the process or thread ended between listing and reading
    return text[text.rindex(")") + 2:].split()


def cpu_seconds(fields: list[str]) -> float:
    """utime + stime (fields 14 and 15) of a stat_fields list."""
    return (int(fields[11]) + int(fields[12])) / TICKS
