"""When the picture is unlike one digit, say so: the model cannot.

A classifier trained on ten digits must name one of them for anything it is shown: softmax
turns its ten scores into probabilities that add up to 1, so a letter, a scribble or "12" still
gets a digit, often a "sure" one. These checks read the picture and the answer for signs that
the question did not fit: marks side by side (more than one character), ink that is tiny in its
picture, and a top probability that is not far above the rest.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage as ndi

UNSURE = 0.6  # a top probability under this: the model hesitates between digits
TINY = 0.1  # ink whose longer side is under this share of the picture's shorter side
PART = 0.15  # a mark holding at least this share of the ink counts as a character of its own
EIGHT = np.ones((3, 3), bool)


def side_by_side(ink: np.ndarray) -> int:
    """How many marks stand side by side, not overlapping left to right (a "12" is 2); 1 for one digit.
    A digit drawn in two strokes (a 4, a 5's bar) overlaps itself left to right, so it stays 1."""
    labels, count = ndi.label(ink >= 0.5 * ink.max(), structure=EIGHT)
    if count < 2:
        return 1
    mass = ndi.sum_labels(ink, labels, index=np.arange(1, count + 1))
    boxes = ndi.find_objects(labels)
    spans = sorted((boxes[i][1].start, boxes[i][1].stop) for i in range(count) if mass[i] >= PART * mass.sum())
    groups, right = 0, -1
    for left, stop in spans:
        if left >= right:  # starts where every mark so far has ended: a new one beside them
            groups += 1
        right = max(right, stop)
    return max(groups, 1)


def doubts(probs: list[float], parts: int, extent: float) -> list[tuple[str, dict]]:
    """(catalog key, its numbers) for each reason to doubt that the answer means anything;
    `extent`: the ink's longer side over the picture's shorter side."""
    found = []
    if parts >= 2:
        found.append(("draw.doubt_parts", {"parts": parts}))
    if extent < TINY:
        found.append(("draw.doubt_tiny", {"extent": extent}))
    top = max(probs)
    if top < UNSURE:
        second = sorted(probs)[-2]
        found.append(("draw.doubt_unsure", {"top": top, "label": int(np.argmax(probs)), "second": second,
                                            "second_label": int(np.argsort(probs)[-2])}))
    return found
