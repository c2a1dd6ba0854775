"""core.vision.model_inputs: any picture becomes the input a 1×28×28 or a 3×32×32 model was trained on."""

import io

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw

from core.common.image_io import ImageError, load_rgb_image
from core.common.visual import png_bytes
from core.data.datasets import get_spec
from core.vision.model_inputs import dataset_for, example_picture, from_pixels, from_upload


def photo(size=(640, 480), colour=(200, 30, 30)) -> bytes:
    image = Image.new("RGB", size, (240, 240, 240))
    ImageDraw.Draw(image).rectangle([200, 120, 440, 360], fill=colour)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def test_dataset_follows_the_input_shape():
    assert dataset_for((1, 28, 28)).name == "mnist" and dataset_for((3, 32, 32)).name == "cifar10"


def test_pixels_are_normalised_like_in_training():
    pixels = torch.full((3, 32, 32), 255, dtype=torch.uint8)
    made = from_pixels(pixels, get_spec("cifar10"))
    expected = (1 - torch.tensor(get_spec("cifar10").mean)) / torch.tensor(get_spec("cifar10").std)
    torch.testing.assert_close(made.tensor[:, 0, 0], expected)
    assert made.picture.shape == (32, 32, 3)


def test_a_colour_photo_becomes_a_32x32_rgb_input_and_keeps_its_colour():
    made = from_upload(photo(), (3, 32, 32))
    assert made.tensor.shape == (3, 32, 32) and made.picture.shape == (32, 32, 3)
    red, green, blue = made.picture[16, 16]
    assert red > 150 and green < 80 and blue < 80, "the centre stays red: JPEG decoding keeps colour"


def test_a_drawing_for_a_digit_model_goes_through_mnist_preprocessing():
    drawing = Image.new("L", (280, 280))
    ImageDraw.Draw(drawing).line([(140, 40), (140, 240)], fill=255, width=20)
    made = from_upload(drawing, (1, 28, 28))
    assert made.tensor.shape == (1, 28, 28) and made.picture.shape == (28, 28) and made.picture.dtype == np.uint8
    with pytest.raises(ImageError):
        from_upload(Image.new("L", (280, 280)), (1, 28, 28))  # blank: no digit


def test_example_picture_and_png_round_trip():
    made = example_picture((3, 32, 32))
    assert made.tensor.shape == (3, 32, 32)
    np.testing.assert_array_equal(np.asarray(Image.open(io.BytesIO(png_bytes(made.picture)))), made.picture)


def test_rgb_loader_refuses_what_is_not_an_image():
    with pytest.raises(ImageError):
        load_rgb_image(b"not an image")
    assert load_rgb_image(photo()).mode == "RGB"


def test_a_picture_is_renormalised_as_the_model_was_trained():
    """A run trained with seed 003's Normalize((0.5,), (0.5,)) must be fed (x - 0.5) / 0.5, not MNIST's statistics."""
    import torch

    from core.data.datasets import get_spec
    from core.vision.model_inputs import ModelInput, normalized_as

    spec = get_spec("mnist")
    unit = torch.rand(1, 28, 28)
    as_dataset = ModelInput((unit - spec.mean[0]) / spec.std[0], None)
    assert torch.allclose(normalized_as(as_dataset, spec, ((0.5,), (0.5,))).tensor, (unit - 0.5) / 0.5, atol=1e-5)
    assert torch.allclose(normalized_as(as_dataset, spec, ((0.0,), (1.0,))).tensor, unit, atol=1e-5)


def test_the_inside_code_normalises_with_the_runs_numbers():
    from core.code.inside_snippets import feature_maps_code

    code = feature_maps_code("convnet", "run/best.pt", "digit.png", stats=((0.5,), (0.5,)))
    assert "transforms.Normalize((0.5,), (0.5,))" in code and "0.1307" not in code
