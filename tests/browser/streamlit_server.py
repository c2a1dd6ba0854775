"""Run a real `streamlit run` and drive it with Debian chromium.

Shared by the browser tests (tests/browser/) and tools/screenshots.py so both
start the server and judge "page finished rendering" the same way.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

# Playwright's bundled browsers cannot be downloaded here, so we use the distro
# chromium; these flags keep it from phoning home or needing a GPU/sandbox.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

STATUS_WIDGET = '[data-testid="stStatusWidget"]'
EXCEPTION = '[data-testid="stException"]'


def free_port() -> int:
    """Ask the OS for an unused loopback port (tiny race, fine for tests)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(log, limit: int = 4000) -> str:
    log.flush()
    log.seek(0)
    return log.read().decode(errors="replace")[-limit:] or "(no output yet)"


@contextlib.contextmanager
def serve(app_path, port=None, env=None, timeout=60):
    """Start `streamlit run app_path`, yield its base URL, always kill it after.

    The server gets its own process group so that killing it also takes down
    anything the app spawned (e.g. DataLoader workers).
    """
    app = Path(app_path).resolve()
    if not app.is_file():
        raise FileNotFoundError(f"Streamlit app not found: {app}")
    port = port or free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", app.name,
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]
    url = f"http://127.0.0.1:{port}"
    # A temp file, not a pipe: nobody reads a pipe while tests run, so a
    # chatty server would eventually block on a full pipe buffer.
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            cmd, cwd=app.parent, env=dict(os.environ if env is None else env),
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            _wait_healthy(proc, url, timeout, log)
            yield url
        finally:
            _kill_group(proc)


def _wait_healthy(proc, url, timeout, log):
    """Poll /_stcore/health; fail early with the server's output if it exits."""
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(
                f"streamlit exited with code {proc.returncode} before becoming "
                f"healthy:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"streamlit not healthy at {url} after {timeout}s:\n{_tail(log)}")
        time.sleep(0.2)  # no event to wait on for an external process


def _kill_group(proc):
    """SIGTERM the server's process group, SIGKILL whatever is left after 10 s."""
    for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=grace)
            # The leader is gone; still sweep up any children it left behind.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            break
        except subprocess.TimeoutExpired:
            continue


def find_chromium():
    """Path of a usable chromium: $CHROMIUM, the Debian package, or PATH."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium",
                      shutil.which("chromium")):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def launch_browser(playwright, executable_path=None):
    """Headless chromium via Playwright, using the system binary."""
    path = executable_path or find_chromium()
    if path is None:
        raise RuntimeError("chromium not found; apt-get install -y chromium")
    return playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)


# Busy while the page has no connected app yet, the script is (re)running, or
# the "Running..." status widget is shown. Quiet time is tracked in the page
# so one Playwright wait does the whole job; `key` keeps calls independent.
_SETTLED_JS = """
({key, quiet, statusSel}) => {
  const now = performance.now();
  const app = document.querySelector('[data-testid="stApp"]');
  const state = app && app.getAttribute('data-test-script-state');
  const busy = !app
    || app.getAttribute('data-test-connection-state') !== 'CONNECTED'
    || ['initial', 'running', 'rerunRequested', 'stopRequested'].includes(state)
    || document.querySelector(statusSel) !== null;
  const marks = (window.__settleMarks = window.__settleMarks || {});
  if (busy || !(key in marks)) marks[key] = now;
  return now - marks[key] >= quiet;
}
"""


def wait_until_settled(page, quiet_ms=1000, timeout_ms=30000):
    """Wait until the app has been idle (no status widget, script not running)
    for quiet_ms, so screenshots and assertions see the finished page."""
    page.wait_for_function(
        _SETTLED_JS,
        arg={"key": uuid.uuid4().hex, "quiet": quiet_ms, "statusSel": STATUS_WIDGET},
        polling=100, timeout=timeout_ms,
    )


# Streamlit loads some elements' code lazily (plotly, echarts, selectboxes, images): until then a
# skeleton stands in their place, and a chart is drawn only after its bundle arrives.
_DRAWN_JS = """() => document.querySelector('[data-testid="stSkeleton"]') === null
  && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(c => c.querySelector('.main-svg'))
  && [...document.querySelectorAll('[data-testid="stEChartsChart"]')]
       .every(c => c.offsetParent === null || c.querySelector('canvas, svg'))"""  # a hidden tab's: drawn when opened


def wait_until_drawn(page, timeout_ms=30000):
    """Wait until no lazy element is still a skeleton and every plotly and echarts chart is drawn."""
    page.wait_for_function(_DRAWN_JS, polling=100, timeout=timeout_ms)


def exception_texts(page):
    """Text of every uncaught-exception box on the page (empty list if none)."""
    return [el.inner_text() for el in page.query_selector_all(EXCEPTION)]
