"""The autograd graph stays legible for the longest and widest expressions the page allows.

Measured on the ECharts option itself, in pixels of the column the page draws it in: every label
(class name, forward value, .grad) gets a box, and no two boxes may overlap or leave the chart.
"""

import json
import re
from dataclasses import replace
from unicodedata import east_asian_width

import pytest

from core.lessons.autograd_graph import LEAF, OP, OUTPUT, autograd_graph
from core.lessons.autograd_graph_chart import graph_option, option_height
from core.lessons.autograd_lab import PRESETS, AutogradSettings, run_autograd
from core.lessons.expression import MAX_CHARS, MAX_DEPTH, ExpressionError, parse_expression

GRAPH_WIDTH = 490  # px: the page's results column in a 1280-px window (495), where the graph is drawn
CHAR_PX = 7.22  # a 12-px monospace character in chromium; a Chinese one takes two
DOT = 24

CHAIN = "x" + "".join(f".{f}()" for f in ("exp", "sin", "cos", "tanh", "sigmoid", "relu", "abs", "exp", "sin",
                                         "cos", "exp"))  # eleven functions: as deep as MAX_DEPTH allows
LONGEST = [
    CHAIN,
    "torch.sigmoid(torch.sin(torch.sigmoid(torch.abs(torch.sin(x))).sigmoid())) + 0.5",
    "(x * w + x * b) + (w * b + x * x) + b * 2",  # four products side by side
    "(torch.sigmoid((torch.exp(x) * (w * x)).abs()) * b).sin()",
    *(preset.expression for preset in PRESETS.values()),  # every preset the page offers, "w * x + b" first
]


def label_boxes(option: dict, width: int = GRAPH_WIDTH) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(text, (left, top, right, bottom)) in pixels for every label of the chart, drawn `width` px wide."""
    grid = option["grid"]
    plot_w = width - grid["left"] - grid["right"]
    boxes = []
    for series in option["series"]:
        style = series["label"]
        pad = style.get("padding", [0, 0])
        for item in series["data"]:
            label = {**style, **item.get("label", {})}
            text = re.sub(r"\{\w+\|([^}]*)\}", r"\1", label["formatter"])  # rich text: {bold|x} is x
            if not text:
                continue
            x, y = item["value"]
            px, py = grid["left"] + x / option["xAxis"]["max"] * plot_w, grid["top"] + y
            lines = text.split("\n")
            w = max(sum(2 if east_asian_width(c) in "WF" else 1 for c in line) for line in lines) * CHAR_PX
            w, h = w + 2 * pad[1], len(lines) * style["lineHeight"] + 2 * pad[0]
            size, gap = series["symbolSize"] / 2, label["distance"]
            if label["position"] == "top":
                boxes.append((text, (px - w / 2, py - size - gap - h, px + w / 2, py - size - gap)))
            elif label["position"] == "bottom":
                boxes.append((text, (px - w / 2, py + size + gap, px + w / 2, py + size + gap + h)))
            else:
                assert label["position"] == "right" and label["align"] == "left"
                boxes.append((text, (px + size + gap, py - h / 2, px + size + gap + w, py + h / 2)))
    return boxes


def overlapping(boxes) -> list[tuple[str, str]]:
    clash = []
    for i, (a, (l1, t1, r1, b1)) in enumerate(boxes):
        for b, (l2, t2, r2, b2) in boxes[i + 1:]:
            if l1 < r2 and l2 < r1 and t1 < b2 and t2 < b1:
                clash.append((a, b))
    return clash


def dots(option: dict) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(name, box) of every node's dot, in the same pixels as label_boxes."""
    grid, graph = option["grid"], option["series"][0]
    half = graph["symbolSize"] / 2
    return [(item["name"], (x - half, grid["top"] + y - half, x + half, grid["top"] + y + half))
            for item in graph["data"] for x, y in [item["value"]]]


@pytest.mark.parametrize("x", [(2.0,), (1.0, -0.5, 2.0)], ids=["scalar x", "vector x"])
@pytest.mark.parametrize("expression", LONGEST)
def test_no_two_labels_overlap_and_none_leaves_the_figure(expression, x):
    parse_expression(expression)  # allowed on the page
    settings = AutogradSettings(expression=expression, x=x)
    run = run_autograd(replace(settings, v=(1.0,) * 3 if len(x) == 3 else None))
    nodes = autograd_graph(run.output, run.leaves, run.steps)
    option = graph_option(nodes, run.grads, "梯度" if len(x) == 3 else "grad")  # the Chinese word is wider
    boxes = label_boxes(option)
    assert len(boxes) >= len(nodes)
    assert overlapping(boxes) == []
    assert overlapping(boxes + dots(option)) == [], "no label covers a dot"
    height = option_height(option)
    outside = [text for text, (left, top, right, bottom) in boxes
               if left < 0 or right > GRAPH_WIDTH or top < 0 or bottom > height]
    assert outside == []


def test_the_chain_is_as_long_as_the_page_allows():
    assert len(CHAIN) <= MAX_CHARS
    with pytest.raises(ExpressionError):
        parse_expression(CHAIN + ".exp()")  # one more function is refused: too deep
    assert MAX_DEPTH == 12


def test_a_long_chain_is_drawn_down_and_a_short_one_across():
    for expression, direction in ((CHAIN, "down"), ("torch.sigmoid(w * x + b)", "across")):
        run = run_autograd(AutogradSettings(expression=expression))
        option = graph_option(autograd_graph(run.output, run.leaves, run.steps), run.grads)
        positions = [item["value"] for item in option["series"][0]["data"]]
        spread_x = max(p[0] for p in positions) - min(p[0] for p in positions)
        spread_y = max(p[1] for p in positions) - min(p[1] for p in positions)
        assert (spread_y > spread_x) == (direction == "down"), expression


def test_the_option_is_plain_json_with_forward_arrows_colours_and_hover_words():
    run = run_autograd(AutogradSettings(expression="torch.sigmoid(w * x + b)"))
    option = graph_option(autograd_graph(run.output, run.leaves, run.steps), run.grads)
    json.dumps(option, allow_nan=False)  # what st.echarts_chart takes: no NaN, no functions
    graph = option["series"][0]
    assert graph["type"] == "graph" and graph["layout"] == "none" and graph["edgeSymbol"] == ["none", "arrow"]
    by_id = {item["id"]: item for item in graph["data"]}
    forward = [(by_id[link["source"]]["name"], by_id[link["target"]]["name"]) for link in graph["links"]]
    assert ("x · AccumulateGrad", "MulBackward0") in forward and ("AddBackward0", "SigmoidBackward0") in forward
    assert ("SigmoidBackward0", "AddBackward0") not in forward, "arrows follow the forward pass"
    colours = {item["name"]: item["itemStyle"]["color"] for item in graph["data"]}
    assert (colours["b · AccumulateGrad"], colours["AddBackward0"], colours["SigmoidBackward0"]) == (LEAF, OP, OUTPUT)
    hover = {item["name"]: item["tooltip"]["formatter"] for item in graph["data"]}
    assert hover["AddBackward0"] == "AddBackward0<br/>w * x + b<br/>= 7" and hover["w · AccumulateGrad"].endswith("= 3")
    below = " ".join(item["label"]["formatter"] for item in option["series"][1]["data"])
    assert "grad 0.0018" in below, "each leaf labelled with its .grad"
    assert option_height(option) == 90 * 3 + 20, "three leaves: three rows, and a 10-px margin above and below"


def test_typed_text_reaches_the_tooltip_escaped():
    run = run_autograd(AutogradSettings(expression="x * w"))
    nodes = autograd_graph(run.output, run.leaves, run.steps)
    nodes[0].text = "<b>x</b> * w"  # a piece of what was typed: shown as text, never as HTML
    hover = graph_option(nodes, run.grads)["series"][0]["data"][0]["tooltip"]["formatter"]
    assert "&lt;b&gt;x&lt;/b&gt; * w" in hover and "<b>" not in hover
