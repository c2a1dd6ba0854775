"""What the Train page's live charts cost training: the page's run against the CLI's, same config.

    python bench/live_charts.py [--rounds 5]

Alternates a CLI run (`python -m core.train`, no UI), a Train-page run watched in headless
chromium (live charts redrawn every second; browser, server and training all on this machine)
and a page run whose tab is closed after pressing Train (the server's own cost), with the
page's default preset. Compares the training samples/s each reports per epoch (evaluation
excluded; each run's first epoch left out) and prints the slowdowns (target ≤ 5%) round by
round, then where the CPU went while the charts were live: chromium, the server's own
threads, and the job's (niced) training threads.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "browser"))
sys.path.insert(0, str(REPO_ROOT))
from bench.procfs import cpu_seconds, server_pid, stat_fields  # noqa: E402
from streamlit_server import exception_texts, launch_browser, serve, wait_until_settled  # noqa: E402


LIVE_VIEW = 'iframe[src*="live_view"]'  # the Train page's live charts (ui/live_charts.py)


def chromium_and_harness(server: int | None) -> dict[int, str]:
    """Every chromium process, and this bench with its Playwright driver ("harness"), by pid.
    Listed once per watched run (its page is open by then), so a sample reads a few files."""
    found = {os.getpid(): "harness"}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        fields = stat_fields(proc / "stat")
        # chromium's helpers rewrite their title into one string: "/usr/lib/chromium/chromium --type=…"
        name = Path(cmdline[0].split(b" ")[0].decode(errors="replace")).name if cmdline and cmdline[0] else ""
        if name.startswith(("chrome", "chromium", "headless_shell")):
            found[int(proc.name)] = "chromium"
        elif fields and int(fields[1]) == os.getpid() and int(proc.name) != server:  # Playwright's driver
            found[int(proc.name)] = "harness"
    return found


def cpu_by_task(server: int | None, processes: dict[int, str]) -> dict[tuple[int, int], tuple[str, float]]:
    """CPU seconds so far of `processes` and of every thread of the server process, with its group:
    chromium, harness, the server's threads at normal priority, or its niced (training) threads."""
    tasks = {}
    for pid, group in processes.items():
        fields = stat_fields(Path(f"/proc/{pid}/stat"))
        if fields:
            tasks[pid, 0] = (group, cpu_seconds(fields))
    if server is None:
        return tasks
    for task in Path(f"/proc/{server}/task").iterdir():
        fields = stat_fields(task / "stat")
        if fields:  # nice is field 19
            tasks[server, int(task.name)] = ("training" if int(fields[16]) > 0 else "server", cpu_seconds(fields))
    return tasks


class CpuSampler:
    """Samples cpu_by_task every second, so threads that end (a finished job's) still count."""

    def __init__(self, server: int | None):
        self.server, self.processes = server, chromium_and_harness(server)
        self.first, self.last = cpu_by_task(server, self.processes), {}
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.done.wait(1.0):
            self.last.update(cpu_by_task(self.server, self.processes))

    def stop(self) -> dict[str, float]:
        """CPU seconds used per group since the start."""
        self.done.set()
        self.thread.join()
        self.last.update(cpu_by_task(self.server, self.processes))
        used = {"chromium": 0.0, "harness": 0.0, "server": 0.0, "training": 0.0}
        for key, (group, seconds) in self.last.items():
            used[group] += seconds - self.first.get(key, (group, 0.0))[1]
        return used


def wait_for_the_last_epoch_drawn(frame) -> None:
    """Until the live view's bar passes 90%, or the view is gone (the run ended between two polls)."""
    while not frame.is_detached():
        try:
            if frame.evaluate("() => parseFloat(document.getElementById('bar').style.width) || 0") >= 90:
                return
        except PlaywrightError:
            return  # detached while asking
        time.sleep(0.5)  # the view itself redraws every 2 s


def epoch_rates(records: list[dict]) -> list[float]:
    """Samples/s of every epoch but the first: a fresh CLI process spends its first epoch
    warming oneDNN up, which the server did once for all its jobs."""
    return [r["samples_per_s"] for r in records if r.get("event") == "epoch"][1:]


def cli_run(env: dict, epochs: int) -> list[float]:
    out = subprocess.run([sys.executable, "-m", "core.train", "--epochs", str(epochs), "--log-every", "0"],
                         cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=True).stdout
    return epoch_rates([json.loads(line) for line in out.splitlines() if line.startswith("{")])


def page_run(browser, url: str, runs: Path, watch: bool = True, cpu: list | None = None) -> list[float]:
    """Press Train on the page; watch the live charts to the end, or close the tab at once
    (the job goes on in the server: what remains is the server's own cost).
    `cpu` gains (seconds, CPU seconds per group) of the watched run."""
    before = set(runs.iterdir()) if runs.exists() else set()
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(f"{url}/train?lang=en")
        wait_until_settled(page)
        page.get_by_role("button", name="Train").click()
        live = page.frame_locator(LIVE_VIEW)
        live.get_by_text("samples/s").first.wait_for(timeout=60_000)  # running, the live view is drawing
        if watch:
            start, sampler = time.perf_counter(), CpuSampler(server_pid(url.rsplit(":", 1)[1]))
            wait_for_the_last_epoch_drawn(next(f for f in page.frames if "live_view" in f.url))
            used = sampler.stop()  # the live phase only: not the page's load, not the final Plotly charts
            if cpu is not None:
                cpu.append((time.perf_counter() - start, used))
            page.get_by_text("Finished 3 epochs").wait_for(timeout=60_000)  # the finished message
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
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    epochs = 3  # the page's default preset
    with tempfile.TemporaryDirectory() as runs_dir:
        # the app's own limits: a job alone, with nobody drawing, trains on every core as the CLI does
        env = dict(os.environ, TORCHLAB_RUNS=runs_dir)
        env.pop("TORCHLAB_TRAIN_THREADS", None)
        runs = Path(runs_dir)
        cli, page, closed, cpu = [], [], [], []
        with serve(REPO_ROOT / "streamlit_app.py", env=env) as url, sync_playwright() as p:
            browser = launch_browser(p)
            try:
                for _ in range(args.rounds):
                    cli += cli_run(env, epochs)
                    page += page_run(browser, url, runs, cpu=cpu)
                    closed += page_run(browser, url, runs, watch=False)
            finally:
                browser.close()
    print(f"cli          epochs 2-3 of each run, samples/s: {', '.join(f'{r:,.0f}' for r in cli)}")
    print(f"train page   with live charts in chromium: {', '.join(f'{r:,.0f}' for r in page)}")
    print(f"tab closed   the same page job, no browser: {', '.join(f'{r:,.0f}' for r in closed)}")
    # this VM's speed drifts by ±15% from minute to minute: compare each round's runs, made back to back
    watched = [1 - p / c for p, c in zip(per_round(page, args.rounds), per_round(cli, args.rounds))]
    unwatched = [1 - p / c for p, c in zip(per_round(closed, args.rounds), per_round(cli, args.rounds))]
    print(f"slowdown     {statistics.median(watched):+.1%} watched (median of the rounds' "
          f"{', '.join(f'{w:+.0%}' for w in watched)}; target ≤ 5%), {statistics.median(unwatched):+.1%} with the tab "
          f"closed (the server's own cost)")
    wall = sum(seconds for seconds, _ in cpu)
    shares = {group: sum(used[group] for _, used in cpu) / wall for group in cpu[0][1]}
    cost = (shares["chromium"] + shares["server"]) / (os.cpu_count() or 1)
    print(f"cpu live     chromium {shares['chromium']:.3f} cores, server threads {shares['server']:.3f}, training threads "
          f"{shares['training']:.2f}: the live view took {cost:.1%} of this {os.cpu_count()}-core machine "
          f"(while the charts were live, {wall:.0f} s, to 90% drawn); this bench and "
          f"its Playwright driver {shares['harness']:.3f}")


def per_round(rates: list[float], rounds: int) -> list[float]:
    """The mean samples/s of each round's run (runs report the same number of epochs)."""
    size = len(rates) // rounds
    return [statistics.mean(rates[i * size:(i + 1) * size]) for i in range(rounds)]


if __name__ == "__main__":
    main()
