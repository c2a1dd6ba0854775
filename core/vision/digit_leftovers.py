"""Ink that is not the digit: the desk or the paper's edge along the photo's border, ruled and
squared paper's lines, and specks of dust set apart. Each function returns the ink without them
and how much it took away (0 when nothing), so a clean drawing passes through untouched."""

from __future__ import annotations

import numpy as np
from scipy import ndimage as ndi
from skimage.transform import hough_line, hough_line_peaks

EDGE_RUN = 0.25  # ink hugging an edge along this share of a side is desk, shadow or paper edge
SPECK = 0.1  # a blob with less than this share of the ink, set apart from the digit, is dust
SPECK_GAP = 0.08  # "set apart": this share of the image's longer side away from every other stroke
EIGHT = np.ones((3, 3), bool)  # 8-connectivity: diagonal pixels of one stroke belong together


def without_lines(x: np.ndarray) -> tuple[np.ndarray, int]:
    """Notebook rules, grid lines, the paper's or the desk's edge: straight lines within 10° of level
    or upright, inked along most of their way across the photo (Hough transform). A digit's stroke
    ends inside the picture; a line from side to side is not part of it. Its pixels go, and the
    pieces lying along it; where a stroke crosses it, only the line's own width."""
    mask = x > 0
    angles = np.deg2rad(np.r_[np.linspace(-10, 10, 41), 90 + np.linspace(-10, 10, 41)])
    votes, thetas, dists = hough_line(mask, theta=angles)
    ys, xs = np.mgrid[: x.shape[0], : x.shape[1]]
    core, band, lines = np.zeros_like(mask), np.zeros_like(mask), 0
    for _, theta, dist in zip(*hough_line_peaks(votes, thetas, dists, min_distance=3, threshold=0.5 * min(x.shape))):
        offset = np.abs(xs * np.cos(theta) + ys * np.sin(theta) - dist)  # distance from the line
        along = np.round(ys * np.cos(theta) - xs * np.sin(theta)).astype(int)  # position along it
        on_line = offset <= 2
        length = np.ptp(along[on_line]) + 1 if on_line.any() else 1
        if np.unique(along[on_line & mask]).size >= 0.75 * length:
            core |= on_line
            band |= offset <= 5
            lines += 1
    if not lines:
        return x, 0
    kept = np.where(core, 0, x)
    labels, count = ndi.label(kept > 0, structure=EIGHT)  # what is left: strokes, and the lines' frayed edges
    along_a_line = np.r_[False, ndi.mean(band, labels, index=np.arange(1, count + 1)) >= 0.7]
    kept = np.where(along_a_line[labels], 0, kept)
    if kept.sum() < 0.05 * x.sum():  # nothing but the "line": it is the digit itself (a 1 in a tight crop)
        return x, 0
    return kept, lines


def without_edge_ink(x: np.ndarray) -> tuple[np.ndarray, float]:
    """Ink running along the photo's edge for over a quarter of a side is the desk, a shadow's rim or
    the paper's edge; a digit only touches the edge where a stroke crosses it. Returns its share."""
    labels, count = ndi.label(x > 0, structure=EIGHT)
    if count == 0:
        return x, 0.0
    h, w = x.shape
    m = max(2, round(0.015 * max(h, w)))  # "at the edge": within 1.5% of it, past the photo's blur
    edge_runs = np.zeros(count + 1)
    for band in (labels[:m], labels[-m:], labels[:, :m].T, labels[:, -m:].T):  # each (m, side's length)
        touched = np.zeros((count + 1, band.shape[1]), bool)
        touched[band, np.broadcast_to(np.arange(band.shape[1]), band.shape)] = True
        edge_runs = np.maximum(edge_runs, touched.mean(axis=1))
    edge_runs[0] = 0
    drop = edge_runs >= EDGE_RUN
    if not drop.any():
        return x, 0.0
    kept = np.where(drop[labels], 0, x)
    if kept.sum() < 0.05 * x.sum():  # nothing but edge ink: better to keep it than to have nothing
        return x, 0.0
    return kept, float(1 - kept.sum() / x.sum())


def without_specks(x: np.ndarray) -> tuple[np.ndarray, int]:
    """Dust, dots and leftovers set apart from the digit would stretch the crop. The digit is the
    largest stroke and every stroke within reach of it (gaps under SPECK_GAP); what lies further
    away goes when it holds under SPECK of the ink, i.e. when it cannot be a part of the digit."""
    labels, count = ndi.label(x > 0, structure=EIGHT)
    if count < 2:
        return x, 0
    mass = ndi.sum_labels(x, labels, index=np.arange(1, count + 1))
    if mass.min() >= SPECK * mass.sum():
        return x, 0
    boxes = np.array([(b[0].start, b[0].stop, b[1].start, b[1].stop) for b in ndi.find_objects(labels)])
    reach = SPECK_GAP * max(x.shape)
    digit = np.zeros(count, bool)
    digit[mass.argmax()] = True
    while True:  # grow the digit by every stroke whose box comes within reach of one of its boxes
        d = boxes[digit]
        gap_y = np.maximum(0, np.maximum(d[:, None, 0] - boxes[None, :, 1], boxes[None, :, 0] - d[:, None, 1]))
        gap_x = np.maximum(0, np.maximum(d[:, None, 2] - boxes[None, :, 3], boxes[None, :, 2] - d[:, None, 3]))
        grown = digit | (np.maximum(gap_y, gap_x) <= reach).any(axis=0)
        if np.array_equal(grown, digit):
            break
        digit = grown
    apart = ~digit & (mass < SPECK * mass.sum())
    if not apart.any():
        return x, 0
    return np.where(np.r_[False, apart][labels], 0, x), int(apart.sum())
