"""What tools/screenshots.py does on a page before its picture: the widget finder, "settled and drawn", and the
one action that shows a page's point (a drawn 7, a short training run, the optimizer race, your own pictures)."""

import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "browser"))  # shared server helpers
from streamlit_server import wait_until_drawn, wait_until_settled  # noqa: E402


def wait_until_shown(page):
    """Settled, every lazy element and chart drawn, every image loaded."""
    wait_until_settled(page)
    wait_until_drawn(page)
    page.wait_for_function("() => [...document.images].every(img => img.complete)", timeout=30000)
    wait_until_settled(page)


def by_key(page, key: str):
    """A widget by its Streamlit key (its container's st-key-… class, where a dot becomes a dash)."""
    return page.locator(f'[class*="st-key-{key.replace(".", "-")}"]').first


def pick_smallest_subset(page):
    """Move the Train page's "Training images" slider to its first stop, 1,000 images."""
    from playwright.sync_api import expect

    subset = by_key(page, "train.subset").get_by_role("slider")
    subset.focus()
    subset.press("Home")
    expect(subset).to_have_attribute("aria-valuetext", re.compile(r"^1\D?000$"))  # "1,000" once it moved
    wait_until_settled(page)


def draw_a_seven(page):
    """The Draw page shows nothing but a hint until someone draws: draw the browser tests' 7."""
    sys.path.insert(0, str(REPO_ROOT / "tests"))
    from browser.test_draw import SEVEN, draw

    page.locator("canvas.upper-canvas").first.wait_for(timeout=30000)  # its assets arrive after the title
    draw(page, SEVEN)
    page.locator(".st-key-canvas-digit").first.wait_for(timeout=15000)


def train_briefly(page):
    """The Train page's defaults (ConvNet, Adam, 3 epochs) on its smallest subset, 1,000 images:
    a real run that learns, in well under a minute on 2 CPU cores; the page then shows its charts."""
    pick_smallest_subset(page)
    by_key(page, "train.start").get_by_role("button").click()
    by_key(page, "train.stop").wait_for(timeout=60000)
    by_key(page, "train.stop").wait_for(state="detached", timeout=180000)  # the run ended: the controls are back


def try_own_pictures(page):
    """Your pictures, as a teacher without photos goes: the "Faces or not" sample (scikit-image's LFW
    subset), Train with the page's defaults, then Try it on a face it never saw, scrolled into view."""
    import io

    import numpy as np
    import skimage.data
    from PIL import Image

    by_key(page, "train.dataset").click()
    page.get_by_role("option").last.click()  # "Your pictures", the list's last entry in every language
    wait_until_settled(page)
    by_key(page, "pictures.samples_open").get_by_role("button").first.click()
    by_key(page, "pictures.sample.faces").get_by_role("button").click()
    wait_until_settled(page)
    by_key(page, "train.start").get_by_role("button").click()
    by_key(page, "train.stop").wait_for(timeout=60000)
    by_key(page, "train.stop").wait_for(state="detached", timeout=180000)
    wait_until_settled(page)
    section = page.locator('[class*="st-key-try-"] summary').first
    section.click()
    face = Image.fromarray((skimage.data.lfw_subset()[99] * 255).round().astype(np.uint8)).resize((200, 200))
    out = io.BytesIO()
    face.save(out, "PNG")
    page.locator('[class*="st-key-try-upload"] input[type="file"]').set_input_files(
        {"name": "face.png", "mimeType": "image/png", "buffer": out.getvalue()})
    page.locator('[class*="st-key-try-dl-py"]').wait_for(timeout=60000)
    wait_until_shown(page)
    section.scroll_into_view_if_needed()
    page.evaluate("() => { const s = document.querySelector('[class*=\"st-key-try-\"]');"
                  " s.scrollIntoView({block: 'start'}); }")


def race_once(page):
    """The optimizer race at rest shows an empty loss chart: run seed 001's race (about 15 s here)."""
    by_key(page, "optimizers.start").get_by_role("button").click()
    page.locator('[data-testid="stAlertContentSuccess"]').wait_for(timeout=120000)  # "The race is over"


# What a page needs before its picture shows what it is for; the others are pictured on arrival.
SHOW_THE_POINT = {"draw": draw_a_seven, "train": train_briefly, "optimizers": race_once, "pictures": try_own_pictures}
