"""Seconds until each TorchLab page has settled in chromium, on a fresh tab and after a click on its sidebar
link, against a one-line Streamlit page (`st.title`) served and measured in the same run, interleaved. Prints
a table (page, fresh-tab p50, its p50 ratio to the one-line page's fresh tab measured just before it, in-session
p50, the one-line page's two figures) and See inside's click → every feature map shown: the first click on a
fresh server, the first in a new tab, and repeated clicks (targets: every page ≤ 2 s on a fresh tab; See inside's
maps ≤ 1.0 s after the click). The ratio carries the 2 s to a machine whose chromium is slower: 2 s was twice
the one-line page where that page took 1 s, and on a 2-core VM whose one-line page takes 1.8 s it is 3.6 s.

    python bench/page_times.py [--repeat 3] [--pages inside draw] [--app OTHER_CHECKOUT/streamlit_app.py]

"Settled" is judged in the page itself (a 20 ms poll, times from performance.now()) and must hold for
400 ms: the script has finished (stApp's data-test-script-state, no status widget, nothing stale), no lazy
element is still a skeleton, every Plotly chart (hidden tabs' too) has drawn every heatmap, image and bar
trace, every <img> has loaded (inside components' shadow roots too), every inline component has drawn,
every visible dataframe has its canvas, and a page's own extras are there (Draw: the drawable canvas).
See inside's maps are shown when every layer card's picture, bars or chart is drawn and its script is done.
Fresh tab: a new browser context (no session, no cached code) opens the page's URL; timed from navigation
start. In-session: one tab stays on Home, clicks the page's sidebar link (timed from the click) and goes back.
The machine is measured as it is: run it on a quiet one, and compare only figures from the same run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "browser"))
from streamlit_server import launch_browser, serve, wait_until_settled  # noqa: E402
from ui.common.catalog import ready_pages  # noqa: E402

ONE_LINE_APP = '''
import streamlit as st
home = st.Page(lambda: st.title("Home"), title="Home", default=True)
page = st.Page(lambda: st.title("x"), title="One line", url_path="one_line")
st.navigation([home, page]).run()
'''
EXTRAS = {"draw": "canvas.upper-canvas"}  # what a page draws on first view that no generic check sees (also
# looked for inside components' shadow roots: the drawable canvas is an isolated components-v2 element)
MAPS = '[class*="st-key-inside-layer-"]'  # See inside's layer cards: a chart or a picture each, or a caption
VIEWPORT = {"width": 1280, "height": 900}
FAILED: set[str] = set()  # pages that showed a Streamlit exception: timed all the same, flagged in the table
QUIET_MS = 400

# A poll in the page: the first moment of the current stretch in which `settled` (and See inside's `maps`)
# held; done once the page has settled for QUIET_MS. `ran`: a script run began after the poll started (or the
# page's title changed: every page starts with one).
POLL = """({extra, maps, quiet, start}) => {
  const w = window, app = () => document.querySelector('[data-testid="stApp"]');
  w.__pt && clearInterval(w.__pt.timer);
  const pt = w.__pt = {start: start === null ? performance.now() : start, ran: start === null ? false : true,
                       settled: null, maps: null, done: false, exception: false};
  const heading = () => { const h = document.querySelector('h1'); return h ? h.innerText : null; };
  const before = heading();  // a quick run may flip the script state within one React batch: its new title shows it
  if (!pt.ran) new MutationObserver(() => { pt.ran = true; }).observe(document.documentElement,
    {subtree: true, attributes: true, attributeFilter: ['data-test-script-state']});
  const drawn = plot => {
    if (!plot._fullLayout || !plot.querySelector('.main-svg')) return false;
    const count = type => (plot.data || []).filter(t => t.type === type && t.visible !== false).length;
    return plot.querySelectorAll('g.hm image').length >= count('heatmap')
      && plot.querySelectorAll('g.im image').length >= count('image')
      && (count('bar') === 0 || plot.querySelector('.bars path') !== null);
  };
  const pictures = root => [...root.querySelectorAll('img')].every(i => i.complete && i.naturalWidth > 0);
  const components = root => [...root.querySelectorAll('[data-testid="stBidiComponentIsolated"]')].map(c => c.shadowRoot);
  const loaded = root => pictures(root)
    && components(root).every(s => s && s.querySelector(':not(style):not(link)') && pictures(s))
    && [...root.querySelectorAll('[data-testid="stEChartsChart"], [data-testid="stVegaLiteChart"]')]
         .every(c => c.offsetParent === null || c.querySelector("canvas, svg"))  // a hidden tab's: drawn when opened
    && [...root.querySelectorAll('[data-testid="stPlotlyChart"]')].every(c => {
         const plot = c.querySelector('.js-plotly-plot'); return plot && drawn(plot); });
  const found = selector => document.querySelector(selector) || [...document.querySelectorAll(
    '[data-testid="stBidiComponentIsolated"]')].some(c => c.shadowRoot && c.shadowRoot.querySelector(selector));
  const unfinished = () => {  // why the script is not done yet, or ''
    const a = app();
    if (!a || a.getAttribute('data-test-connection-state') !== 'CONNECTED') return 'not connected';
    if (!pt.ran && heading() === before) return 'no run yet';
    if (['initial', 'running', 'rerunRequested', 'stopRequested'].includes(a.getAttribute('data-test-script-state'))
        || document.querySelector('[data-testid="stStatusWidget"], [data-stale="true"]')) return 'running';
    return '';
  };
  const unsettled = () => unfinished()
    || (document.querySelector('[data-testid="stSkeleton"]') ? 'a skeleton' : '')
    || (loaded(document) ? '' : 'a chart or picture not drawn')
    || ([...document.querySelectorAll('[data-testid="stDataFrame"]')].every(
         f => f.offsetParent === null || f.querySelector('canvas')) ? '' : 'a dataframe not drawn')
    || (!extra || found(extra) ? '' : extra + ' missing');
  const mapsShown = () => {
    const cards = [...document.querySelectorAll(maps)];
    return !unfinished() && cards.length > 0 && cards.every(loaded)  // a map component: its picture loaded
      && cards.every(c => components(c).every(s => s.querySelector('img, canvas')));
  };
  pt.timer = setInterval(() => {
    const now = performance.now();
    pt.exception = pt.exception || document.querySelector('[data-testid="stException"]') !== null;
    if (maps) pt.maps = mapsShown() ? (pt.maps ?? now) : null;
    pt.why = unsettled();
    pt.settled = pt.why ? null : (pt.settled ?? now);
    if (pt.settled !== null && now - pt.settled >= quiet && (!maps || pt.maps !== null)) {
      pt.done = true; clearInterval(pt.timer);
    }
  }, 20);
}"""
CLICKED = "() => { window.__clickAt = null; addEventListener('click', () => { window.__clickAt = performance.now(); }, " \
          "{capture: true, once: true}); }"


def wait_for_poll(page, path: str) -> tuple[float, float | None]:
    """(s to settled, s to every feature map shown or None) since the poll's start."""
    try:
        page.wait_for_function("window.__pt && window.__pt.done", polling=50, timeout=60000)
    except PlaywrightTimeout:
        raise RuntimeError(f"/{path} never settled: {page.evaluate('window.__pt && window.__pt.why')}") from None
    pt = page.evaluate("window.__pt")
    if pt["exception"]:
        FAILED.add(path)
    maps = None if pt["maps"] is None else (pt["maps"] - pt["start"]) / 1000
    return (pt["settled"] - pt["start"]) / 1000, maps


def poll(page, path: str, start: float | None) -> None:
    page.evaluate(POLL, {"extra": EXTRAS.get(path), "maps": MAPS if path == "inside" else None,
                         "quiet": QUIET_MS, "start": start})


def fresh_tab(browser, url: str, path: str) -> tuple[float, float | None]:
    """A new browser context (no session, no cached assets) opens the page's URL; times from navigation start."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(f"{url}/{path}", wait_until="commit")
        poll(page, path, 0.0)  # performance.now() counts from this navigation's start
        return wait_for_poll(page, path)
    finally:
        context.close()


class Session:
    """One tab that stays open: Home, a click on a page's sidebar link, timed, then back to Home."""

    def __init__(self, browser, url: str):
        self.context = browser.new_context(viewport=VIEWPORT)
        self.page = self.context.new_page()
        self.page.goto(url)
        wait_until_settled(self.page, quiet_ms=QUIET_MS, timeout_ms=90000)

    def visit(self, path: str) -> tuple[float, float | None]:
        self.page.evaluate(CLICKED)
        poll(self.page, path, None)
        self.page.locator(f'[data-testid="stSidebarNavLink"][href$="/{path}"]').click()
        seconds = wait_for_poll(self.page, path)
        click_at, started = self.page.evaluate("[window.__clickAt, window.__pt.start]")
        shift = (click_at - started) / 1000  # the poll starts a moment before the click
        home = self.page.locator('[data-testid="stSidebarNavLink"]').first  # Home heads the sidebar
        home.click()
        wait_until_settled(self.page, quiet_ms=QUIET_MS, timeout_ms=90000)
        return seconds[0] - shift, None if seconds[1] is None else seconds[1] - shift

    def close(self) -> None:
        self.context.close()


def first_inside_click(browser, url: str) -> float:
    """A new tab opens Home, then clicks See inside: s until every feature map is shown."""
    session = Session(browser, url)
    try:
        return session.visit("inside")[1]
    finally:
        session.close()


def p50(values: list[float]) -> str:
    return f"{statistics.median(values):5.2f}" if values else "    —"


def listed(values: list[float]) -> str:
    return f"{p50(values)} s ({', '.join(f'{v:.2f}' for v in values)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed visits of each kind per page (after a warm-up)")
    parser.add_argument("--pages", nargs="*", help="url paths to time (default: every page; '' is Home)")
    parser.add_argument("--app", type=Path, default=REPO / "streamlit_app.py",
                        help="the app to time (default: this checkout's; another copy's to compare before and after)")
    args = parser.parse_args()
    os.environ.setdefault("TORCHLAB_DATA", str(REPO.parent / "shared" / "datasets"))
    paths = args.pages if args.pages is not None else ["", *(Path(p.path).stem for p in ready_pages())]
    fresh, clicked = {p: [] for p in paths}, {p: [] for p in paths}
    ratio = {p: [] for p in paths}  # each fresh tab over the one-line page's fresh tab just before it
    base_fresh, base_clicked = [], []
    maps = {"a fresh server": [], "a new tab": [], "repeated": []}  # See inside: click -> every map shown
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        one_line = Path(tmp) / "one_line_app.py"
        one_line.write_text(ONE_LINE_APP)
        browser = launch_browser(pw)
        try:
            for _ in range(args.repeat if "inside" in paths else 0):  # a server nobody has visited yet
                with serve(args.app) as url:
                    maps["a fresh server"].append(first_inside_click(browser, url))
            with serve(args.app) as url, serve(one_line) as base_url:
                ours, base = Session(browser, url), Session(browser, base_url)
                for round_ in range(args.repeat + 1):  # round 0 warms caches and is not counted
                    for path in paths:
                        times = (fresh_tab(browser, base_url, "one_line"), fresh_tab(browser, url, path),
                                 base.visit("one_line"), ours.visit(path) if path else None)
                        if round_:
                            base_fresh.append(times[0][0])
                            fresh[path].append(times[1][0])
                            ratio[path].append(times[1][0] / times[0][0])
                            base_clicked.append(times[2][0])
                            if path:
                                clicked[path].append(times[3][0])
                            if path == "inside":
                                maps["repeated"].append(times[3][1])
                                maps["a new tab"].append(first_inside_click(browser, url))
                ours.close()
                base.close()
        finally:
            browser.close()
    print(f"chromium {VIEWPORT['width']}×{VIEWPORT['height']}, {os.cpu_count()} cores, p50 of {args.repeat} "
          f"(times in s; settled = script done and everything drawn, held {QUIET_MS} ms)")
    print(f"{'page':<12} {'fresh tab':>9} {'× one-line':>10} {'in-session':>10}   "
          "one-line page: fresh tab / in-session")
    for path in paths:
        print(f"{'/' + path:<12} {p50(fresh[path]):>9} {p50(ratio[path]):>9}× {p50(clicked[path]):>10}   "
              f"{p50(base_fresh)} / {p50(base_clicked)}{'   (showed an exception)' if path in FAILED else ''}")
    if "inside" in paths:
        print("See inside, sidebar click → every feature map shown (target ≤ 1.0 s): first click on a fresh server "
              f"{listed(maps['a fresh server'])}; first click in a new tab {listed(maps['a new tab'])}; "
              f"repeated {listed(maps['repeated'])}")
    slow = [p for p in paths if statistics.median(fresh[p]) > 2]
    print(f"fresh tab over 2 s: {', '.join('/' + p for p in slow) if slow else 'none'}")
    doubled = [p for p in paths if statistics.median(ratio[p]) > 2]
    print(f"fresh tab over twice the one-line page's (2 s where that page takes 1 s): "
          f"{', '.join('/' + p for p in doubled) if doubled else 'none'}")


if __name__ == "__main__":
    main()
