"""What the Train page's live charts cost training: the page's run against the CLI's, same config.

    python bench/live_charts.py [--rounds 2] [--epochs 3]

Alternates a CLI run (`python -m core.train`, no UI), a Train-page run watched in headless
chromium (live charts redrawn every 2 s; browser, server and training all on this machine)
and a page run whose tab is closed after pressing Train (the server's own cost), with the
page's default preset. Compares the training samples/s each reports per epoch (evaluation
excluded) and prints the slowdowns (target ≤ 5%).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "browser"))
from streamlit_server import exception_texts, launch_browser, serve, wait_until_settled  # noqa: E402


def epoch_rates(records: list[dict]) -> list[float]:
    return [r["samples_per_s"] for r in records if r.get("event") == "epoch"]


def cli_run(env: dict, epochs: int) -> list[float]:
    out = subprocess.run([sys.executable, "-m", "core.train", "--epochs", str(epochs), "--log-every", "0"],
                         cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=True).stdout
    return epoch_rates([json.loads(line) for line in out.splitlines() if line.startswith("{")])


def page_run(browser, url: str, runs: Path, watch: bool = True) -> list[float]:
    """Press Train on the page; watch the live charts to the end, or close the tab at once
    (the job goes on in the server: what remains is the server's own cost)."""
    before = set(runs.iterdir()) if runs.exists() else set()
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(f"{url}/train?lang=en")
        wait_until_settled(page)
        page.get_by_role("button", name="Train").click()
        if watch:
            page.get_by_text("Finished 3 epochs").wait_for(timeout=300_000)  # the finished message
        else:
            page.get_by_text("samples/s").first.wait_for(timeout=60_000)  # running: leave
        if exception_texts(page):
            raise RuntimeError(f"the Train page showed an exception: {exception_texts(page)}")
    finally:
        page.close()
    (run,) = set(runs.iterdir()) - before
    while '"event": "end"' not in (run / "metrics.jsonl").read_text(encoding="utf-8"):
        time.sleep(0.5)  # nothing to wait on across processes but the file the job writes
    lines = (run / "metrics.jsonl").read_text(encoding="utf-8").splitlines()
    return epoch_rates([json.loads(line) for line in lines])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    epochs = 3  # the page's default preset
    with tempfile.TemporaryDirectory() as runs_dir:
        # Page jobs leave a core to drawing by default (core.host_limits); here they get every core,
        # as the CLI does, so the difference is what watching costs.
        env = dict(os.environ, TORCHLAB_RUNS=runs_dir, TORCHLAB_TRAIN_THREADS=str(os.cpu_count() or 1))
        runs = Path(runs_dir)
        cli, page, closed = [], [], []
        with serve(REPO_ROOT / "streamlit_app.py", env=env) as url, sync_playwright() as p:
            browser = launch_browser(p)
            try:
                for _ in range(args.rounds):
                    cli += cli_run(env, epochs)
                    page += page_run(browser, url, runs)
                    closed += page_run(browser, url, runs, watch=False)
            finally:
                browser.close()
    cli_rate, page_rate = statistics.median(cli), statistics.median(page)
    print(f"cli          {cli_rate:,.0f} samples/s (median of {len(cli)} epochs: "
          f"{', '.join(f'{r:,.0f}' for r in cli)})")
    print(f"train page   {page_rate:,.0f} samples/s with live charts in chromium (median of {len(page)} epochs: "
          f"{', '.join(f'{r:,.0f}' for r in page)})")
    print(f"slowdown     {1 - page_rate / cli_rate:+.1%} (target ≤ 5%)")
    closed_rate = statistics.median(closed)
    print(f"tab closed   {closed_rate:,.0f} samples/s, {1 - closed_rate / cli_rate:+.1%}: the same page job with no browser "
          f"drawing on these cores (as when students' browsers run on their own machines)")


if __name__ == "__main__":
    main()
