"""displayable: what st.image gets for a photo or a transform's output, and the facts its caption states."""

import numpy as np
import pytest
import torch
from PIL import Image

from core.lessons.pixel_stats import as_tensor, displayable


def via_tensor(picture) -> np.ndarray:
    """The long way round, as the page once did: (C, H, W) tensor, then back to (H, W, C)."""
    array = as_tensor(picture).permute(1, 2, 0).numpy()
    return array[:, :, 0] if array.shape[2] == 1 else array[:, :, :3]


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "L", "LA"])
def test_a_photo_is_shown_as_its_own_pixels_in_every_mode(mode):
    pixels = np.random.default_rng(0).integers(0, 256, (5, 7, 4), dtype=np.uint8)
    photo = Image.fromarray(pixels, "RGBA").convert(mode)
    shown, facts = displayable(photo)
    assert np.array_equal(shown, via_tensor(photo)), "alpha dropped, grey stays (H, W)"
    assert (facts.kind, facts.shape, facts.mode, facts.rescaled) == ("pil", (7, 5), mode, False)
    assert (facts.low, facts.high) == (float(np.asarray(photo).min()), float(np.asarray(photo).max()))


def test_a_normalised_tensor_is_stretched_and_its_range_reported():
    x = torch.tensor([[[-2.0, 0.0], [1.0, 2.0]]])  # (1, 2, 2), as after Normalize
    shown, facts = displayable(x)
    assert (facts.kind, facts.shape, facts.low, facts.high, facts.rescaled) == ("tensor", (1, 2, 2), -2.0, 2.0, True)
    assert shown.tolist() == [[0, 128], [191, 255]]


def test_an_empty_tensor_has_no_range_to_report():
    facts = displayable(torch.zeros(3, 0, 4))[1]
    assert (facts.low, facts.high) == (0.0, 0.0)
