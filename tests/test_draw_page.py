"""AppTest of the Draw page: uploads of photos, junk and weights, in both languages."""

import io

import pytest
import torch
from PIL import Image, ImageDraw
from apptest_pages import open_page
from core.models import create_model


def paper_photo_of_a_one() -> bytes:
    image = Image.new("RGB", (900, 700), (228, 224, 214))
    ImageDraw.Draw(image).line([(450, 120), (450, 580)], fill=(30, 30, 70), width=18)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def open_draw_page(lang="en"):
    return open_page("pages/draw.py", lang)


def shown_digit(at) -> str:
    return next(m.value for m in at.markdown if "6rem" in m.value).split(">")[1].split("<")[0]


def test_uploaded_paper_photo_is_read():
    at = open_draw_page()
    at.file_uploader(key="draw.photo").set_value(("one.jpg", paper_photo_of_a_one(), "image/jpeg")).run()
    assert not at.exception and not at.error
    assert shown_digit(at) == "1"
    assert len(at.get("plotly_chart")) == 1, "the probability chart"
    assert len(at.get("image")) == 5, "what the model sees, Grad-CAM, saliency, the steps, the plain resize"
    assert any("Without these steps" in m.value for m in at.markdown)


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
