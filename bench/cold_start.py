"""Cold start: seconds from `streamlit run` to the home page visible in chromium (target ≤ 3 s).
No baseline: the time is compared with its target. Prints the median time to the home page's title
on screen and to the page fully rendered, with every round's figure.

    python bench/cold_start.py [--repeat 3]

Each round starts a fresh server (installed packages, warm OS file cache, as a
second `make run` would), opens / in headless chromium (started beforehand: the
browser's own start-up is not ours) and times until the title is on screen and
until the page has finished rendering.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "browser"))
from streamlit_server import launch_browser, serve  # noqa: E402

FINISHED_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app && app.getAttribute('data-test-script-state') === 'notRunning'
    && document.querySelector('[data-testid="stStatusWidget"]') === null;
}"""


def one_cold_start(browser) -> tuple[float, float]:
    """(s to the title visible, s to the page finished), from the moment the server is launched."""
    page = browser.new_page()
    try:
        start = time.perf_counter()
        with serve(REPO_ROOT / "streamlit_app.py") as url:
            page.goto(url)
            page.locator("h1").first.wait_for(state="visible", timeout=60000)
            visible = time.perf_counter() - start
            page.wait_for_function(FINISHED_JS, polling=50, timeout=60000)
            return visible, time.perf_counter() - start
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="fresh server starts timed (after one untimed)")
    args = parser.parse_args()
    with sync_playwright() as p:
        browser = launch_browser(p)
        try:
            one_cold_start(browser)  # warm the OS file cache, as any second start would find it
            rounds = [one_cold_start(browser) for _ in range(args.repeat)]
        finally:
            browser.close()
    visible = [v for v, _ in rounds]
    finished = [f for _, f in rounds]
    print(f"cold start   home page title visible {statistics.median(visible):.2f} s after `streamlit run` "
          f"(median of {args.repeat}: {', '.join(f'{v:.2f}' for v in visible)}); target ≤ 3 s")
    print(f"             page fully rendered {statistics.median(finished):.2f} s "
          f"({', '.join(f'{f:.2f}' for f in finished)})")


if __name__ == "__main__":
    main()
