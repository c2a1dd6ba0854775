"""Screenshot TorchLab pages in Debian chromium, for eyeballing UI changes.

    python tools/screenshots.py --out screenshots-tmp --pages models train

Serves the app exactly as the browser tests do (tests/browser/streamlit_server.py),
visits / plus each url path, and writes one full-page PNG per page.
Exits 1 if any page showed a Streamlit exception (after saving every page).
"""

import argparse
import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "browser"))  # shared server helpers
from streamlit_server import exception_texts, launch_browser, serve, wait_until_drawn, wait_until_settled  # noqa: E402


def png_name(url_path: str) -> str:
    """'/' -> home.png, '/data/mnist' -> data_mnist.png."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "_", url_path.strip("/")).strip("_")
    return f"{slug or 'home'}.png"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="screenshots-tmp", help="output folder")
    ap.add_argument("--pages", nargs="*", default=[], metavar="PATH",
                    help="url paths besides / (e.g. models or /models)")
    ap.add_argument("--app", default=str(REPO_ROOT / "streamlit_app.py"),
                    help="Streamlit entry script (default: the repo's)")
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--height", type=int, default=900)
    ap.add_argument("--lang", default="en", help="en or zh")
    ap.add_argument("--train", action="store_true",
                    help="also the Train page after a run that learned nothing, and its Delete dialog (train-*.png)")
    ap.add_argument("--draw", action="store_true",
                    help="also the Draw page with a drawn 7 and with an uploaded phone photo (draw-*.png)")
    args = ap.parse_args(argv)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    paths = ["/"] + ["/" + p.strip("/") for p in args.pages]
    failed = False
    with serve(args.app) as url, sync_playwright() as pw:
        browser = launch_browser(pw)
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        for path in paths:
            page.goto(url + path + ("&" if "?" in path else "?") + f"lang={args.lang}")
            wait_until_settled(page)
            wait_until_drawn(page)
            target = out / png_name(path)
            screenshot_full(page, target, args.height)
            print(target)
            for text in exception_texts(page):
                failed = True
                print(f"stException on {path}:\n{text}", file=sys.stderr)
        if args.draw:
            failed |= screenshot_draw(page, url, out, args)
        if args.train:
            failed |= screenshot_train(page, url, out, args)
        browser.close()
    return 1 if failed else 0


def screenshot_draw(page, url, out, args) -> bool:
    """The Draw page after a drawn 7 (its explanations opened), then after an uploaded photo of
    a sheet on a desk; True if either showed an exception."""
    import io

    import numpy as np

    sys.path.insert(0, str(REPO_ROOT / "tests"))
    from browser.test_draw import SEVEN, draw
    from drawn_digits import photo_on_desk

    page.goto(f"{url}/draw?lang={args.lang}")
    wait_until_settled(page)
    page.locator("canvas.upper-canvas").first.wait_for()
    draw(page, SEVEN)
    page.locator(".st-key-canvas-digit").first.wait_for(timeout=15000)
    wait_until_settled(page)
    page.locator(".st-key-canvas-explain summary").first.click()
    page.locator(".st-key-canvas-explain img").first.wait_for(timeout=15000)
    wait_until_settled(page)
    screenshot_full(page, out / "draw-drawn.png", args.height)
    photo = io.BytesIO()
    photo_on_desk(5, np.random.default_rng([5, 8])).save(photo, "JPEG", quality=90)
    page.get_by_role("tab").nth(1).click()
    page.locator('input[type="file"]').first.set_input_files(
        files=[{"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": photo.getvalue()}])
    page.locator(".st-key-upload-digit").first.wait_for(timeout=20000)
    wait_until_settled(page)
    screenshot_full(page, out / "draw-upload.png", args.height)
    print(out / "draw-drawn.png", out / "draw-upload.png", sep="\n")
    return bool(exception_texts(page))


def by_key(page, key: str):
    """A widget by its Streamlit key (its container's st-key-… class, where a dot becomes a dash)."""
    return page.locator(f'[class*="st-key-{key.replace(".", "-")}"]').first


def screenshot_train(page, url, out, args) -> bool:
    """The Train page after a brief SGD run at lr 3 (it learns nothing, and says so), then its
    Delete dialog; True if either showed an exception."""
    page.goto(f"{url}/train?lang={args.lang}")
    wait_until_settled(page)
    subset = by_key(page, "train.subset").get_by_role("slider")
    subset.focus()
    subset.press("Home")  # 1,000 images
    for _ in range(100):  # the slider reports the value it moved to
        if subset.get_attribute("aria-valuetext") == "1,000":
            break
        page.wait_for_timeout(100)
    wait_until_settled(page)
    by_key(page, "train.optimizer").click()
    page.get_by_role("option").filter(has_text=re.compile(r"^SGD$")).click()
    wait_until_settled(page)
    rate = by_key(page, "train.lr").get_by_role("slider")
    rate.focus()
    rate.press("End")
    rate.press("ArrowLeft")  # lr 3
    wait_until_settled(page)
    by_key(page, "train.start").get_by_role("button").click()
    by_key(page, "train.stop").wait_for(timeout=60000)
    by_key(page, "train.stop").wait_for(state="detached", timeout=300000)  # the run ended: the controls are back
    page.locator('[data-testid="stAlert"]').first.wait_for(timeout=30000)
    wait_until_settled(page)
    wait_until_drawn(page)
    screenshot_full(page, out / "train-ended.png", args.height)
    by_key(page, "del-").get_by_role("button").click()
    page.get_by_role("dialog").wait_for(timeout=10000)
    wait_until_settled(page)
    page.screenshot(path=str(out / "train-delete.png"))
    print(out / "train-ended.png", out / "train-delete.png", sep="\n")
    return bool(exception_texts(page))


def screenshot_full(page, target, min_height):
    """Streamlit scrolls inside its own container, not the document, so
    full_page=True alone only captures one viewport: grow the viewport to the
    content height first, then restore it."""
    size = page.viewport_size
    height = page.evaluate(
        """() => Math.max(document.documentElement.scrollHeight,
             ...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebarContent"]')]
                .map(el => el.scrollHeight))""")
    page.set_viewport_size({"width": size["width"], "height": max(min_height, height)})
    try:
        page.screenshot(path=str(target), full_page=True)
    finally:
        page.set_viewport_size(size)


if __name__ == "__main__":
    sys.exit(main())
