"""core.vision.digit_doubts: the page says when the picture is unlike one digit, since the model must name one anyway."""

import numpy as np
from PIL import Image, ImageDraw

from core.vision.digit_doubts import UNSURE, doubts, side_by_side
from core.vision.inference import predict
from core.vision.preprocess import preprocess
from digit_sources import Cell, make_cell


def twelve() -> Image.Image:
    image = Image.new("L", (280, 280))
    draw = ImageDraw.Draw(image)
    draw.line([(70, 60), (70, 220)], fill=255, width=18)
    draw.line([(130, 80), (200, 60), (140, 220), (220, 220)], fill=255, width=18)
    return image


def test_two_digits_side_by_side_are_two_marks():
    assert preprocess(twelve()).parts == 2
    keys = [key for key, _ in predict(twelve()).doubts]
    assert "draw.doubt_parts" in keys


def test_a_digit_drawn_in_two_strokes_is_one_mark():
    four = Image.new("L", (280, 280))
    draw = ImageDraw.Draw(four)
    draw.line([(90, 40), (70, 170), (200, 170)], fill=255, width=18)
    draw.line([(170, 90), (170, 250)], fill=255, width=18)  # the upright, not touching the rest
    assert side_by_side(np.asarray(four, np.float32) / 255) == 1


def test_real_handwriting_raises_no_side_by_side_doubt():
    for cell in (Cell("mnist", 28, 0, "light"), Cell("pen", 280, 15, "light"), Cell("canvas", 280, 20, "light")):
        for _, image in make_cell(cell, 30):
            assert preprocess(image.convert("L")).parts == 1


def test_a_hesitant_answer_and_a_tiny_mark_are_named():
    probs = [0.45, 0.4] + [0.15 / 8] * 8
    found = dict(doubts(probs, parts=1, extent=0.05))
    assert found["draw.doubt_unsure"]["top"] < UNSURE and found["draw.doubt_unsure"]["second_label"] == 1
    assert "draw.doubt_tiny" in found
    assert doubts([0.99] + [0.01 / 9] * 9, parts=1, extent=0.6) == []
