"""The product promise, judged on digits nobody here tuned the Draw page to.

Each cell of tests/digit_sources.py's grid (MNIST's own test digits, that real handwriting redrawn
with other pens at other sizes, UCI's 8×8 digits of other writers, canvas drawings, phone photos)
goes through the whole pipeline (`predict` on the uploaded bytes) and through the textbook MNIST
preprocessing, with the shipped model. Ours must never fall below the textbook in any cell.
`python bench/drawn_digits.py` prints the full grid; this is a smaller one that CI can afford.
"""

import io
from collections import Counter

import numpy as np
import pytest
import torch

from digit_sources import Cell, enlarged, make_cell, mnist_test, spread
from drawn_digits import drawn_digit_set, paper_photo
from textbook_digit import textbook_input

CELLS = ([Cell("mnist", s, 0, p) for s in (28, 280) for p in ("light", "dark")]
         + [Cell("pen", s, pen, "light") for s in (28, 64, 280, 1200) for pen in (1, 8, 30, 60)]
         + [Cell("pen", 280, pen, "dark") for pen in (1, 15, 60)]
         + [Cell("optdigits", s, 0, p) for s in (8, 280) for p in ("light", "dark")]
         + [Cell("canvas", 280, pen, "light") for pen in (6, 20, 40)] + [Cell("canvas", 280, 20, "dark")]
         + [Cell("photo", 0, 0, "dark"), Cell("desk", 0, 0, "dark")])
PER_CELL = 40


def upload(image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG" if image.format == "JPEG" else "PNG", quality=95)
    return out.getvalue()


def read(image, model) -> int:
    from core.vision.inference import ImageError, predict

    try:
        return predict(upload(image), model).label
    except ImageError:  # "no digit found" on an image that holds one is a miss
        return -1


def textbook(image, model) -> int:
    with torch.no_grad():
        return int(model(textbook_input(image).unsqueeze(0)).argmax())


@pytest.fixture(scope="module")
def model():
    from core.vision.inference import shipped_model

    return shipped_model().eval()


@pytest.fixture(scope="module")
def grid(model):
    """{cell: (ours correct, textbook correct, n)} over the whole small grid, read once."""
    results = {}
    for cell in CELLS:
        data = make_cell(cell, PER_CELL)
        ours = sum(read(image, model) == label for label, image in data)
        base = sum(textbook(image, model) == label for label, image in data)
        results[cell] = (ours, base, len(data))
    return results


def table(grid) -> str:
    return "\n".join(f"{c.name:40s} ours {o}/{n}  textbook {b}/{n}" for c, (o, b, n) in grid.items())


def test_no_cell_falls_below_the_textbook(grid):
    below = [c.name for c, (ours, base, n) in grid.items() if ours < base - 0.01 * n]
    assert not below, f"below the textbook in {below}\n{table(grid)}"


def test_overall_at_least_98_percent(grid):
    ours = sum(o for o, _, _ in grid.values()) / sum(n for _, _, n in grid.values())
    assert ours >= 0.98, f"overall {ours:.1%}\n{table(grid)}"


def test_mnist_test_digits_read_as_well_through_the_pipeline_as_as_tensors(model):
    """MNIST's own test digits as published, uploaded as is, enlarged to 280×280 and inverted as on paper."""
    images, labels = mnist_test()
    picks = spread(labels, 1000, seed=1)
    images, labels = images[picks], labels[picks]
    with torch.no_grad():
        raw = (torch.from_numpy(images.copy()).float() / 255 - 0.1307) / 0.3081
        tensors = (model(raw.unsqueeze(1)).argmax(1).numpy() == labels).mean()
    for size, polarity in ((28, "light"), (280, "light"), (280, "dark")):
        ours = np.mean([read(enlarged(x, size, polarity), model) == y for x, y in zip(images, labels)])
        assert ours >= 0.99 and ours >= tensors - 0.005, f"{size} px {polarity}: {ours:.2%} (raw tensors {tensors:.2%})"


def test_a_3000_px_photo_of_pencil_on_squared_paper_is_read(model):
    photos = [(d, paper_photo(d, np.random.default_rng([3, d]), long=3000, paper="grid", writing="pencil")) for d in range(10)]
    misses = [(d, read(p, model)) for d, p in photos if read(p, model) != d]
    assert len(misses) <= 1, misses


def test_phone_photos_stay_above_95_percent(model):
    """The generator's photos and canvas drawings (tests/drawn_digits.py), on another seed than the grid's."""
    results = [(kind, label, read(image, model)) for kind, label, image in drawn_digit_set(n_per_digit=10, seed=11)]
    per_kind = {k: np.mean([label == got for kind, label, got in results if kind == k]) for k in ("canvas", "paper")}
    misses = Counter((k, label, got) for k, label, got in results if label != got).most_common(6)
    assert per_kind["paper"] >= 0.95 and per_kind["canvas"] >= 0.98, f"{per_kind}; misses (kind, true, read): {misses}"
