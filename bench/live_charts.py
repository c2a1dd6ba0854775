"""What the Train page's live charts cost training: the page's run against the CLI's, same config.

    python bench/live_charts.py [--rounds 5]

Alternates a CLI run (`python -m core.train`, no UI), a Train-page run watched in headless
chromium (live charts redrawn every 2 s; browser, server and training all on this machine)
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

from playwright.sync_api import sync_playwright

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "browser"))
sys.path.insert(0, str(REPO_ROOT))
from bench.procfs import cpu_seconds, server_pid, stat_fields  # noqa: E402
from streamlit_server import exception_texts, launch_browser, serve, wait_until_settled  # noqa: E402


def cpu_by_task(server: int | None) -> dict[tuple[int, int], tuple[str, float]]:
    """CPU seconds so far of every chromium process and every thread of the server process,
    with its group: chromium, the server's threads at normal priority, or its niced (training) threads."""
    tasks = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        # chromium's helpers rewrite their title into one string: "/usr/lib/chromium/chromium --type=…"
        name = Path(cmdline[0].split(b" ")[0].decode(errors="replace")).name if cmdline and cmdline[0] else ""
        fields = stat_fields(proc / "stat") if name.startswith(("chrome", "chromium", "headless_shell")) else None
        if fields:
            tasks[int(proc.name), 0] = ("chromium", cpu_seconds(fields))
    if server is None:
        return tasks
    for task in Path(f"/proc/{server}/task").iterdir():
        fields = stat_fields(task / "stat")
        if fields:  # nice is field 19
            tasks[server, int(task.name)] = ("training" if int(fields[16]) > 0 else "server", cpu_seconds(fields))
    return tasks


class CpuSampler:
    """Samples cpu_by_task every half second, so threads that end (a finished job's) still count."""

    def __init__(self, server: int | None):
        self.server, self.first, self.last = server, cpu_by_task(server), {}
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.done.wait(0.5):
            self.last.update(cpu_by_task(self.server))

    def stop(self) -> dict[str, float]:
        """CPU seconds used per group since the start."""
        self.done.set()
        self.thread.join()
        self.last.update(cpu_by_task(self.server))
        used = {"chromium": 0.0, "server": 0.0, "training": 0.0}
        for key, (group, seconds) in self.last.items():
            used[group] += seconds - self.first.get(key, (group, 0.0))[1]
        return used


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
        page.get_by_text("samples/s").first.wait_for(timeout=60_000)  # running, the live view is up
        if watch:
            start, sampler = time.perf_counter(), CpuSampler(server_pid(url.rsplit(":", 1)[1]))
            page.get_by_text("Finished 3 epochs").wait_for(timeout=300_000)  # the finished message
            used = sampler.stop()  # the live phase only: not the page's load, not the final Plotly charts
            if cpu is not None:
                cpu.append((time.perf_counter() - start, used))
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
        # Page jobs leave a core to drawing by default (core.host_limits); here they get every core,
        # as the CLI does, so the difference is what watching costs.
        env = dict(os.environ, TORCHLAB_RUNS=runs_dir, TORCHLAB_TRAIN_THREADS=str(os.cpu_count() or 1))
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
          f"(while the charts were live, {wall:.0f} s)")


def per_round(rates: list[float], rounds: int) -> list[float]:
    """The mean samples/s of each round's run (runs report the same number of epochs)."""
    size = len(rates) // rounds
    return [statistics.mean(rates[i * size:(i + 1) * size]) for i in range(rounds)]


if __name__ == "__main__":
    main()
