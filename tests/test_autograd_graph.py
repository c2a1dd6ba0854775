"""The autograd graph stays legible for the longest and widest expressions the page allows.

Measured on the SVG itself, in pixels of the column the page draws it in: every label line (class
name, forward value, .grad) gets a box from its text, its anchor and its baseline, and no two boxes
may overlap, cover a dot or leave the picture.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from unicodedata import east_asian_width

import pytest

from core.lessons.autograd_graph import LEAF, OP, OUTPUT, autograd_graph
from core.lessons.autograd_graph_svg import graph_picture
from core.lessons.autograd_lab import PRESETS, AutogradSettings, run_autograd
from core.lessons.expression import MAX_CHARS, MAX_DEPTH, ExpressionError, parse_expression

GRAPH_WIDTH = 490  # px: the page's results column in a 1280-px window (495), where the graph is drawn
CHAR_PX = 7.22  # a 12-px monospace character in chromium; a Chinese one takes two
ABOVE, BELOW = 12, 4  # px of a 16-px line above and below its baseline
SVG = "{http://www.w3.org/2000/svg}"

CHAIN = "x" + "".join(f".{f}()" for f in ("exp", "sin", "cos", "tanh", "sigmoid", "relu", "abs", "exp", "sin",
                                         "cos", "exp"))  # eleven functions: as deep as MAX_DEPTH allows
LONGEST = [
    CHAIN,
    "torch.sigmoid(torch.sin(torch.sigmoid(torch.abs(torch.sin(x))).sigmoid())) + 0.5",
    "(x * w + x * b) + (w * b + x * x) + b * 2",  # four products side by side
    "(torch.sigmoid((torch.exp(x) * (w * x)).abs()) * b).sin()",
    *(preset.expression for preset in PRESETS.values()),  # every preset the page offers, "w * x + b" first
]


def parsed(svg: str) -> ET.Element:
    """The picture as XML: it must parse (an unescaped "<" in a label would break it)."""
    return ET.fromstring(svg)


def label_boxes(svg: str) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(text, (left, top, right, bottom)) in pixels for every label line of the picture."""
    boxes = []
    for text in parsed(svg).iter(f"{SVG}text"):
        words = "".join(text.itertext())
        width = sum(2 if east_asian_width(c) in "WF" else 1 for c in words) * CHAR_PX
        x, y = float(text.get("x")), float(text.get("y"))
        left = {"start": x, "middle": x - width / 2, "end": x - width}[text.get("text-anchor")]
        boxes.append((words, (left, y - ABOVE, left + width, y + BELOW)))
    return boxes


def overlapping(boxes) -> list[tuple[str, str]]:
    clash = []
    for i, (a, (l1, t1, r1, b1)) in enumerate(boxes):
        for b, (l2, t2, r2, b2) in boxes[i + 1:]:
            if l1 < r2 and l2 < r1 and t1 < b2 and t2 < b1:
                clash.append((a, b))
    return clash


def dots(svg: str) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(tooltip, box) of every node's dot, in the same pixels as label_boxes."""
    found = []
    for group in parsed(svg).iter(f"{SVG}g"):
        circle = group.find(f"{SVG}circle")
        if circle is not None:
            x, y, r = (float(circle.get(k)) for k in ("cx", "cy", "r"))
            found.append((group.find(f"{SVG}title").text, (x - r, y - r, x + r, y + r)))
    return found


def colours(svg: str) -> dict[str, str]:
    """Each dot's fill by its tooltip."""
    return {group.find(f"{SVG}title").text: group.find(f"{SVG}circle").get("fill")
            for group in parsed(svg).iter(f"{SVG}g") if group.find(f"{SVG}circle") is not None}


@pytest.mark.parametrize("x", [(2.0,), (1.0, -0.5, 2.0)], ids=["scalar x", "vector x"])
@pytest.mark.parametrize("expression", LONGEST)
def test_no_two_labels_overlap_and_none_leaves_the_figure(expression, x):
    parse_expression(expression)  # allowed on the page
    settings = AutogradSettings(expression=expression, x=x)
    run = run_autograd(replace(settings, v=(1.0,) * 3 if len(x) == 3 else None))
    nodes = autograd_graph(run.output, run.leaves, run.steps)
    picture = graph_picture(nodes, run.grads, "梯度" if len(x) == 3 else "grad")  # the Chinese word is wider
    boxes = label_boxes(picture.svg)
    assert len(boxes) >= 2 * len(nodes), "a class line and a value line for every node"
    assert overlapping(boxes) == []
    assert overlapping(boxes + dots(picture.svg)) == [], "no label covers a dot"
    outside = [text for text, (left, top, right, bottom) in boxes
               if left < 0 or right > GRAPH_WIDTH or top < 0 or bottom > picture.height]
    assert outside == [] and picture.width == GRAPH_WIDTH


def test_the_chain_is_as_long_as_the_page_allows():
    assert len(CHAIN) <= MAX_CHARS
    with pytest.raises(ExpressionError):
        parse_expression(CHAIN + ".exp()")  # one more function is refused: too deep
    assert MAX_DEPTH == 12


def test_a_long_chain_is_drawn_down_and_a_short_one_across():
    for expression, direction in ((CHAIN, "down"), ("torch.sigmoid(w * x + b)", "across")):
        run = run_autograd(AutogradSettings(expression=expression))
        picture = graph_picture(autograd_graph(run.output, run.leaves, run.steps), run.grads)
        centres = [((left + right) / 2, (top + bottom) / 2) for _, (left, top, right, bottom) in dots(picture.svg)]
        spread_x = max(p[0] for p in centres) - min(p[0] for p in centres)
        spread_y = max(p[1] for p in centres) - min(p[1] for p in centres)
        assert (spread_y > spread_x) == (direction == "down"), expression


def test_the_picture_has_forward_arrows_colours_and_hover_words():
    run = run_autograd(AutogradSettings(expression="torch.sigmoid(w * x + b)"))
    picture = graph_picture(autograd_graph(run.output, run.leaves, run.steps), run.grads)
    root = parsed(picture.svg)
    assert root.get("aria-label") == "; ".join(picture.arrows), "screen readers hear every arrow"
    assert "x · AccumulateGrad → MulBackward0" in picture.arrows
    assert "AddBackward0 → SigmoidBackward0" in picture.arrows
    assert "SigmoidBackward0 → AddBackward0" not in picture.arrows, "arrows follow the forward pass"
    assert len(list(root.iter(f"{SVG}polygon"))) == len(picture.arrows) == 5, "one arrowhead per edge"
    fills = colours(picture.svg)
    assert fills["AddBackward0\nw * x + b\n= 7"] == OP and fills["AccumulateGrad\nb\n= 1"] == LEAF
    assert [fill for hover, fill in fills.items() if hover.startswith("SigmoidBackward0")] == [OUTPUT]
    lines = [text for text, _ in label_boxes(picture.svg)]
    assert any(line.startswith("grad 0.0018") for line in lines), "each leaf labelled with its .grad"
    assert "b · AccumulateGrad" in lines and "SigmoidBackward0" in lines
    assert picture.height == 90 * 3 + 20, "three leaves: three rows, and a 10-px margin above and below"


def test_typed_text_reaches_the_tooltip_escaped():
    run = run_autograd(AutogradSettings(expression="x * w"))
    nodes = autograd_graph(run.output, run.leaves, run.steps)
    nodes[0].text = "<b>x</b> * w"  # a piece of what was typed: shown as text, never as HTML
    svg = graph_picture(nodes, run.grads).svg
    assert "&lt;b&gt;x&lt;/b&gt; * w" in svg and "<b>" not in svg
    assert dots(svg)[0][0] == "MulBackward0\n<b>x</b> * w\n= 6", "a reader of the tooltip sees what was typed"


def test_the_open_tag_stands_alone_so_markdown_passes_the_picture_on_whole():
    """st.markdown hands an HTML block to the page untouched only if it starts with a line of one tag and has
    no blank line; otherwise "x * w" could turn into emphasis."""
    run = run_autograd(AutogradSettings(expression="x * w * b"))
    svg = graph_picture(autograd_graph(run.output, run.leaves, run.steps), run.grads).svg
    first, *rest = svg.split("\n")
    assert re.fullmatch(r"<svg [^<>]*>", first) and rest[-1] == "</svg>" and all(line.strip() for line in rest)
