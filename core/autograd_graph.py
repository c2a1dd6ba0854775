"""The autograd graph behind a result: its grad_fn, their next_functions, down to AccumulateGrad leaves.

`autograd_graph` reads the graph torch built (nothing is re-derived), `graph_figure` draws it
with the leaves on the left and the output on the right, arrows in the forward direction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go
import torch

LEAF = "#2ca02c"  # leaves (AccumulateGrad): where .grad is written
OP = "#1f77b4"  # operations (…Backward0)
OUTPUT = "#ee4c2c"  # the result backward() starts from, in PyTorch orange


@dataclass
class GraphNode:
    key: int  # position in discovery order
    name: str  # the grad_fn's class, e.g. MulBackward0, or AccumulateGrad
    leaf: str | None = None  # "x", "w" or "b" for AccumulateGrad nodes
    value: torch.Tensor | None = None  # the forward value this node produced, where known
    text: str | None = None  # the piece of the expression that produced it, e.g. "w * x"
    depth: int = 0  # longest path from the output node
    inputs: list[int] = field(default_factory=list)  # keys of the nodes feeding this one


def autograd_graph(output: torch.Tensor, leaves: dict[str, torch.Tensor], steps: list) -> list[GraphNode]:
    """Every node reachable from output.grad_fn; [] when output has no grad_fn (nothing tracked)."""
    if output.grad_fn is None:
        return []
    produced = {tensor.grad_fn: (text, tensor) for text, tensor in steps if tensor.grad_fn is not None}
    names = {id(tensor): name for name, tensor in leaves.items()}
    nodes: dict = {}
    order = [output.grad_fn]
    while order:  # breadth first from the output; a node reached twice is one node
        fn = order.pop(0)
        if fn in nodes:
            continue
        node = GraphNode(len(nodes), type(fn).__name__)
        if hasattr(fn, "variable"):  # AccumulateGrad holds the leaf tensor it writes .grad into
            node.leaf, node.value = names.get(id(fn.variable), "?"), fn.variable.detach()
        elif fn in produced:
            node.text, value = produced[fn]
            node.value = value.detach()
        nodes[fn] = node
        order += [child for child, _ in fn.next_functions if child is not None]
    for fn, node in nodes.items():
        node.inputs = [nodes[child].key for child, _ in fn.next_functions if child is not None]
    by_key = sorted(nodes.values(), key=lambda n: n.key)
    changed = True
    while changed:  # longest path from the output: relax until stable (a DAG of a few dozen nodes)
        changed = False
        for node in by_key:
            for child in node.inputs:
                if by_key[child].depth < node.depth + 1:
                    by_key[child].depth, changed = node.depth + 1, True
    return by_key


def short(value: torch.Tensor | None) -> str:
    """A value for a label: 4 significant digits, a vector as [a, b, c]."""
    if value is None:
        return ""
    if value.dim() == 0:
        return f"{value.item():.4g}"
    return "[" + ", ".join(f"{v:.4g}" for v in value.flatten().tolist()) + "]"


def _positions(nodes: list[GraphNode]) -> dict[int, tuple[float, float]]:
    """Leaves in the first column, each operation further right the closer it is to the output."""
    deepest = max((n.depth for n in nodes if n.leaf is None), default=0)
    columns: dict[int, list[GraphNode]] = {}
    for node in nodes:
        column = 0 if node.leaf is not None else deepest - node.depth + 1
        columns.setdefault(column, []).append(node)
    positions = {}
    for column, members in columns.items():
        if column == 0:
            members.sort(key=lambda n: "xwb?".index(n.leaf[0]) if n.leaf[0] in "xwb" else 3)
        for row, node in enumerate(members):
            positions[node.key] = (column, (len(members) - 1) / 2 - row)
    return positions


def graph_figure(nodes: list[GraphNode], grads: dict[str, torch.Tensor | None], grad_word: str = "grad") -> go.Figure:
    """Nodes and arrows; each node labelled with its class and forward value, each leaf with its .grad."""
    positions = _positions(nodes)
    fig = go.Figure()
    for node in nodes:
        for child in node.inputs:  # arrow from the input (child) to the node it feeds
            (x0, y0), (x1, y1) = positions[child], positions[node.key]
            fig.add_annotation(x=x1, y=y1, ax=x0, ay=y0, xref="x", yref="y", axref="x", ayref="y", text="",
                               showarrow=True, arrowhead=2, arrowsize=1.2, arrowwidth=1.5, arrowcolor="#8a94a6",
                               standoff=16, startstandoff=16)
    colours = [LEAF if n.leaf else OUTPUT if n.key == 0 else OP for n in nodes]
    xs = [positions[n.key][0] for n in nodes]
    ys = [positions[n.key][1] for n in nodes]
    tops = [f"<b>{n.leaf}</b> · {n.name}" if n.leaf else f"<b>{n.name}</b>" for n in nodes]
    bottoms = [_bottom(n, grads, grad_word) for n in nodes]
    hovers = [f"{n.name}<br>{n.text or n.leaf or ''}<br>= {short(n.value)}" for n in nodes]
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="markers+text", text=tops, textposition="top center",
                             marker=dict(size=24, color=colours, line=dict(color="white", width=2)),
                             hovertext=hovers, hoverinfo="text", textfont=dict(size=12, color="#1f2d3d")))
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="markers+text", text=bottoms, textposition="bottom center",
                             marker=dict(size=24, opacity=0), hoverinfo="skip",  # same size: text clears the dot
                             textfont=dict(size=12, family="monospace", color="#1f2d3d")))
    width_columns = max(xs, default=0) + 1
    rows = max(ys, default=0) - min(ys, default=0) + 1
    fig.update_layout(showlegend=False, height=int(90 * rows + 90),  # room for a label above and below each dot
                      margin=dict(l=10, r=10, t=10, b=10),
                      xaxis=dict(visible=False, range=[-0.6, width_columns - 0.4]),
                      yaxis=dict(visible=False, range=[min(ys, default=0) - 0.8, max(ys, default=0) + 0.6]),
                      plot_bgcolor="rgba(0,0,0,0)", paper_bgcolor="rgba(0,0,0,0)")
    return fig


def _bottom(node: GraphNode, grads: dict, grad_word: str) -> str:
    value = f"= {short(node.value)}" if node.value is not None else ""
    if node.leaf and grads.get(node.leaf) is not None:
        return f"{value}<br>{grad_word} {short(grads[node.leaf])}"
    return value
