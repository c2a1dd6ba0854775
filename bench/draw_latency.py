"""Mouse-up to the new prediction on screen, in chromium, against a running `streamlit run`.
Measures the Draw page against a bare page with only the canvas and one line of text (the floor the
canvas itself sets), in the same run. Prints each page's settled times and their p50 ratio (target
≤ 1.15×).

    python bench/draw_latency.py [--strokes 15]

streamlit-drawable-canvas 0.13 waits a fixed 200 ms after the last stroke before it sends the
drawing, so the same run measures a bare page (the canvas and one line of text) as the floor.
Two times per stroke: "digit", when the predicted digit shows, and "settled", when the page has
stopped changing (the last DOM change or image load after mouse-up, the script run over). The
Draw page's target: settled p50 within 1.15× of the floor's. Also per stroke: the bytes the
server sent over its websocket and the images fetched, i.e. what the browser had to take in.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))
sys.path.insert(0, str(REPO / "tests"))
from streamlit_server import launch_browser, serve, wait_until_settled  # noqa: E402
from browser.test_draw import ONE, SEVEN, ZERO, draw  # noqa: E402

FLOOR_APP = '''
import streamlit as st
from streamlit_drawable_canvas import st_canvas
if st.button("Clear"):
    st.session_state.n = st.session_state.get("n", 0) + 1
result = st_canvas(stroke_width=20, stroke_color="#FFFFFF", background_color="#000000", height=280,
                   width=280, return_image_data=True, key=f"c{st.session_state.get('n', 0)}")
if result.image_data is not None and result.image_data[..., :3].max() > 0:
    with st.container(key="canvas-digit"):
        st.markdown("1")
'''

# Installs watchers before a stroke: when the digit first shows `expected`, and the time of the last
# change to the page outside the canvas (DOM mutations, image loads, the script's run state).
INSTALL = """(expected) => {
  window.__upAt = null;
  window.__last = 0;
  window.addEventListener('mouseup', () => { window.__upAt = performance.now(); }, {capture: true, once: true});
  const touched = () => { window.__last = performance.now(); };
  const outsideCanvas = records => records.some(r => !(r.target.closest && r.target.closest('canvas, .canvas-container')));
  window.__watch && window.__watch.disconnect();
  window.__watch = new MutationObserver(records => { if (outsideCanvas(records)) touched(); });
  window.__watch.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
  document.removeEventListener('load', window.__onLoad, true);
  window.__onLoad = e => { if (e.target.tagName === 'IMG') touched(); };
  document.addEventListener('load', window.__onLoad, true);
  window.__seen = new Promise(resolve => {
    const shown = () => { const el = document.querySelector('.st-key-canvas-digit');
                          return el && el.innerText.includes(expected); };
    const observer = new MutationObserver(() => {
      if (shown()) { observer.disconnect(); resolve(performance.now()); } });
    observer.observe(document.body, {subtree: true, childList: true, characterData: true});
  });
}"""


def measure(page, url: str, digits: list[tuple[list, str]], strokes: int) -> list[tuple[float, float, int, int]]:
    """(digit ms, settled ms, websocket bytes, images fetched) per stroke, the first (warm-up) left out."""
    traffic = {"bytes": 0, "images": 0}  # images: Streamlit's media files, fetched over HTTP
    page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: traffic.__setitem__(
        "bytes", traffic["bytes"] + len(frame if isinstance(frame, (bytes, str)) else b""))))
    page.on("requestfinished", lambda request: traffic.__setitem__(
        "images", traffic["images"] + ("/media/" in request.url)))
    page.goto(url)
    wait_until_settled(page)
    rows = []
    for i in range(strokes):
        shape, expected = digits[i % len(digits)]
        page.get_by_role("button", name="Clear").click()
        wait_until_settled(page, quiet_ms=500)
        page.evaluate(INSTALL, expected)
        traffic.update(bytes=0, images=0)
        draw(page, shape)
        seen = page.evaluate("window.__seen")
        wait_until_settled(page, quiet_ms=800)
        page.wait_for_timeout(300)  # an image or a chart drawn after the run ends is still counted
        up, last = page.evaluate("window.__upAt"), page.evaluate("window.__last")
        rows.append((seen - up, max(seen, last) - up, traffic["bytes"], traffic["images"]))
    return rows[1:]  # the first one warms caches and the model


def p50(rows, column: int) -> float:
    return statistics.median(r[column] for r in rows)


def p95(rows, column: int) -> float:
    ordered = sorted(r[column] for r in rows)
    return ordered[int(0.95 * (len(ordered) - 1))]


def summary(rows) -> str:
    return (f"digit p50 {p50(rows, 0):.0f} ms; settled p50 {p50(rows, 1):.0f} ms (p95 {p95(rows, 1):.0f}); "
            f"per stroke {p50(rows, 2) / 1024:.1f} KiB over the websocket, {p50(rows, 3):.0f} images fetched")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--strokes", type=int, default=15, help="digits drawn per page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        floor_app = Path(tmp) / "floor_app.py"
        floor_app.write_text(FLOOR_APP)
        browser = launch_browser(pw)
        with serve(floor_app) as url:
            floor = measure(browser.new_page(viewport={"width": 1400, "height": 1000}), url, [(ONE, "1")], args.strokes)
        with serve(REPO / "streamlit_app.py") as url:
            ours = measure(browser.new_page(viewport={"width": 1400, "height": 1000}), url + "/draw",
                           [(ONE, "1"), (ZERO, "0"), (SEVEN, "7")], args.strokes)
        browser.close()
    ratio = p50(ours, 1) / p50(floor, 1)
    print(f"floor (canvas + one line of text): {summary(floor)}")
    print(f"TorchLab Draw page:                {summary(ours)}")
    print(f"settled, Draw page / floor: {ratio:.2f}x (target <= 1.15x: {'ok' if ratio <= 1.15 else 'MISSED'})")


if __name__ == "__main__":
    main()
