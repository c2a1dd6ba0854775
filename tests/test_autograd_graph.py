"""The autograd graph stays legible for the longest and widest expressions the page allows.

Measured on the figure itself, in pixels of the column the page draws it in: every label
(class name, forward value, .grad) gets a box, and no two boxes may overlap or leave the figure.
"""

import re
from dataclasses import replace

import pytest

from core.lessons.autograd_graph import autograd_graph, graph_figure
from core.lessons.autograd_lab import AutogradSettings, run_autograd
from core.lessons.expression import MAX_CHARS, MAX_DEPTH, parse_expression

GRAPH_WIDTH = 600  # px: the page's results column in a 1400-px window, where the graph is drawn
CHAR_PX = 7.2  # a 12-px monospace character
LINE_PX = 15  # a 12-px line
DOT = 24

CHAIN = "x" + "".join(f".{f}()" for f in ("exp", "sin", "cos", "tanh", "sigmoid", "relu", "abs", "exp", "sin",
                                         "cos", "exp"))  # eleven functions: as deep as MAX_DEPTH allows
LONGEST = [
    CHAIN,
    "torch.sigmoid(torch.sin(torch.sigmoid(torch.abs(torch.sin(x))).sigmoid())) + 0.5",
    "(x * w + x * b) + (w * b + x * x) + b * 2",  # four products side by side
    "(torch.sigmoid((torch.exp(x) * (w * x)).abs()) * b).sin()",
    "w * x + b",
]


def label_boxes(figure: dict, width: int = GRAPH_WIDTH) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(text, (left, top, right, bottom)) in pixels for every labelled point of the figure."""
    layout = figure["layout"]
    margin = layout["margin"]
    plot_w, plot_h = width - margin["l"] - margin["r"], layout["height"] - margin["t"] - margin["b"]
    (x0, x1), (y0, y1) = layout["xaxis"]["range"], layout["yaxis"]["range"]
    boxes = []
    for note in layout.get("annotations", []):  # labels drawn as annotations (arrows have no text)
        if note.get("text"):
            px = margin["l"] + (note["x"] - x0) / (x1 - x0) * plot_w
            py = margin["t"] + (note["y"] - y0) / (y1 - y0) * plot_h
            lines = [re.sub(r"<[^>]+>", "", line) for line in note["text"].split("<br>")]
            w, h = max(len(line) for line in lines) * CHAR_PX, len(lines) * LINE_PX
            assert note["xanchor"] == "left" and note["yanchor"] == "middle"
            boxes.append((note["text"], (px, py - h / 2, px + w, py + h / 2)))
    for trace in figure["data"]:
        for x, y, text in zip(trace["x"], trace["y"], trace.get("text") or []):
            if not text:
                continue
            px = margin["l"] + (x - x0) / (x1 - x0) * plot_w
            py = margin["t"] + (y - y0) / (y1 - y0) * plot_h
            lines = [re.sub(r"<[^>]+>", "", line) for line in text.split("<br>")]
            w, h = max(len(line) for line in lines) * CHAR_PX, len(lines) * LINE_PX
            position = trace.get("textposition", "middle center")
            if position == "top center":
                boxes.append((text, (px - w / 2, py - DOT / 2 - h, px + w / 2, py - DOT / 2)))
            elif position == "bottom center":
                boxes.append((text, (px - w / 2, py + DOT / 2, px + w / 2, py + DOT / 2 + h)))
            else:  # middle right
                boxes.append((text, (px + DOT / 2, py - h / 2, px + DOT / 2 + w, py + h / 2)))
    return boxes


def overlapping(boxes) -> list[tuple[str, str]]:
    clash = []
    for i, (a, (l1, t1, r1, b1)) in enumerate(boxes):
        for b, (l2, t2, r2, b2) in boxes[i + 1:]:
            if l1 < r2 and l2 < r1 and t1 < b2 and t2 < b1:
                clash.append((a, b))
    return clash


@pytest.mark.parametrize("x", [(2.0,), (1.0, -0.5, 2.0)], ids=["scalar x", "vector x"])
@pytest.mark.parametrize("expression", LONGEST)
def test_no_two_labels_overlap_and_none_leaves_the_figure(expression, x):
    parse_expression(expression)  # allowed on the page
    settings = AutogradSettings(expression=expression, x=x)
    run = run_autograd(replace(settings, v=(1.0,) * 3 if len(x) == 3 else None))
    nodes = autograd_graph(run.output, run.leaves, run.steps)
    figure = graph_figure(nodes, run.grads, "grad").to_dict()
    boxes = label_boxes(figure)
    assert len(boxes) >= len(nodes)
    assert overlapping(boxes) == []
    height = figure["layout"]["height"]
    outside = [text for text, (left, top, right, bottom) in boxes
               if left < 0 or right > GRAPH_WIDTH or top < 0 or bottom > height]
    assert outside == []


def test_the_chain_is_as_long_as_the_page_allows():
    assert len(CHAIN) <= MAX_CHARS
    with pytest.raises(Exception):
        parse_expression(CHAIN + ".exp()")  # one more function is refused: too deep
    assert MAX_DEPTH == 12


def test_a_long_chain_is_drawn_down_and_a_short_one_across():
    for expression, direction in ((CHAIN, "down"), ("torch.sigmoid(w * x + b)", "across")):
        run = run_autograd(AutogradSettings(expression=expression))
        figure = graph_figure(autograd_graph(run.output, run.leaves, run.steps), run.grads)
        positions = list(zip(figure.data[0].x, figure.data[0].y))
        spread_x = max(p[0] for p in positions) - min(p[0] for p in positions)
        spread_y = max(p[1] for p in positions) - min(p[1] for p in positions)
        assert (spread_y > spread_x) == (direction == "down"), expression
