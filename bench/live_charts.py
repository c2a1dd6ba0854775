"""What the Train page's live charts cost training, against the CLI on the same config.
Measures the server's part (a page job, tab closed, against `python -m core.train`) and the browser's
(a watched job, chromium running against chromium frozen), both sides taking turns on the machine.
Prints each round, then the server's part, the browser's and the slowdown against the CLI (target ≤ 5%).

    python bench/live_charts.py [--rounds 5] [--window 2]

This VM's speed drifts by ±15% within seconds, more than the effect measured, so nothing here
compares runs made one after the other. Each comparison runs both sides at once and gives the
machine to one side at a time (the other frozen with SIGSTOP), swapping every `--window`
seconds, so both sides see the same seconds of the machine. Two parts, each round:

1. The server's own cost. A CLI run (`python -m core.train`, no UI) against a Train-page run
   whose tab is closed once training starts, the page's default preset: each side's time on
   the machine from its first epoch's record to its last (the first epoch warms a fresh
   process up), evaluations included on both sides.
2. The browser's cost. One longer page job watched in headless chromium, with chromium frozen
   every other turn: the job's steps per second of watched turns against frozen ones, from
   the times its step records appear (evaluations left out). A thawed browser catches up at
   once on the timers that fell due while it was frozen (the feed's next fetch, Streamlit's
   own), so in its turns it works about twice as hard as a viewer's browser does. The same
   job is therefore first watched for STEADY_S seconds without freezing, and chromium's CPU
   then (its steady rate) against its CPU in watched turns scales this part to a viewer's.

Browser, server and training all share this machine. The slowdown against the CLI is the two
parts together: 1 − (1 − server) × (1 − browser), with the browser's part scaled to its steady
CPU; the unscaled figure is printed too. Target ≤ 5%.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
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

LIVE_VIEW = 'iframe[src*="live_view"]'  # the Train page's live charts (ui/train/live_charts.py)
EPOCHS = 3  # the page's default preset
WATCHED_EPOCHS = 14  # the browser part's job: long enough for a steady stretch and many turns
SETTLE_S, STEADY_S = 4.0, 16.0  # after the first draws, chromium's CPU watched without freezing


def chromium_pids() -> list[int]:
    """Every chromium process (helpers rewrite their title into one string: "/usr/lib/chromium/chromium --type=…")."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (proc / "cmdline").read_bytes().split(b"\0")[0].split(b" ")[0]
        except (OSError, IndexError):
            continue
        if Path(command.decode(errors="replace")).name.startswith(("chrome", "chromium", "headless_shell")):
            found.append(int(proc.name))
    return found


def signal_all(pids: list[int], sig: int) -> None:
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass  # ended meanwhile (a chromium helper, or the CLI at its end)


class Records:
    """A run's records with the time.monotonic() each appeared, read as they are written, in a thread."""

    def __init__(self):
        self.seen: list[tuple[float, dict]] = []
        self.ended = threading.Event()

    def _add(self, record: dict) -> None:
        self.seen.append((time.monotonic(), record))
        if record.get("event") == "end":
            self.ended.set()

    def follow_pipe(self, stream) -> None:
        """From a CLI's stdout, one JSON object a line."""
        _started(lambda: [self._add(json.loads(line)) for line in stream if line.startswith("{")])

    def follow_file(self, path: Path) -> None:
        """From a job's metrics.jsonl (complete lines only), polled every 10 ms for what was added:
        reading the whole file each time took this bench a tenth of a core."""
        def read():
            with open(path, encoding="utf-8") as f:
                pending = ""
                while not self.ended.is_set():
                    pending += f.read()
                    *lines, pending = pending.split("\n")
                    for line in lines:
                        self._add(json.loads(line))
                    time.sleep(0.01)
        _started(read)

    def epoch_times(self) -> list[float]:
        return [t for t, record in self.seen if record.get("event") == "epoch"]


def _started(target) -> None:
    threading.Thread(target=target, daemon=True).start()


class Turns:
    """Gives the machine to one side at a time (the others frozen with SIGSTOP), swapping every
    `window` seconds, and keeps the turns (side, start, end)."""

    def __init__(self, sides: dict[str, list[int]], window: float):
        self.sides, self.window, self.turns = sides, window, []

    def run(self, until, turn_ended=lambda side: None) -> None:
        """Take turns in the sides' order until `until()`, calling `turn_ended(side)` after each;
        every process runs again afterwards, whatever happens."""
        order = list(self.sides)
        try:
            for side in order[1:]:
                signal_all(self.sides[side], signal.SIGSTOP)
            turn = 0
            while not until():
                side = order[turn % len(order)]
                signal_all(self.sides[side], signal.SIGCONT)
                start = time.monotonic()
                time.sleep(self.window)
                if len(order) > 1:
                    signal_all(self.sides[side], signal.SIGSTOP)
                self.turns.append((side, start, time.monotonic()))
                turn_ended(side)
                turn += 1
        finally:
            for pids in self.sides.values():
                signal_all(pids, signal.SIGCONT)

    def time_of(self, side: str, start: float, end: float) -> float:
        """Seconds `side` had the machine between `start` and `end`."""
        return sum(max(0.0, min(b, end) - max(a, start)) for s, a, b in self.turns if s == side)


def start_training(page, url: str, runs: Path, epochs: int = EPOCHS) -> Path:
    """Open the Train page, set the epochs, press Train; the new run's folder once it trains."""
    before = set(runs.iterdir())
    page.goto(f"{url}/train?lang=en")
    wait_until_settled(page)
    slider = page.get_by_role("slider", name="Epochs")
    if int(slider.input_value()) != epochs:
        slider.focus()
        slider.press("Home")  # 1
        for _ in range(epochs - 1):
            slider.press("ArrowRight")
        wait_until_settled(page)
    page.get_by_role("button", name="Train").click()
    page.frame_locator(LIVE_VIEW).get_by_text("samples/s").first.wait_for(timeout=60_000)
    (run,) = set(runs.iterdir()) - before
    return run


def server_part(browser, url: str, runs: Path, env: dict, window: float) -> dict[str, float]:
    """A CLI run and a page run (tab closed) in turns: each side's seconds for the same epochs."""
    cli_records, page_records = Records(), Records()
    cli = subprocess.Popen([sys.executable, "-m", "core.train", "--epochs", str(EPOCHS), "--log-every", "0"],
                           cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, text=True)
    cli.stdout.readline()  # its start record: the CLI has loaded its data and model; it waits
    signal_all([cli.pid], signal.SIGSTOP)  # frozen while the page starts its job
    cli_records.follow_pipe(cli.stdout)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        run = start_training(page, url, runs)
    finally:
        page.close()
    page_records.follow_file(run / "metrics.jsonl")
    turns = Turns({"page": [server_pid(url.rsplit(":", 1)[1])], "cli": [cli.pid]}, window)
    give_up = time.monotonic() + 600
    try:
        turns.run(lambda: time.monotonic() > give_up or (
            (cli_records.ended.is_set() or cli.poll() is not None) and page_records.ended.is_set()))
    finally:
        cli.wait(60)
    spans = {"cli": cli_records.epoch_times(), "page": page_records.epoch_times()}
    if cli.returncode != 0 or any(len(times) != EPOCHS for times in spans.values()):
        raise RuntimeError(f"a run did not finish: CLI exit {cli.returncode}, epochs {spans}")
    return {side: turns.time_of(side, times[0], times[-1]) for side, times in spans.items()}


def browser_part(browser, url: str, runs: Path, window: float) -> dict[str, dict[str, float]]:
    """One watched page job, chromium frozen every other turn: steps, seconds and chromium's CPU
    seconds of each kind of turn."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        records = Records()
        records.follow_file(start_training(page, url, runs, WATCHED_EPOCHS) / "metrics.jsonl")
        chromium = chromium_pids()
        time.sleep(SETTLE_S)
        before, start = chromium_cpu(chromium), time.monotonic()
        time.sleep(STEADY_S)
        used = [chromium_cpu(chromium)]  # chromium's CPU seconds so far, read after each turn
        steady = {"chromium": used[0] - before, "turn_seconds": time.monotonic() - start}  # nobody freezing it
        turns = Turns({"watched": chromium, "frozen": []}, window)
        turns.run(records.ended.is_set, lambda side: used.append(chromium_cpu(chromium)))
        totals = {side: {"steps": 0.0, "seconds": 0.0, "chromium": 0.0, "turn_seconds": 0.0}
                  for side in ("watched", "frozen")}
        totals["steady"] = steady
        for number, (side, start, end) in enumerate(turns.turns[1:], start=1):  # the first: the view's first draws
            steps, seconds = steady_steps(records, start, end)
            for key, value in (("steps", steps), ("seconds", seconds), ("turn_seconds", end - start),
                               ("chromium", used[number + 1] - used[number])):
                totals[side][key] += value
        page.get_by_text(f"Finished {WATCHED_EPOCHS} epochs").wait_for(timeout=60_000)
        if exception_texts(page):
            raise RuntimeError(f"the Train page showed an exception: {exception_texts(page)}")
        return totals
    finally:
        page.close()


def chromium_cpu(pids: list[int]) -> float:
    return sum(cpu_seconds(fields) for fields in (stat_fields(Path(f"/proc/{pid}/stat")) for pid in pids) if fields)


def steady_steps(records: Records, start: float, end: float) -> tuple[int, float]:
    """Steps made between `start` and `end` and the seconds they took, from the first step record
    to the last of each stretch without an evaluation (an epoch record) in between."""
    steps, seconds, first, last = 0, 0.0, None, None
    for t, record in [r for r in records.seen if start <= r[0] < end] + [(end, {"event": "turn"})]:
        if record.get("event") == "step":
            first = first or (t, record["step"])
            last = (t, record["step"])
        elif first is not None:  # an evaluation, or the turn's end: close the stretch
            steps, seconds = steps + last[1] - first[1], seconds + last[0] - first[0]
            first = None
    return steps, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds of both parts")
    parser.add_argument("--window", type=float, default=2.0, help="seconds each side has the machine per turn")
    args = parser.parse_args()
    servers, browsers = [], []
    with tempfile.TemporaryDirectory() as runs_dir:
        # the app's own limits: a job alone, with nobody drawing, trains on every core as the CLI does
        env = dict(os.environ, TORCHLAB_RUNS=runs_dir, PYTHONUNBUFFERED="1")
        env.pop("TORCHLAB_TRAIN_THREADS", None)
        runs = Path(runs_dir)
        with serve(REPO_ROOT / "streamlit_app.py", env=env) as url, sync_playwright() as p:
            browser = launch_browser(p)
            try:
                for number in range(1, args.rounds + 1):
                    servers.append(server_part(browser, url, runs, env, args.window))
                    browsers.append(browser_part(browser, url, runs, args.window))
                    print(f"round {number}: server {server_cost([servers[-1]]):+.1%} "
                          f"(cli {servers[-1]['cli']:.2f} s, page {servers[-1]['page']:.2f} s for epochs 2-{EPOCHS}); "
                          f"browser {browser_cost([browsers[-1]]):+.1%} unscaled, "
                          f"{browser_cost([browsers[-1]], scaled=True):+.1%} scaled", flush=True)
            finally:
                browser.close()
    server, watching, unscaled = server_cost(servers), browser_cost(browsers, scaled=True), browser_cost(browsers)
    print(f"server      {server:+.1%}: the page's job with its tab closed against the CLI, {EPOCHS} epochs, "
          f"all rounds' seconds together")
    print(f"browser     {watching:+.1%}: watched turns against frozen-browser turns, steps/s "
          f"({rate(browsers, 'watched'):.1f} against {rate(browsers, 'frozen'):.1f}) {unscaled:+.1%}, scaled by "
          f"chromium's steady CPU to its CPU in watched turns ({cores(browsers, 'steady'):.3f} to "
          f"{cores(browsers, 'watched'):.3f} cores; {cores(browsers, 'frozen'):.3f} frozen)")
    print(f"slowdown    {1 - (1 - server) * (1 - watching):+.1%} against the CLI (target ≤ 5%); "
          f"{1 - (1 - server) * (1 - unscaled):+.1%} with the browser's part unscaled")


def server_cost(rounds: list[dict[str, float]]) -> float:
    return 1 - sum(r["cli"] for r in rounds) / sum(r["page"] for r in rounds)


def rate(rounds: list[dict], side: str) -> float:
    return sum(r[side]["steps"] for r in rounds) / sum(r[side]["seconds"] for r in rounds)


def cores(rounds: list[dict], side: str) -> float:
    """Chromium's CPU seconds per second over `side` (watched, frozen, steady) of every round."""
    return sum(r[side]["chromium"] for r in rounds) / sum(r[side]["turn_seconds"] for r in rounds)


def browser_cost(rounds: list[dict], scaled: bool = False) -> float:
    """Steps/s lost in watched turns; `scaled`: as if chromium there used its steady CPU."""
    lost = 1 - rate(rounds, "watched") / rate(rounds, "frozen")
    return lost * cores(rounds, "steady") / cores(rounds, "watched") if scaled else lost


if __name__ == "__main__":
    main()
