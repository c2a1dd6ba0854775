"""A class on one server: N browser sessions, some training, the rest drawing, against one `streamlit run`.
Measures mouse-up → prediction on the Draw page while jobs train and wait in the queue, against the same
with nobody training (the baseline), and the server's memory. Prints draw latency p50/p95 idle and under
load, their ratio (goal ≤ 1.5×), the server's peak RSS (goal ≤ 4 GB), how the jobs ended and any page
exception.

    python bench/classroom.py [--sessions 10] [--trainers 3] [--idle-s 40] [--load-s 90]

Everything on loopback. Drawers draw digits on the Draw page without pause (at a quick
hand's speed, about half a second a digit) and time
mouse-up → new prediction on screen (as bench/draw_latency.py). First with nobody
training (idle), then while the trainers have pressed Train with the page's defaults and
wait in the server's queue. At the end, trainers still queued press Leave and a running
one presses Stop, so every job ends one way or the other. Prints draw latency p50/p95 idle
and under load, the server's peak RSS, jobs finished/stopped/left, and any page exception.
Goals: p50 under load ≤ 1.5× idle on 2 cores; peak RSS ≤ 4 GB; zero exceptions.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.async_api import async_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))
from bench.draw_latency import INSTALL  # noqa: E402
from bench.machine import describe  # noqa: E402
from bench.procfs import rss_mb, server_pid  # noqa: E402
from core.common.device import pick_device  # noqa: E402
from browser.test_draw import ONE, SEVEN, ZERO  # noqa: E402
from streamlit_server import CHROMIUM_ARGS, EXCEPTION, _SETTLED_JS, find_chromium, serve  # noqa: E402

DIGITS = [(ONE, "1"), (ZERO, "0"), (SEVEN, "7")]
# Ten tabs of one browser: chromium would throttle the timers and frames of all but the
# front one, which no real student's own browser does to their own open tab.
UNTHROTTLED = ["--disable-background-timer-throttling", "--disable-renderer-backgrounding",
               "--disable-backgrounding-occluded-windows"]


class Clock:
    """Which phase a stroke belongs to: 'warm-up', 'idle', 'load', then 'done'."""

    def __init__(self):
        self.phase = "warm-up"
        self.strokes: dict[int, int] = {}  # drawer -> strokes answered so far, warm-up included


async def settled(page, quiet_ms: int = 300, timeout_ms: int = 60000) -> None:
    await page.wait_for_function(_SETTLED_JS, arg={"key": os.urandom(8).hex(), "quiet": quiet_ms,
                                                   "statusSel": '[data-testid="stStatusWidget"]'},
                                 polling=100, timeout=timeout_ms)


MOVE_S = 0.012  # between mouse moves: a digit takes about half a second, as a quick hand draws it


async def draw(page, strokes) -> None:
    canvas = page.locator("canvas.upper-canvas").first
    await canvas.scroll_into_view_if_needed(timeout=60000)  # the page may have scrolled since Clear
    box = await canvas.bounding_box(timeout=60000)
    for stroke in strokes:
        x, y = stroke[0]
        await page.mouse.move(box["x"] + x, box["y"] + y)
        await page.mouse.down()
        for (x0, y0), (x1, y1) in zip(stroke, stroke[1:]):
            for i in range(1, 9):
                await page.mouse.move(box["x"] + x0 + (x1 - x0) * i / 8, box["y"] + y0 + (y1 - y0) * i / 8)
                await asyncio.sleep(MOVE_S)
        await page.mouse.up()


async def drawer(context, url: str, clock: Clock, times: dict[str, list[float]], who: int) -> None:
    page = await context.new_page()
    await page.goto(f"{url}/draw?lang=en")
    await settled(page, 1000)
    await page.locator("canvas.upper-canvas").first.wait_for()
    n = who
    while clock.phase != "done":
        shape, expected = DIGITS[n % len(DIGITS)]
        n += 1
        # Clear mounts a new canvas: mark the old one, so we draw on the new one, not on one leaving
        canvas = page.locator("canvas.upper-canvas").first  # in the component's shadow DOM: only locators see it
        await canvas.evaluate("c => { c.__old = true; }")
        await page.get_by_role("button", name="Clear").click()
        await page.locator(".st-key-canvas-digit").wait_for(state="detached", timeout=60000)
        while await canvas.evaluate("c => c.__old === true", timeout=60000) and clock.phase != "done":
            await asyncio.sleep(0.1)  # no event tells us the new canvas has replaced the old one
        await settled(page, 500)
        # The canvas's toolbar appears above it a moment after the canvas and pushes it down:
        # measure where to draw only once it is there, or the drag lands beside the canvas.
        await page.locator(".dc-toolbar").first.wait_for(state="visible", timeout=60000)
        phase = clock.phase
        await page.evaluate(INSTALL, expected)
        await draw(page, shape)
        try:
            seen = await asyncio.wait_for(page.evaluate("window.__seen"), timeout=15)
        except asyncio.TimeoutError:
            shown = await page.locator(".st-key-canvas-digit").all_inner_texts()
            times.setdefault("timeouts", []).append(f"drew {expected}, page shows {shown or 'nothing'}")
            continue
        clock.strokes[who] = clock.strokes.get(who, 0) + 1
        if phase == clock.phase:  # a stroke that straddles two phases counts in neither
            times.setdefault(phase, []).append(seen - await page.evaluate("window.__upAt"))


async def trainer(context, url: str, clock: Clock, seen: list[str]) -> None:
    page = await context.new_page()
    await page.goto(f"{url}/train?lang=en")
    await settled(page, 1000)
    while clock.phase != "load":
        await asyncio.sleep(0.2)
    await page.get_by_role("button", name="Train").click()
    await page.get_by_role("button", name="Stop").or_(page.get_by_role("button", name="Leave")).wait_for(timeout=60000)
    seen.append("queued" if await page.get_by_text("in line").count() else "running")
    while clock.phase == "load":
        await asyncio.sleep(0.5)
    for name in ("Leave", "Stop"):  # end whatever is still waiting or training
        button = page.get_by_role("button", name=name)
        if await button.count():
            await button.click()
    await page.get_by_role("button", name="Train").wait_for(timeout=60000)


async def visit_every_page(context, url: str) -> None:
    """One visitor first: the process then holds torch, the models and datasets everyone shares."""
    page = await context.new_page()
    for path in ("/draw", "/train", "/inside"):
        await page.goto(f"{url}{path}?lang=en")
        await settled(page, 1000)
    await page.close()


def run_statuses(runs_dir: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for info in runs_dir.glob("*/config.json"):
        status = json.loads(info.read_text())["status"]
        counts[status] = counts.get(status, 0) + 1
    return counts


def summary(times: list[float]) -> str:
    if not times:
        return "no strokes"
    ordered = sorted(times)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return (f"p50 {statistics.median(ordered):.0f} ms, p95 {p95:.0f} ms "
            f"({len(ordered)} strokes)")


async def classroom(url: str, args, runs_dir: Path) -> None:
    clock, times, seen = Clock(), {}, []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS + UNTHROTTLED)
        pid = server_pid(url.rsplit(":", 1)[1])
        await visit_every_page(await browser.new_context(), url)
        shared = rss_mb(pid)
        contexts = [await browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(args.sessions)]
        tasks = [asyncio.create_task(trainer(c, url, clock, seen)) for c in contexts[:args.trainers]]
        tasks += [asyncio.create_task(drawer(c, url, clock, times, i)) for i, c in enumerate(contexts[args.trainers:])]
        drawers = args.sessions - args.trainers
        for _ in range(120):  # warm-up: each drawer has had two answers (page code, plotly, model all loaded)
            if len(clock.strokes) == drawers and min(clock.strokes.values(), default=2) >= 2:
                break
            await asyncio.sleep(0.5)
        per_session = (rss_mb(pid) - shared) / args.sessions
        for phase, seconds in (("idle", args.idle_s), ("load", args.load_s)):
            clock.phase = phase
            await asyncio.sleep(seconds)
        clock.phase = "done"
        ended, late = await asyncio.wait(tasks, timeout=90)  # a stroke in flight may still finish
        failures = [repr(t.exception())[:200] for t in ended if t.exception() is not None]
        for task in late:
            task.cancel()
        stuck = len(late)
        exceptions = [text for c in contexts for p in c.pages for text in await p.locator(EXCEPTION).all_inner_texts()]
        await browser.close()
    idle, load = times.get("idle", []), times.get("load", [])
    ratio = statistics.median(load) / statistics.median(idle) if idle and load else float("nan")
    rss = rss_mb(pid, "VmHWM")
    print(describe(pick_device()))
    print(f"{args.sessions} sessions: {args.trainers} pressed Train, {args.sessions - args.trainers} drew continuously")
    print(f"draw latency idle:       {summary(idle)}")
    print(f"draw latency under load: {summary(load)}")
    print(f"p50 under load / idle:   {ratio:.2f}× (goal ≤ 1.5×: {'ok' if ratio <= 1.5 else 'MISSED'})")
    print(f"server peak RSS:         {rss:,.0f} MB (goal ≤ 4,096 MB: {'ok' if rss <= 4096 else 'MISSED'}); "
          f"{shared:,.0f} MB after one visitor, then ≈ {per_session:,.0f} MB per session")
    print(f"trainers on pressing Train: {', '.join(seen)}; runs at the end: {run_statuses(runs_dir)} "
          f"(queued ones that left leave no run)")
    print(f"strokes without a prediction in 15 s: {len(times.get('timeouts', []))} {times.get('timeouts', [])[:5]}; "
          f"sessions still busy 90 s after the end: {stuck}; page exceptions: {len(exceptions)}")
    for failure in failures:
        print("  a session failed: " + failure)
    for text in exceptions:
        print("  " + text[:300].replace("\n", " "))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=10, help="browser sessions in all")
    parser.add_argument("--trainers", type=int, default=3, help="sessions that press Train; the rest draw")
    parser.add_argument("--idle-s", type=float, default=40, help="seconds of drawing with nobody training")
    parser.add_argument("--load-s", type=float, default=90, help="seconds of drawing while jobs train and wait")
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as runs:
        env = dict(os.environ, TORCHLAB_RUNS=runs)
        with serve(REPO / "streamlit_app.py", env=env) as url:
            asyncio.run(classroom(url, args, Path(runs)))
    print(f"bench wall time: {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
