"""core.preprocess: each MNIST-style step, then the whole pipeline, on small drawn images."""

import io

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw

from core.i18n import catalog
from core.image_io import ImageError, load_image
from core.preprocess import (MNIST_MEAN, MNIST_STD, _clean, _crop_to_ink, _fit_longest_side, _ink_from,
                             preprocess)


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


def mask(image: Image.Image) -> torch.Tensor:
    return torch.from_numpy(np.asarray(image) > 0)


STROKE = mask(ring())  # where the ring's ink is
NEAR = mask(ring(box=(44, 14, 116, 106), width=20))  # the ring widened by 6 px on each side


# --- ink: white on black, whatever was uploaded --------------------------------------------------

def test_light_paper_is_inverted():
    ink, _, _ = _ink_from(ring(background=240, ink=20))
    assert ink[STROKE].mean() > 0.9 and ink[~NEAR].max() < 0.1


def test_dark_canvas_is_not_inverted():
    image = ring(background=10, ink=230)
    ink, gray, _ = _ink_from(image)
    assert torch.equal(ink, gray)
    assert ink[STROKE].mean() > 0.85 and ink[~NEAR].max() < 0.1


@pytest.mark.parametrize("rgb", [0, 255], ids=["black", "white"])
def test_transparent_png_uses_alpha_as_ink(rgb):
    rgba = Image.new("RGBA", (160, 120), (rgb, rgb, rgb, 0))
    rgba.putalpha(ring())  # the drawing lives only in the alpha channel
    buffer = io.BytesIO()
    rgba.save(buffer, "PNG")
    ink, _, _ = _ink_from(load_image(buffer.getvalue()))
    assert torch.allclose(ink, torch.from_numpy(np.asarray(ring(), dtype=np.float32) / 255))


# --- cleaning: lighting and paper texture go, strokes stay ----------------------------------------

def test_uneven_illumination_is_removed():
    lighting = np.tile(np.linspace(250, 70, 160), (120, 1))  # bright window on the left, shadow on the right
    paper = Image.fromarray(lighting.astype(np.uint8))
    ImageDraw.Draw(paper).ellipse((50, 20, 110, 100), outline=15, width=8)
    ink, _, _ = _ink_from(paper)
    assert ink[:, -10:].mean() > 0.5  # before cleaning, the shadow looks like ink
    cleaned = _clean(ink)
    assert cleaned[~NEAR].max() < 0.05
    assert cleaned[STROKE].mean() > 0.6


def test_paper_noise_is_removed():
    rng = np.random.default_rng(0)
    photo = np.asarray(ring(background=230, ink=20), dtype=float) + rng.normal(0, 20, (120, 160))
    ink, _, paper = _ink_from(Image.fromarray(np.clip(photo, 0, 255).astype(np.uint8)))
    assert paper and (ink[~NEAR] > 0.1).float().mean() > 0.2  # texture everywhere before cleaning
    cleaned = _clean(ink, paper)
    background = cleaned[~NEAR]
    assert background.mean() < 0.005 and (background > 0).float().mean() < 0.005
    assert cleaned[STROKE].mean() > 0.6


# --- crop, scale, centre --------------------------------------------------------------------------

def test_crop_is_the_ink_bounding_box():
    ink = torch.zeros(100, 80)
    ink[10:30, 40:50] = 1.0
    ink[15, 44] = 0.5
    crop = _crop_to_ink(ink)
    assert crop.shape == (20, 10)
    assert torch.equal(crop, ink[10:30, 40:50])


def test_a_tiny_speck_does_not_enlarge_the_crop():
    clean = bar()
    specked = bar()
    ImageDraw.Draw(specked).rectangle((4, 4, 7, 7), fill=255)  # a 4×4 px speck of dust in the corner
    crop = preprocess(clean, keep_steps=True).steps[3].image.shape
    specked_crop = preprocess(specked, keep_steps=True).steps[3].image.shape
    assert abs(specked_crop[0] - crop[0]) <= 2 and abs(specked_crop[1] - crop[1]) <= 2


@pytest.mark.parametrize("shape, expected", [((100, 30), (20, 6)), ((30, 90), (7, 20)), ((5, 5), (20, 20))])
def test_fit_longest_side_keeps_the_aspect(shape, expected):
    assert _fit_longest_side(torch.ones(shape), 20).shape == expected


def test_a_tall_thin_one_stays_tall_and_thin():
    scaled = preprocess(bar(), keep_steps=True).steps[4]
    assert scaled.key == "draw.step_scale"
    height, width = scaled.image.shape
    assert height == 20 and width < 10


def centre_of_mass(unit: torch.Tensor) -> tuple[float, float]:
    rows, cols = torch.meshgrid(torch.arange(28.0), torch.arange(28.0), indexing="ij")
    return ((unit * rows).sum() / unit.sum()).item(), ((unit * cols).sum() / unit.sum()).item()


def test_off_centre_digit_is_centred_by_mass():
    corner = ring(size=(280, 280), box=(10, 10, 80, 120), width=12)  # top-left corner of the canvas
    unit = preprocess(corner).unit
    row, col = centre_of_mass(unit)
    assert abs(row - 13.5) <= 1 and abs(col - 13.5) <= 1


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

def test_keep_steps():
    steps = preprocess(ring(background=235, ink=30), keep_steps=True).steps
    assert len(steps) == 6
    english = catalog("en")
    for step in steps:
        assert step.key.startswith("draw.step_") and step.key in english
        assert isinstance(step.image, np.ndarray) and step.image.dtype == np.uint8 and step.image.ndim == 2
    assert steps[-1].image.shape == (28, 28)


def test_no_steps_by_default():
    assert preprocess(ring()).steps == []
    assert preprocess(ring(), keep_steps=False).steps == []



@pytest.mark.parametrize("size", [(10000, 1), (1, 10000), (5000, 3), (2, 600), (7, 7), (1000, 30)])
def test_images_too_small_or_thin_for_a_digit_are_refused_in_words(size):
    with pytest.raises(ImageError, match="too small or too thin"):
        preprocess(Image.new("L", size, 255))
