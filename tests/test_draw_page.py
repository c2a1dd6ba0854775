"""AppTest of the Draw page: uploads of photos, junk and weights, in both languages."""

import io

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw
from apptest_pages import open_page
from core.models import create_model


def paper_photo_of_a_one() -> bytes:
    """A phone photo: paper lit from the left, a camera's grain, a pen 1, JPEG."""
    light = np.linspace(1.0, 0.8, 900)[None, :, None] * np.array([228, 224, 214])  # (1, 900, 3)
    grain = np.random.default_rng(0).normal(0, 4, (700, 900, 1))
    image = Image.fromarray(np.clip(light + grain, 0, 255).astype(np.uint8))
    ImageDraw.Draw(image).line([(450, 120), (450, 580)], fill=(30, 30, 70), width=18)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def open_draw_page(lang="en"):
    return open_page("pages/draw.py", lang)


def shown_digit(at) -> str:
    return next(m.value for m in at.markdown if "6rem" in m.value).split(">")[1].split("<")[0]


def html(at) -> str:
    return "\n".join(element.proto.body for element in at.get("html"))


def test_uploaded_paper_photo_is_read_with_every_step_explained():
    at = open_draw_page()
    at.file_uploader(key="draw.photo").set_value(("one.jpg", paper_photo_of_a_one(), "image/jpeg")).run()
    assert not at.exception and not at.error
    assert shown_digit(at) == "1"
    shown = html(at)
    assert 'role="img" aria-label="Probability of each digit: 0:' in shown, "the light probability chart"
    assert not at.get("plotly_chart") and not at.get("image"), "no Plotly, no image files: all inline and small"
    assert shown.count("<img") >= 2 + 6, "what the model sees, the plain resize, and each step"
    for caption in ("paper set to black", "cropped to the ink", "centre of mass in 28×28"):
        assert caption in shown
    reasons = "\n".join(m.value for m in at.markdown)
    assert "**Paper set to black** — only" in reasons and "Otsu" in reasons
    assert "**White ink on black** — the pen is darker than the background" in reasons
    assert any("Without these steps" in m.value for m in at.markdown)


def test_explanations_are_computed_only_when_opened():
    at = open_draw_page()
    at.file_uploader(key="draw.photo").set_value(("one.jpg", paper_photo_of_a_one(), "image/jpeg")).run()
    assert "Why: Grad-CAM" not in html(at)
    at.session_state["upload-explain"] = True
    at.run()
    assert not at.exception
    assert "Why: Grad-CAM" in html(at) and "Why: saliency" in html(at)


@pytest.mark.parametrize("lang, words", [("en", "No cleaning needed"), ("zh", "不需要清理")])
def test_a_clean_drawing_says_why_nothing_was_cleaned(lang, words):
    at = open_draw_page(lang)
    drawing = Image.new("RGB", (280, 280), "black")
    ImageDraw.Draw(drawing).line([(140, 40), (140, 240)], fill="white", width=20)
    out = io.BytesIO()
    drawing.save(out, "PNG")
    at.file_uploader(key="draw.photo").set_value(("one.png", out.getvalue(), "image/png")).run()
    assert not at.exception and shown_digit(at) == "1"
    assert any(words in m.value for m in at.markdown)


@pytest.mark.parametrize("lang, words", [("en", "not an image"), ("zh", "不是 TorchLab 能读取的图像")])
def test_a_file_that_is_not_an_image_gets_a_clear_message(lang, words):
    at = open_draw_page(lang)
    at.file_uploader(key="draw.photo").set_value(("notes.png", b"just text, not pixels", "image/png")).run()
    assert not at.exception
    assert words in at.error[0].value


def test_uploaded_weights_that_fit_are_used_and_others_refused():
    at = open_draw_page()
    at.selectbox(key="draw.model").select("upload").run()
    weights = io.BytesIO()
    torch.save(create_model("cnn").state_dict(), weights)
    at.file_uploader(key="draw.weights").set_value(("mine.pt", weights.getvalue(), "application/octet-stream")).run()
    assert not at.exception and "Using your cnn" in at.success[0].value

    cifar = io.BytesIO()
    torch.save(create_model("cifar-net").state_dict(), cifar)
    at.file_uploader(key="draw.weights").set_value(("c.pt", cifar.getvalue(), "application/octet-stream")).run()
    assert not at.exception and "1×28×28" in at.error[0].value

    at.file_uploader(key="draw.weights").set_value(("evil.pt", b"\x80\x04junk", "application/octet-stream")).run()
    assert not at.exception and "not a PyTorch checkpoint" in at.error[0].value


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("lang, words", [("en", "Is this one digit?"), ("zh", "这是一个数字吗？")])
def test_two_digits_get_a_word_on_the_forced_choice(lang, words):
    """A "12" still gets a digit: the page says the model must name one of ten, and why this is not one."""
    from test_digit_doubts import twelve

    at = open_draw_page(lang)
    at.file_uploader(key="draw.photo").set_value(("twelve.png", png(twelve()), "image/png")).run()
    assert not at.exception
    warning = next(w.value for w in at.warning)
    assert words in warning and "softmax" in warning.lower()


def test_a_refused_upload_shows_what_was_received_and_where_the_digit_went():
    faint = Image.new("L", (300, 300), 200)
    ImageDraw.Draw(faint).line([(150, 60), (150, 240)], fill=190, width=12)  # ink 4% darker than the paper
    at = open_draw_page()
    at.file_uploader(key="draw.photo").set_value(("faint.png", png(faint), "image/png")).run()
    assert not at.exception and "No digit found" in at.error[0].value
    assert any("the digit was lost at **white ink on black**" in m.value for m in at.markdown)
    assert html(at).count("<img") >= 2, "what was received, and the ink found in it"


def test_the_comparison_does_not_claim_the_steps_were_right():
    at = open_draw_page()
    at.file_uploader(key="draw.photo").set_value(("one.jpg", paper_photo_of_a_one(), "image/jpeg")).run()
    sentence = next(m.value for m in at.markdown if "Without these steps" in m.value)
    assert "That is why" not in sentence
    if "instead of" in sentence:
        assert "you drew it" in sentence
