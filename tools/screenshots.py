"""Screenshot TorchLab pages in Debian chromium: the documentation's pictures, or any page to eyeball.

    python tools/screenshots.py --docs    # every picture README.md and docs/ show (`make screenshots`)
    python tools/screenshots.py --docs --pages train    # only those pages' pictures (both languages)
    python tools/screenshots.py --docs --pages train-pictures    # only the Train page's "Your pictures" one
    python tools/screenshots.py --out screenshots-tmp --pages models train    # full pages, to look at

Serves the app exactly as the browser tests do (tests/browser/streamlit_server.py).
--docs writes DOC_PICTURES into docs/pictures/: each page as a visitor sees it on arrival
(1280 wide, 800 high unless its point sits a little lower), English and 中文, after the one
action that shows its point where it has one (a drawn 7, a short training run, the optimizer
race). Otherwise it visits / plus each url path and writes one
full-page PNG per page. Exits 1 if any page showed a Streamlit exception (after saving the rest).
"""

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "browser"))  # shared server helpers
from streamlit_server import exception_texts, launch_browser, serve, wait_until_drawn, wait_until_settled  # noqa: E402
sys.path.insert(0, str(REPO_ROOT / "tools"))
from page_actions import SHOW_THE_POINT, by_key, pick_smallest_subset, wait_until_shown  # noqa: E402

DOC_SIZE = {"width": 1280, "height": 800}  # a laptop screen: what a visitor sees before scrolling
DOC_HEIGHT = {"draw": 932, "inside": 1160, "data": 1000, "optimizers": 1000}  # their point sits just below that fold
DOC_PAGES = ("", "draw", "train", "inside", "transforms", "data", "models",  # url paths; "" is home
             "tensors", "autograd", "losses", "optimizers", "save_load", "devices")
DOC_LANGUAGES = ("en", "zh")
BROWSER_LOCALE = {"en": "en-US", "zh": "zh-CN"}  # the browser's own language agrees with ?lang=


class DocPicture(NamedTuple):
    url_path: str  # "" for home
    lang: str
    variant: str = ""  # a second picture of one page, after another action: "pictures" (train-pictures.png)

    @property
    def file(self) -> str:
        """Repo-relative, as README.md and docs/*.md link it: docs/pictures/train.png, train-zh.png."""
        suffix = "" if self.lang == "en" else f"-{self.lang}"
        variant = f"-{self.variant}" if self.variant else ""
        return f"docs/pictures/{self.url_path or 'home'}{variant}{suffix}.png"


# Every picture the documentation may show; tests/test_doc_pictures.py holds the docs to this list.
DOC_PICTURES = [DocPicture(path, lang) for path in DOC_PAGES for lang in DOC_LANGUAGES] + [
    DocPicture("train", lang, "pictures") for lang in DOC_LANGUAGES]


def png_name(url_path: str) -> str:
    """'/' -> home.png, '/data/mnist' -> data_mnist.png."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "_", url_path.strip("/")).strip("_")
    return f"{slug or 'home'}.png"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", action="store_true",
                    help="write the pictures in DOC_PICTURES into docs/pictures/ (all, or only --pages')")
    ap.add_argument("--out", default="screenshots-tmp", help="output folder")
    ap.add_argument("--pages", nargs="*", default=[], metavar="PATH",
                    help="url paths besides / (e.g. models or /models); with --docs, only these ('/' for home)")
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
    if args.docs:
        wanted = {p.strip("/") for p in args.pages}
        return write_doc_pictures(args.app, [p for p in DOC_PICTURES if not wanted or {
            p.url_path, f"{p.url_path}-{p.variant}"} & wanted])

    from playwright.sync_api import sync_playwright

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


def write_doc_pictures(app, pictures) -> int:
    """Each picture from a fresh browser context (a new visitor). Runs go to a
    throw-away folder, so the Train picture's history holds only the run made for it."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    failed = False
    with tempfile.TemporaryDirectory(prefix="torchlab-doc-runs-") as runs, \
            serve(app, env={**os.environ, "TORCHLAB_RUNS": runs, "TORCHLAB_SETS": f"{runs}/sets"}) as url, \
            sync_playwright() as pw:
        browser = launch_browser(pw)
        for picture in pictures:
            started = time.monotonic()
            size = {**DOC_SIZE, "height": DOC_HEIGHT.get(picture.url_path, DOC_SIZE["height"])}
            context = browser.new_context(viewport=size, locale=BROWSER_LOCALE[picture.lang])
            page = context.new_page()
            try:
                page.goto(f"{url}/{picture.url_path}?lang={picture.lang}")
                wait_until_settled(page)
                SHOW_THE_POINT.get(picture.variant or picture.url_path, lambda page: None)(page)
                wait_until_shown(page)
                page.mouse.move(0, 0)  # no hover highlight left where the last click was
                kb = save_small_png(page.screenshot(), REPO_ROOT / picture.file) // 1024
                print(f"{picture.file}  {kb} KB  {time.monotonic() - started:.0f} s")
            except PlaywrightError as error:
                failed = True
                print(f"{picture.file} not written: {error}", file=sys.stderr)
            for text in exception_texts(page):
                failed = True
                print(f"stException on {picture.file}:\n{text}", file=sys.stderr)
            context.close()
        browser.close()
    return 1 if failed else 0


def save_small_png(png: bytes, target: Path) -> int:
    """Write a screenshot as a 256-colour PNG, a third of the full-colour size: a UI has few colours,
    and median cut (unlike octree) keeps white white and text crisp; a photo on the page loses
    only faint banding. Returns the file's size in bytes."""
    import io

    from PIL import Image

    target.parent.mkdir(parents=True, exist_ok=True)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(target, optimize=True)
    return target.stat().st_size


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


def screenshot_train(page, url, out, args) -> bool:
    """The Train page after a brief SGD run at lr 3 (it learns nothing, and says so), then its
    Delete dialog; True if either showed an exception."""
    page.goto(f"{url}/train?lang={args.lang}")
    wait_until_settled(page)
    pick_smallest_subset(page)
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
