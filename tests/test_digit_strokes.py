"""core.vision.digit_strokes: pens inside MNIST's range pass untouched; hairlines and fat markers are
brought into it; thumbnails are left alone. The range is MNIST's own, measured here."""

import numpy as np
import pytest
from PIL import Image, ImageDraw

from core.vision.digit_strokes import HAIRLINE, MARKER, SMALLEST, THICKENED, THINNED, even_strokes, stroke_share
from core.vision.preprocess import crop_to_ink
from digit_sources import mnist_test


def seven(pen: int, size: int = 200) -> np.ndarray:
    """A 7 drawn with a round pen `pen` px wide, cropped to its ink, in 0..1."""
    image = Image.new("L", (size, size), 0)
    ImageDraw.Draw(image).line([(40, 30), (160, 30), (80, 170)], fill=255, width=pen, joint="curve")
    return crop_to_ink(np.asarray(image, np.float32) / 255)


def test_the_range_is_mnists_own():
    images, _ = mnist_test()
    shares = np.array([stroke_share(crop_to_ink(images[i].astype(np.float32) / 255)) for i in range(1000)])
    assert np.quantile(shares, 0.01) >= HAIRLINE and np.quantile(shares, 0.99) <= MARKER + 0.01
    assert HAIRLINE < THICKENED < np.median(shares) + 0.02 and THINNED < MARKER


@pytest.mark.parametrize("pen", [2, 40])
def test_stroke_share_measures_the_pen(pen):
    assert stroke_share(seven(pen)) * max(seven(pen).shape) == pytest.approx(pen, rel=0.35)


def test_an_ordinary_pen_is_left_exactly_as_drawn():
    crop = seven(20)
    assert HAIRLINE <= stroke_share(crop) <= MARKER
    evened, before, after = even_strokes(crop)
    assert evened is crop and before == after


@pytest.mark.parametrize("pen, target", [(2, THICKENED), (60, THINNED)], ids=["hairline", "marker"])
def test_far_pens_are_brought_into_range(pen, target):
    crop = seven(pen)
    evened, before, after = even_strokes(crop)
    assert after == target and before != after
    assert abs(stroke_share(crop_to_ink(evened)) - target) < abs(before - target) / 2


def test_a_thumbnail_is_left_alone():
    tiny = np.zeros((8, 6), np.float32)
    tiny[:, 1:5] = 1.0  # a fat 8-px blob: its "pen" cannot be measured
    assert max(tiny.shape) < SMALLEST
    evened, before, after = even_strokes(tiny)
    assert evened is tiny and before == after
