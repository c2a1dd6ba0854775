"""The product promise: the shipped model reads ≥ 95 % of digits drawn the way people draw them.

MNIST's own test set cannot check that (it is already centred, thin and clean); the images
here come from tests/drawn_digits.py: canvas drawings and phone photos of paper. Run
`python bench/drawn_digits.py --save DIR` to see which ones fail and why.
"""

from collections import Counter

import numpy as np

from drawn_digits import drawn_digit_set

OVERALL, PER_KIND = 0.95, 0.90


def test_generator_is_deterministic_and_well_formed():
    a, b = drawn_digit_set(n_per_digit=2, seed=5), drawn_digit_set(n_per_digit=2, seed=5)
    assert [(k, d) for k, d, _ in a] == [(k, d) for k, d, _ in b]
    assert all(np.array_equal(np.asarray(x), np.asarray(y)) for (_, _, x), (_, _, y) in zip(a, b))
    assert Counter(k for k, _, _ in a) == {"canvas": 20, "paper": 20}
    for kind, _, im in a:
        if kind == "canvas":
            assert im.size == (280, 280) and im.mode in ("RGB", "RGBA")
            ink = np.asarray(im.convert("L"))
            assert ink[0].max() == ink[-1].max() == ink[:, 0].max() == ink[:, -1].max() == 0  # fully inside
        else:
            assert 400 <= min(im.size) and max(im.size) <= 1600 and im.mode in ("RGB", "L")


def test_shipped_model_reads_drawn_digits():
    from core.inference import ImageError, predict  # lazily: collecting the other tests needs no model

    results = []
    for kind, label, im in drawn_digit_set(n_per_digit=20, seed=1):
        try:
            results.append((kind, label, predict(im).label))
        except ImageError:  # "no digit found" on an image that holds one is a miss
            results.append((kind, label, -1))

    def accuracy(rows):
        return sum(label == got for _, label, got in rows) / len(rows)

    overall = accuracy(results)
    per_kind = {k: accuracy([r for r in results if r[0] == k]) for k in ("canvas", "paper")}
    misses = Counter((k, label, got) for k, label, got in results if label != got).most_common(8)
    report = (f"overall {overall:.1%}, " + ", ".join(f"{k} {a:.1%}" for k, a in per_kind.items())
              + "; most frequent misses (kind, true, predicted; -1 = no digit found): " + str(misses))
    assert overall >= OVERALL, report
    assert all(a >= PER_KIND for a in per_kind.values()), report
