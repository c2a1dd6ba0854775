"""core.vision.digit_cleaning and core.vision.digit_leftovers: each cleaning step runs when its measurement
says so, does its one job, and leaves the digit's strokes alone."""

import numpy as np
import pytest
from PIL import Image, ImageDraw

from core.vision.digit_cleaning import clean, diagnose
from core.vision.digit_ink import light_majority, read_ink
from core.vision.digit_leftovers import without_edge_ink, without_lines, without_specks
from core.vision.preprocess import preprocess

W, H = 400, 300  # the working size: what the tests index is what the steps see
DIGIT = [(200, 70), (200, 230)]  # a 1, in the middle of the page


def photo(light=0.95, rules=0, desk=0, speck=False, grain=6.0, seed=0, rule_ink=170) -> Image.Image:
    """A phone photo of a pen 1 on paper: a camera's grain and a little falloff of the light
    always, the rest on request."""
    rng = np.random.default_rng(seed)
    paper = np.full((H, W), 225.0) * np.linspace(1.0, light, W)[None, :]  # bright on the left
    image = Image.fromarray(np.clip(paper, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    for y in range(40, H, max(1, H // (rules + 1))) if rules else ():
        draw.line([(0, y), (W, y)], fill=rule_ink, width=2)
    draw.line(DIGIT, fill=40, width=10)
    if desk:
        draw.rectangle([W - desk, 0, W, H], fill=70)
    if speck:
        draw.ellipse([30, 30, 36, 36], fill=60)
    noisy = np.asarray(image, dtype=np.float64) + rng.normal(0, grain, (H, W))
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))


def ran(image) -> dict[str, dict]:
    return {s.key.removeprefix("draw.step_"): s.values for s in preprocess(image, keep_steps=True).steps}


def digit_columns(unit) -> np.ndarray:
    """Columns of the 28×28 result holding ink: a plain 1 is a few columns wide."""
    return np.nonzero(unit.numpy().max(axis=0) > 0.3)[0]


def test_a_photo_is_told_from_a_drawing():
    assert diagnose(read_ink(photo()).values).photo
    drawing = Image.new("L", (W, H), 0)
    ImageDraw.Draw(drawing).line(DIGIT, fill=255, width=10)
    found = diagnose(read_ink(drawing).values)
    assert not found.photo and found.flat > 0.9 and not found.uneven and not found.grainy


def test_uneven_light_is_evened_out_and_only_then():
    assert "lighting" not in ran(photo())
    steps = ran(photo(light=0.45))
    assert steps["lighting"]["unevenness"] > 0.12
    prepared = preprocess(photo(light=0.45))
    assert len(digit_columns(prepared.unit)) <= 6, "the shadowed right side did not become ink"


def test_flat_field_keeps_a_stroke_in_shadow_as_dark_as_in_light():
    """Light multiplies: divided by the paper's brightness, a stroke in the shade keeps its contrast."""
    image = Image.fromarray((np.full((H, W), 225.0) * np.linspace(1.0, 0.5, W)[None, :]).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    draw.line([(100, 70), (100, 230)], fill=45, width=10)  # in the light
    draw.line([(300, 70), (300, 230)], fill=22, width=10)  # in the shade: the same pen, half the light
    noisy = np.clip(np.asarray(image, np.float64) + np.random.default_rng(0).normal(0, 6, (H, W)), 0, 255)
    ink = read_ink(Image.fromarray(noisy.astype(np.uint8)))
    cleaned = clean(ink.values, diagnose(ink.values), ink.paper).ink
    lit, shaded = cleaned[130:170, 97:103].mean(), cleaned[130:170, 297:303].mean()
    assert shaded == pytest.approx(lit, rel=0.1)


def test_paper_becomes_black_in_a_photo_and_never_in_a_drawing():
    steps = ran(photo())
    assert steps["paper"]["flat"] < 0.25
    ink = read_ink(photo())
    cleaned = clean(ink.values, diagnose(ink.values), ink.paper).ink
    assert (cleaned[:, :150] == 0).all(), "grain and paper are gone"
    assert cleaned[130:170, 198:203].min() > 0.5, "the stroke is whole"


def test_faint_rules_go_with_the_paper():
    assert "lines" not in ran(photo(rules=6))
    assert len(digit_columns(preprocess(photo(rules=6)).unit)) <= 6


def test_dark_ruled_lines_are_removed_and_the_digit_kept():
    steps = ran(photo(rules=6, rule_ink=90))
    assert steps["lines"]["count"] >= 5
    assert len(digit_columns(preprocess(photo(rules=6, rule_ink=90)).unit)) <= 6


def test_lines_crossing_a_stroke_take_only_their_own_width():
    ink = np.zeros((300, 400), np.float32)
    ink[::50] = 1.0  # rules every 50 px, 1 px thick
    ink[60:240, 195:205] = 1.0  # a 1 crossing three of them
    kept, count = without_lines(ink)
    assert count == 6
    assert kept[:, :150].sum() == 0
    column = kept[60:240, 200]
    assert (column > 0).mean() > 0.9, "the stroke keeps all but the crossings"


def test_the_desk_along_an_edge_is_removed():
    assert len(digit_columns(preprocess(photo(desk=40)).unit)) <= 6
    ink = np.zeros((300, 400), np.float32)
    ink[:, 370:] = 0.8  # the desk, along the whole right side
    ink[60:240, 195:205] = 1.0
    kept, share = without_edge_ink(ink)
    assert share > 0.5 and kept[:, 370:].sum() == 0 and kept[60:240, 195:205].min() == 1.0


def test_a_speck_apart_from_the_digit_does_not_stretch_the_crop():
    plain, specked = preprocess(photo(), keep_steps=True), preprocess(photo(speck=True), keep_steps=True)
    assert "draw.step_specks" in {s.key for s in specked.steps}
    crop = lambda p: next(s.image.shape for s in p.steps if s.key == "draw.step_crop")  # noqa: E731
    assert crop(specked) == crop(plain)


def test_leftover_removers_leave_a_lone_digit_alone():
    digit = np.zeros((200, 160), np.float32)
    digit[30:170, 70:84] = 1.0  # a 1 touching nothing
    for remove in (without_edge_ink, without_lines, without_specks):
        kept, taken = remove(digit)
        assert taken == 0 and np.array_equal(kept, digit)


def test_a_tightly_cropped_one_is_not_taken_for_a_line():
    edge_to_edge = np.zeros((200, 160), np.float32)
    edge_to_edge[:, 74:84] = 1.0  # a 1 that touches the top and the bottom
    kept, _ = without_lines(edge_to_edge)
    assert kept.sum() > 0.5 * edge_to_edge.sum()
    kept, _ = without_edge_ink(edge_to_edge)
    assert np.array_equal(kept, edge_to_edge)


def test_paper_on_a_dark_desk_is_inverted_as_paper():
    image = Image.new("L", (W + 100, H + 100), 60)
    image.paste(photo(), (50, 50))
    noisy = np.clip(np.asarray(image, np.float64) + np.random.default_rng(1).normal(0, 4, (H + 100, W + 100)), 0, 255)
    image = Image.fromarray(noisy.astype(np.uint8))
    ink = read_ink(image)
    assert not ink.paper, "the dark frame fooled the first look"
    flipped = light_majority(ink)
    assert flipped is not None and flipped.paper
    prepared = preprocess(image, keep_steps=True)
    assert prepared.steps[1].why == "draw.why_inverted_desk"
    assert len(digit_columns(prepared.unit)) <= 6


def test_a_chalk_digit_on_a_board_stays_light_on_dark():
    board = photo().point(lambda v: 255 - v)  # light chalk on a dark, grainy board
    assert light_majority(read_ink(board)) is None
    assert len(digit_columns(preprocess(board).unit)) <= 6
