"""Mouse-up to the new prediction on screen, in chromium, against a running `streamlit run`.

    python bench/draw_latency.py [--strokes 15]

streamlit-drawable-canvas 0.13 waits a fixed 200 ms after the last stroke before it
sends the drawing, so the same run also measures a minimal page (the canvas and one
line of text) as the floor; our overhead is the difference. Target: p50 <= 300 ms.
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

# Resolves with the time the digit container first shows `expected`; mouseup time is kept too.
INSTALL = """(expected) => {
  window.__upAt = null;
  window.addEventListener('mouseup', () => { window.__upAt = performance.now(); }, {capture: true, once: true});
  window.__seen = new Promise(resolve => {
    const shown = () => { const el = document.querySelector('.st-key-canvas-digit');
                          return el && el.innerText.includes(expected); };
    const observer = new MutationObserver(() => {
      if (shown()) { observer.disconnect(); resolve(performance.now()); } });
    observer.observe(document.body, {subtree: true, childList: true, characterData: true});
  });
}"""


def measure(page, url: str, digits: list[tuple[list, str]], strokes: int) -> list[float]:
    page.goto(url)
    wait_until_settled(page)
    times = []
    for i in range(strokes):
        shape, expected = digits[i % len(digits)]
        page.get_by_role("button", name="Clear").click()
        wait_until_settled(page, quiet_ms=500)
        page.evaluate(INSTALL, expected)
        draw(page, shape)
        seen = page.evaluate("window.__seen")
        times.append(seen - page.evaluate("window.__upAt"))
    return times[1:]  # the first one warms caches and the model


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    return f"p50 {statistics.median(ordered):.0f} ms, p95 {ordered[int(0.95 * (len(ordered) - 1))]:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strokes", type=int, default=15, help="digits drawn per page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        floor_app = Path(tmp) / "floor_app.py"
        floor_app.write_text(FLOOR_APP)
        browser = launch_browser(pw)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        with serve(floor_app) as url:
            floor = measure(page, url, [(ONE, "1")], args.strokes)
        with serve(REPO / "streamlit_app.py") as url:
            ours = measure(page, url + "/draw", [(ONE, "1"), (ZERO, "0"), (SEVEN, "7")], args.strokes)
        browser.close()
    overhead = statistics.median(ours) - statistics.median(floor)
    print(f"floor (canvas + one line of text): {summary(floor)}")
    print(f"TorchLab Draw page: {summary(ours)} (target p50 <= 300 ms: "
          f"{'ok' if statistics.median(ours) <= 300 else 'MISSED'}); our overhead over the floor: {overhead:+.0f} ms")


if __name__ == "__main__":
    main()
