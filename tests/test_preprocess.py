"""core.vision.preprocess: the textbook steps, the ink, and the promise that a clean image gets nothing else."""

import io

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw

from core.common.i18n import catalog
from core.common.image_io import ImageError, load_image
from core.vision.digit_ink import WORK_SIZE, read_ink
from core.vision.preprocess import (MNIST_MEAN, MNIST_STD, crop_to_ink, fit_longest_side, paste_by_centre_of_mass,
                             preprocess)
from digit_sources import Cell, make_cell
from textbook_digit import textbook_input

CLEANING = {"draw.step_lighting", "draw.step_grain", "draw.step_paper", "draw.step_edges", "draw.step_lines",
            "draw.step_specks"}


def ring(size=(160, 120), background=0, ink=255, box=(50, 20, 110, 100), width=8) -> Image.Image:
    """An "L" image of a 0: an ellipse outline."""
    image = Image.new("L", size, background)
    ImageDraw.Draw(image).ellipse(box, outline=ink, width=width)
    return image


def bar(size=(280, 280), background=0, ink=255, x=140, top=40, bottom=240, width=22) -> Image.Image:
    """An "L" image of a 1: one thick vertical stroke."""
    image = Image.new("L", size, background)
    ImageDraw.Draw(image).line([(x, top), (x, bottom)], fill=ink, width=width)
    return image


def keys(image) -> list[str]:
    return [step.key for step in preprocess(load_image(image), keep_steps=True).steps]


# --- the ink: white on black, whatever was uploaded --------------------------------------------------

STROKE = np.asarray(ring()) > 0


def test_light_paper_is_inverted():
    ink = read_ink(ring(background=240, ink=20))
    assert ink.paper and ink.values[STROKE].mean() > 0.9 and ink.values[~STROKE].max() < 0.1


def test_dark_canvas_is_not_inverted():
    ink = read_ink(ring(background=10, ink=230))
    assert not ink.paper and np.array_equal(ink.values, np.asarray(ring(background=10, ink=230)) / np.float32(255))


@pytest.mark.parametrize("rgb", [0, 255], ids=["black", "white"])
def test_transparent_png_uses_alpha_as_ink(rgb):
    rgba = Image.new("RGBA", (160, 120), (rgb, rgb, rgb, 0))
    rgba.putalpha(ring())  # the drawing lives only in the alpha channel
    buffer = io.BytesIO()
    rgba.save(buffer, "PNG")
    ink = read_ink(load_image(buffer.getvalue()))
    assert ink.alpha and np.allclose(ink.values, np.asarray(ring(), dtype=np.float32) / 255)


def test_a_hairline_on_a_huge_image_survives_the_shrink():
    image = Image.new("L", (3000, 3000), 255)
    ImageDraw.Draw(image).line([(1500, 600), (1500, 2400)], fill=0, width=3)  # a 3 px pen, 0.1% of the width
    ink = read_ink(image)
    assert max(ink.values.shape) == WORK_SIZE
    assert ink.values.max() > 0.2  # averaged, thinner and fainter, never gone
    assert preprocess(image).unit.max() == pytest.approx(1.0)


# --- do no harm: a clean image gets the textbook recipe and nothing else -------------------------

@pytest.mark.parametrize("cell", [Cell("pen", 28, 8, "light"), Cell("pen", 64, 15, "dark"), Cell("pen", 280, 15, "dark"),
                                  Cell("canvas", 280, 20, "light"), Cell("mnist", 28, 0, "dark"),
                                  Cell("optdigits", 8, 0, "light")], ids=lambda c: c.name)
def test_clean_images_get_exactly_the_textbook_input(cell):
    for _, image in make_cell(cell, 10):
        prepared = preprocess(load_image(image), keep_steps=True)
        ran = {step.key for step in prepared.steps}
        assert not ran & CLEANING, f"cleaning ran on a clean image: {ran & CLEANING}"
        if "draw.step_pen" not in ran:  # a pen outside MNIST's range is evened out, on purpose
            assert torch.allclose(prepared.tensor, textbook_input(image), atol=1e-5)


def test_a_fat_marker_stroke_stays_solid():
    """A 60 px marker on 280×280 was hollowed into its own outline by a background subtraction."""
    prepared = preprocess(bar(width=60), keep_steps=True)
    crop = next(step.image for step in prepared.steps if step.key == "draw.step_crop")
    middle_row = crop[crop.shape[0] // 2]
    assert middle_row.min() > 200, "the stroke's middle is ink, not a hole"


def test_a_one_pixel_pen_on_28x28_is_read():
    big = Image.new("L", (112, 112), 0)
    ImageDraw.Draw(big).line([(56, 14), (56, 98)], fill=255, width=4)
    one = big.resize((28, 28), Image.Resampling.BOX)  # a 1 px anti-aliased stroke
    assert preprocess(one).unit.max() == pytest.approx(1.0)


# --- crop, scale, centre --------------------------------------------------------------------------

def test_crop_is_the_box_of_the_ink_at_half_strength():
    ink = np.zeros((100, 80), np.float32)
    ink[10:30, 40:50] = 1.0
    ink[5, 44] = 0.4  # a faint halo pixel: not the digit's extent
    assert np.array_equal(crop_to_ink(ink), ink[10:30, 40:50])


@pytest.mark.parametrize("shape, expected", [((100, 30), (20, 6)), ((30, 90), (7, 20)), ((5, 5), (20, 20))])
def test_fit_longest_side_keeps_the_aspect(shape, expected):
    fitted = fit_longest_side(np.ones(shape, np.float32), 20)
    assert fitted.shape == expected and fitted.max() == pytest.approx(1.0)


def test_a_tall_thin_one_stays_tall_and_thin():
    scaled = next(s for s in preprocess(bar(), keep_steps=True).steps if s.key == "draw.step_scale")
    height, width = scaled.image.shape
    assert height == 20 and width < 10


def centre_of_mass(unit: torch.Tensor) -> tuple[float, float]:
    rows, cols = torch.meshgrid(torch.arange(28.0), torch.arange(28.0), indexing="ij")
    return ((unit * rows).sum() / unit.sum()).item(), ((unit * cols).sum() / unit.sum()).item()


def test_off_centre_digit_is_centred_by_mass():
    corner = ring(size=(280, 280), box=(10, 10, 80, 120), width=12)  # top-left corner of the canvas
    row, col = centre_of_mass(preprocess(corner).unit)
    assert abs(row - 13.5) <= 1 and abs(col - 13.5) <= 1


def test_paste_keeps_all_the_ink_inside():
    lopsided = np.zeros((20, 12), np.float32)
    lopsided[:, -2:] = 1.0  # all the mass at one side: the centre of mass would push it out
    canvas = paste_by_centre_of_mass(lopsided, 28)
    assert canvas.sum() == pytest.approx(lopsided.sum())


def test_tensor_is_the_normalised_unit_image():
    result = preprocess(ring())
    assert result.tensor.shape == (1, 28, 28) and result.unit.shape == (28, 28)
    assert 0 <= result.unit.min() and result.unit.max() <= 1 and result.unit.max() > 0.9
    assert torch.allclose(result.tensor[0], (result.unit - MNIST_MEAN) / MNIST_STD)
    assert (MNIST_MEAN, MNIST_STD) == (0.1307, 0.3081)


# --- nothing to read --------------------------------------------------------------------------------

def uniform_noise(low: int, high: int) -> Image.Image:
    rng = np.random.default_rng(0)
    return Image.fromarray(rng.integers(low, high, (280, 280), dtype=np.uint8))


@pytest.mark.parametrize("image", [
    Image.new("L", (280, 280), 0),
    Image.new("L", (280, 280), 255),
    Image.new("LA", (280, 280), (0, 0)),
    uniform_noise(200, 256),
    uniform_noise(0, 256),
], ids=["black", "white", "transparent", "faint noise", "full noise"])
def test_no_digit_found(image):
    with pytest.raises(ImageError) as excinfo:
        preprocess(image)
    assert "No digit found" in str(excinfo.value)


# --- steps for the Draw page ------------------------------------------------------------------------

@pytest.mark.parametrize("image", [ring(background=235, ink=30), bar(width=60), ring(size=(28, 28), box=(8, 4, 20, 24), width=1)],
                         ids=["ring", "marker", "tiny"])
def test_every_step_has_a_caption_and_every_reason_a_message(image):
    steps = preprocess(image, keep_steps=True).steps
    for lang in ("en", "zh"):
        messages = catalog(lang)
        for step in steps:
            assert step.key in messages
            assert not step.why or messages[step.why].format(**step.values)
    assert all(isinstance(s.image, np.ndarray) and s.image.dtype == np.uint8 and s.image.ndim == 2 for s in steps)
    assert [s.key for s in steps][:2] == ["draw.step_gray", "draw.step_ink"]
    assert [s.key for s in steps][-2:] == ["draw.step_scale", "draw.step_centre"]
    assert steps[-1].image.shape == (28, 28)


def test_no_steps_by_default():
    assert preprocess(ring()).steps == []
    assert preprocess(ring(), keep_steps=False).steps == []


@pytest.mark.parametrize("size", [(10000, 1), (1, 10000), (5000, 3), (2, 600), (7, 7), (1000, 30)])
def test_images_too_small_or_thin_for_a_digit_are_refused_in_words(size):
    with pytest.raises(ImageError, match="too small or too thin"):
        preprocess(Image.new("L", size, 255))


@pytest.mark.parametrize("diameter", [6, 20, 40])
def test_a_dot_is_not_a_digit(diameter):
    """A click on the canvas leaves a dot: "draw something", never a guess."""
    dot = Image.new("L", (280, 280), 0)
    ImageDraw.Draw(dot).ellipse([140 - diameter / 2, 140 - diameter / 2, 140 + diameter / 2, 140 + diameter / 2], fill=255)
    with pytest.raises(ImageError, match="No digit found"):  # too few pixels to count, or a dot
        preprocess(dot)


def test_a_short_hairline_on_a_big_canvas_is_not_blank():
    """A 1 px pen's small 1: fewer ink pixels than a thousandth of the picture, still a digit."""
    image = Image.new("L", (400, 400), 0)
    ImageDraw.Draw(image).line([(200, 170), (200, 230)], fill=255, width=1)
    assert preprocess(image).unit.max() == pytest.approx(1.0)


@pytest.mark.parametrize("ink", [255, 0], ids=["white pen", "black pen"])
def test_a_mid_grey_background_works_with_either_pen(ink):
    image = ring(size=(280, 280), background=128, ink=ink, box=(90, 50, 190, 230), width=18)
    prepared = preprocess(image, keep_steps=True)
    assert prepared.steps[1].why == ("draw.why_not_inverted" if ink == 255 else "draw.why_inverted")
    assert prepared.unit.max() == pytest.approx(1.0)


def test_transparent_corners_do_not_make_alpha_the_ink():
    """An opaque photo with rounded, transparent corners: its ink is still in its colours."""
    rgba = ring(size=(280, 280), background=235, ink=30, box=(90, 50, 190, 230), width=18).convert("RGBA")
    for corner in ((0, 0), (270, 0), (0, 270), (270, 270)):
        rgba.paste((0, 0, 0, 0), corner + (corner[0] + 10, corner[1] + 10))
    buffer = io.BytesIO()
    rgba.save(buffer, "PNG")
    ink = read_ink(load_image(buffer.getvalue()))
    assert not ink.alpha and ink.paper
