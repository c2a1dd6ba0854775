"""The autograd graph as an SVG picture: nodes where `graph_layout` puts them, arrows in the forward direction.

No chart library is needed to draw it: `graph_layout` already places every dot and label in pixels. As an
ECharts chart it cost a fresh tab of the Autograd page about half a second, mostly loading ECharts' 1.1 MB
of JavaScript (docs/performance.md). Each dot carries a tooltip (its grad_fn's class, the piece of the
expression, its forward value) as an SVG <title>; the picture's aria-label lists every arrow
("x · AccumulateGrad → MulBackward0; …") for screen readers; labels have a white halo so an arrow passing
behind them never crosses the text. The page shows it as markdown's raw HTML (st.html's sanitiser keeps no
SVG), so every piece of text is escaped here, the expression a person typed included.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import torch

from core.lessons.autograd_graph import (
    DOT,
    GRAPH_WIDTH,
    LEAF,
    LINE_PX,
    NAMED,
    OP,
    OUTPUT,
    GraphNode,
    graph_layout,
    node_lines,
    short,
)

PAD = 10  # px above and below the layout
ARROW = "#8a94a6"
INK = "#1f2d3d"
FONT_PX = 12  # monospace, as graph_layout measures it (CHAR_PX)
ASCENT = 12  # px from a line's top to its baseline in a LINE_PX line of 12-px text
LABEL_GAP = 2  # px between a dot's edge and its label
HEAD = (9.0, 4.0)  # an arrowhead's length and half-width, px


@dataclass(frozen=True)
class GraphPicture:
    """The SVG markup and what it says: its size in px and its arrows, "input → node", in words."""

    svg: str
    width: int
    height: int
    arrows: list[str]


def node_colour(node: GraphNode) -> str:
    return LEAF if node.leaf else NAMED if node.named else OUTPUT if node.key == 0 else OP


def hover_text(node: GraphNode) -> str:
    """The tooltip, as plain lines: the grad_fn's class, the expression (or leaf) it stands for, its value."""
    lines = [node.name, node.text or node.leaf or "", f"= {short(node.value)}"]
    return "\n".join(line for line in lines if line)


def graph_picture(nodes: list[GraphNode], grads: dict[str, torch.Tensor | None], grad_word: str = "grad",
                  width: int = GRAPH_WIDTH) -> GraphPicture:
    """Nodes and arrows; each node labelled with its class and forward value, each leaf with its .grad."""
    lines = {n.key: node_lines(n, grads, grad_word) for n in nodes}
    layout = graph_layout(nodes, lines, width)
    at = {key: (x, y + PAD) for key, (x, y) in layout.positions.items()}
    names = {n.key: lines[n.key][0] for n in nodes}
    edges = [(child, node.key) for node in nodes for child in node.inputs]  # input (child) → the node it feeds
    said = [f"{names[a]} → {names[b]}" for a, b in edges]
    height = layout.height + 2 * PAD
    described = quoteattr("; ".join(said) or names.get(0, ""))  # a lone node is named
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{layout.width}" height="{height}" '
             f'viewBox="0 0 {layout.width} {height}" role="img" aria-label={described} '
             f'style="display:block;max-width:100%;height:auto" font-family="monospace" font-size="{FONT_PX}">']
    parts += [_arrow(at[a], at[b], text) for (a, b), text in zip(edges, said)]
    across = layout.direction == "across"
    parts += [_node(node, at[node.key], lines[node.key], across) for node in nodes]
    # The open tag alone on the first line and no blank line after it: markdown passes it on as one HTML block
    return GraphPicture(parts[0] + "\n" + "".join(parts[1:]) + "\n</svg>", layout.width, height, said)


def _arrow(start: tuple[float, float], end: tuple[float, float], text: str) -> str:
    """A line from one dot's edge to the next dot's edge, its head touching the white ring."""
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    radius = DOT / 2 + 1
    ax, ay = x1 + ux * radius, y1 + uy * radius
    tx, ty = x2 - ux * radius, y2 - uy * radius  # the tip
    bx, by = tx - ux * HEAD[0], ty - uy * HEAD[0]  # the head's base, where the line stops
    head = [(tx, ty), (bx - uy * HEAD[1], by + ux * HEAD[1]), (bx + uy * HEAD[1], by - ux * HEAD[1])]
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in head)
    return (f"<g><title>{escape(text)}</title><line x1=\"{ax:.1f}\" y1=\"{ay:.1f}\" x2=\"{bx:.1f}\" y2=\"{by:.1f}\" "
            f"stroke=\"{ARROW}\" stroke-width=\"1.5\"/><polygon points=\"{points}\" fill=\"{ARROW}\"/></g>")


def _node(node: GraphNode, centre: tuple[float, float], lines: list[str], across: bool) -> str:
    """The dot with its tooltip, and its label: in "across" the class above and the rest below, else beside."""
    x, y = centre
    parts = [f"<g><title>{escape(hover_text(node))}</title>"
             f"<circle cx=\"{x:.1f}\" cy=\"{y:.1f}\" r=\"{DOT / 2}\" fill=\"{node_colour(node)}\" "
             f"stroke=\"#ffffff\" stroke-width=\"2\"/></g>"]
    first, *rest = lines
    edge = DOT / 2 + LABEL_GAP
    if across:
        parts.append(_text([_title(node, first)], x, y - edge - LINE_PX, "middle"))
        parts.append(_text([escape(line) for line in rest], x, y + edge, "middle"))
    else:
        block = [_title(node, first), *(escape(line) for line in rest)]
        parts.append(_text(block, x + edge + 2, y - len(block) * LINE_PX / 2, "start"))
    return "".join(parts)


def _title(node: GraphNode, first: str) -> str:
    """The first label line: the leaf's (or named piece's) name in bold, then the class; or the class in bold."""
    name = node.leaf or node.named
    if name:
        return f"<tspan font-weight=\"bold\">{escape(name)}</tspan> · {escape(node.name)}"
    return f"<tspan font-weight=\"bold\">{escape(first)}</tspan>"


def _text(marked_lines: list[str], x: float, top: float, anchor: str) -> str:
    """Lines of (already escaped) text from `top` down, LINE_PX apart, with a white halo."""
    return "".join(f"<text x=\"{x:.1f}\" y=\"{top + i * LINE_PX + ASCENT:.1f}\" text-anchor=\"{anchor}\" "
                   f"fill=\"{INK}\" stroke=\"#ffffff\" stroke-opacity=\"0.85\" stroke-width=\"3\" "
                   f"stroke-linejoin=\"round\" style=\"paint-order:stroke\">{line}</text>"
                   for i, line in enumerate(marked_lines))
