"""Your pictures in chromium, as a teacher without photos would go: a set from a sample in one click, a
bad picture removed in the builder, Train with the page's defaults, then Try it on a new picture."""

import io
import re
import secrets

import numpy as np
import skimage.data
from PIL import Image

from streamlit_server import exception_texts, wait_until_settled

OWNER = secrets.token_urlsafe(12)  # 16 characters: a browser of its own, new each session (sets are kept)


def a_face_png() -> bytes:
    """A face from the LFW subset's last faces, enlarged as a phone photo would be."""
    pixels = (skimage.data.lfw_subset()[99] * 255).round().astype(np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels).resize((200, 200)).save(out, "PNG")
    return out.getvalue()


def test_a_sample_set_trains_with_the_defaults_and_reads_a_new_picture(page, app_url):
    page.goto(app_url + f"/train?lang=en&user={OWNER}")
    wait_until_settled(page)
    page.get_by_role("combobox", name="Dataset").click()
    page.get_by_role("option", name="Your pictures").click()
    wait_until_settled(page)

    page.get_by_role("button", name="Start from a sample set").click()
    page.get_by_role("button", name="Faces or not").click()
    page.get_by_text("face (100) · not_face (100)").wait_for(timeout=30000)
    assert page.get_by_text("Made “Faces or not”: 200 pictures in 2 classes").is_visible()

    page.get_by_role("button", name="Add and remove pictures").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("face (100)").first.wait_for(timeout=20000)
    wait_until_settled(page)
    assert dialog.locator('[data-testid="stImage"]').count() >= 8, "thumbnails of the class's pictures"
    dialog.get_by_role("button", name="Remove").first.click()
    dialog.get_by_text("face (99)").first.wait_for(timeout=20000)
    dialog.get_by_role("button", name="Done").click()
    page.get_by_text("face (99) · not_face (100)").wait_for(timeout=20000)

    wait_until_settled(page)
    page.get_by_role("button", name="Train", exact=True).click()
    page.get_by_text(re.compile(r"Finished \d+ epochs")).wait_for(timeout=120000)
    wait_until_settled(page)
    page.get_by_text("Try it, and take it home").click(timeout=30000)  # an expander: opened, it loads the model

    page.locator('[data-testid="stFileUploader"]').filter(has_text="A picture to try").locator(
        'input[type="file"]').set_input_files({"name": "face.png", "mimeType": "image/png", "buffer": a_face_png()})
    page.get_by_text(re.compile(r"It looks like (face|not_face)")).wait_for(timeout=30000)
    assert page.get_by_role("button", name="predict.py").is_visible()
    assert not exception_texts(page)
