"""The autograd graph as an ECharts option: nodes where `graph_layout` puts them, arrows in the forward direction.

ECharts is built into Streamlit and draws this in a fraction of the time Plotly's code takes to load on a
fresh tab (core/plots/echarts_base.py). The option is plain JSON, built here and tested without a browser:
a `graph` series on two hidden value axes pinned to the layout's pixels (x stretches with the column like
the old figure did; dots and labels keep their pixel size), and in "across" a second, invisible series
that carries the lines under each dot (a graph node has one label: its class goes above the dot).
"""

from __future__ import annotations

from html import escape

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

PAD = 10  # px above and below the layout: the figure's margin
ARROW = "#8a94a6"
INK = "#1f2d3d"
FONT = {"fontFamily": "monospace", "fontSize": 12, "color": INK, "lineHeight": LINE_PX}
LABEL_GAP = 2  # px between a dot's edge and its label
ON_WHITE = {"backgroundColor": "rgba(255,255,255,0.85)", "padding": [0, 2]}  # an arrow behind never crosses the text


def node_colour(node: GraphNode) -> str:
    return LEAF if node.leaf else NAMED if node.named else OUTPUT if node.key == 0 else OP


def hover_text(node: GraphNode) -> str:
    """The tooltip: the grad_fn's class, the expression (or leaf) it stands for, its forward value. HTML."""
    lines = [node.name, node.text or node.leaf or "", f"= {short(node.value)}"]
    return "<br/>".join(escape(line) for line in lines if line)


def _plain(text: str) -> str:
    """Label text for ECharts' rich-text markup: braces and bars would start a style, so they go."""
    return text.replace("{", "(").replace("}", ")").replace("|", "/")


def _title(node: GraphNode, first: str) -> str:
    """The first label line with the leaf's (or named piece's) name, or else the class, in bold."""
    name = node.leaf or node.named
    if name:
        return f"{{bold|{_plain(name)}}} · {_plain(node.name)}"
    return f"{{bold|{_plain(first)}}}"


def graph_option(nodes: list[GraphNode], grads: dict[str, torch.Tensor | None], grad_word: str = "grad",
                 width: int = GRAPH_WIDTH) -> dict:
    """Nodes and arrows; each node labelled with its class and forward value, each leaf with its .grad.
    Its height in pixels: `option_height(option)`."""
    lines = {n.key: node_lines(n, grads, grad_word) for n in nodes}
    layout = graph_layout(nodes, lines, width)
    across = layout.direction == "across"
    rich = {"bold": {**FONT, "fontWeight": "bold"}}
    data = []
    for node in nodes:
        x, y = layout.positions[node.key]
        first, *rest = lines[node.key]
        if across:  # the class above the dot; the rest goes below it, in the second series
            label = {"position": "top", "distance": LABEL_GAP, "formatter": _title(node, first)}
        else:  # everything beside the dot
            label = {"position": "right", "distance": LABEL_GAP + 2, "align": "left",
                     "formatter": "\n".join([_title(node, first), *map(_plain, rest)])}
        data.append({"id": str(node.key), "name": first, "value": [round(x, 1), round(y, 1)],
                     "itemStyle": {"color": node_colour(node)}, "label": label,
                     "tooltip": {"formatter": hover_text(node)}})
    arrows = [(child, node.key) for node in nodes for child in node.inputs]  # input (child) → the node it feeds
    names = {n.key: lines[n.key][0] for n in nodes}
    said = [f"{names[a]} → {names[b]}" for a, b in arrows]
    links = [{"source": str(a), "target": str(b), "tooltip": {"formatter": escape(text)}}
             for (a, b), text in zip(arrows, said)]
    series = [{"type": "graph", "layout": "none", "coordinateSystem": "cartesian2d", "data": data, "links": links,
               "symbol": "circle", "symbolSize": DOT, "edgeSymbol": ["none", "arrow"], "edgeSymbolSize": [0, 9],
               "itemStyle": {"borderColor": "#ffffff", "borderWidth": 2},
               "lineStyle": {"color": ARROW, "width": 1.5, "opacity": 1, "curveness": 0},
               "label": {"show": True, **FONT, **ON_WHITE, "rich": rich},
               "emphasis": {"scale": 1.15, "label": {"show": True}}, "z": 3}]
    if across:
        below = [{"value": [round(layout.positions[n.key][0], 1), round(layout.positions[n.key][1], 1)],
                  "label": {"formatter": "\n".join(map(_plain, lines[n.key][1:]))}} for n in nodes]
        series.append({"type": "scatter", "data": below, "symbolSize": DOT, "itemStyle": {"color": "rgba(0,0,0,0)"},
                       "label": {"show": True, "position": "bottom", "distance": LABEL_GAP, **FONT, **ON_WHITE},
                       "silent": True, "tooltip": {"show": False}, "z": 4})  # above the arrows, under the pointer
    hidden = {"type": "value", "show": False, "min": 0, "splitLine": {"show": False}}
    return {"animation": False, "tooltip": {"trigger": "item", "confine": True},
            "aria": {"enabled": True, "label": {"description": "; ".join(said) or names.get(0, "")}},
            "grid": {"left": 0, "right": 0, "top": PAD, "bottom": PAD, "containLabel": False},
            "xAxis": {**hidden, "max": layout.width}, "yAxis": {**hidden, "max": layout.height, "inverse": True},
            "series": series}


def option_height(option: dict) -> int:
    """The chart's height in pixels: the layout's, and the margin above and below it."""
    return int(option["yAxis"]["max"]) + 2 * PAD
