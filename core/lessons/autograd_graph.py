"""The autograd graph behind a result: its grad_fn, their next_functions, down to AccumulateGrad leaves.

`autograd_graph` reads the graph torch built (nothing is re-derived); `graph_layout` places it: leaves
on the left and the output on the right while every level fits side by side, else one level per row,
leaves on top (a chain of ten functions). core/lessons/autograd_graph_svg.py draws it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from unicodedata import east_asian_width

import torch

LEAF = "#2ca02c"  # leaves (AccumulateGrad): where .grad is written
OP = "#1f77b4"  # operations (…Backward0)
OUTPUT = "#ee4c2c"  # the result backward() starts from, in PyTorch orange
NAMED = "#9467bd"  # a non-leaf the learner named to look at its .grad (retain_grad)


@dataclass
class GraphNode:
    key: int  # position in discovery order
    name: str  # the grad_fn's class, e.g. MulBackward0, or AccumulateGrad
    leaf: str | None = None  # "x", "w" or "b" for AccumulateGrad nodes
    value: torch.Tensor | None = None  # the forward value this node produced, where known
    text: str | None = None  # the piece of the expression that produced it, e.g. "w * x"
    depth: int = 0  # longest path from the output node
    inputs: list[int] = field(default_factory=list)  # keys of the nodes feeding this one
    named: str | None = None  # a non-leaf's name, e.g. "h", when the caller asked to see its .grad


def autograd_graph(output: torch.Tensor, leaves: dict[str, torch.Tensor], steps: list,
                   named: dict[str, torch.Tensor] | None = None) -> list[GraphNode]:
    """Every node reachable from output.grad_fn; [] when output has no grad_fn (nothing tracked).

    `named` non-leaf tensors (e.g. {"h": w * x}) mark the node that made them, so its .grad can be shown.
    """
    if output.grad_fn is None:
        return []
    names_of_fns = {tensor.grad_fn: name for name, tensor in (named or {}).items() if tensor.grad_fn is not None}
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
        node.named = names_of_fns.get(fn)
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


@dataclass(frozen=True)
class GraphLayout:
    """Where each node sits, in pixels from the top left of a figure `width` × `height`.

    "across": leaves on the left, out on the right, labels above and below each dot — compact while
    every level's column is as wide as its labels. "down": one level per row, leaves on top, out at the
    bottom, labels beside each dot — a chain of ten functions stays legible however long it grows.
    """

    direction: str
    positions: dict[int, tuple[float, float]]
    width: int
    height: int


GRAPH_WIDTH = 490  # px: the results column of a 1280-px window (495), where the page draws the graph
CHAR_PX = 7.25  # px per character of a 12-px monospace label (7.22 in chromium, bold as wide)
LINE_PX = 16  # px per label line
DOT = 24  # marker size in px
GAP = 16  # px kept free between two labels
ROW_ACROSS = 90  # px per row in "across": a label line above the dot and two below it
ROW_DOWN = 4 * LINE_PX + 8  # px per level in "down": up to three label lines beside the dot, and air


def node_lines(node: GraphNode, grads: dict, grad_word: str = "grad") -> list[str]:
    """A node's label as plain lines: class (leaf or given name first), forward value, and the .grad:
    a leaf's when it has one; a named non-leaf's always, None included (that is the point of naming it)."""
    name = node.leaf or node.named
    lines = [f"{name} · {node.name}" if name else node.name]
    if node.value is not None:
        lines.append(f"= {short(node.value)}")
    if node.leaf and grads.get(node.leaf) is not None:
        lines.append(f"{grad_word} {short(grads[node.leaf])}")
    elif node.named and node.named in grads:
        grad = grads[node.named]
        lines.append(f"{grad_word} {short(grad) if grad is not None else 'None'}")
    return lines


def _text_px(lines: list[str]) -> float:
    """The widest line's width; a Chinese character (梯度) takes two monospace cells."""
    return max(sum(2 if east_asian_width(c) in "WF" else 1 for c in line) for line in lines) * CHAR_PX


def _levels(nodes: list[GraphNode]) -> list[list[GraphNode]]:
    """Leaves first, then each operation one level further the closer it is to the output."""
    deepest = max((n.depth for n in nodes if n.leaf is None), default=0)
    levels: list[list[GraphNode]] = [[] for _ in range(deepest + 2)]
    for node in nodes:
        levels[0 if node.leaf is not None else deepest - node.depth + 1].append(node)
    levels[0].sort(key=lambda n: "xwb?".index(n.leaf[0]) if n.leaf[0] in "xwb" else 3)
    return [level for level in levels if level]


def graph_layout(nodes: list[GraphNode], lines: dict[int, list[str]], width: int = GRAPH_WIDTH) -> GraphLayout:
    """"across" when every level's labels fit side by side in `width`, else "down"."""
    levels = _levels(nodes)
    columns = [max(max(_text_px(lines[n.key]), DOT) for n in level) + GAP for level in levels]
    if sum(columns) <= width:
        spare = (width - sum(columns)) / len(columns)  # spread the levels over the whole width
        rows = max(len(level) for level in levels)
        positions, left = {}, 0.0
        for level, column in zip(levels, columns):
            for row, node in enumerate(level):  # centred vertically; a label line above, two below
                positions[node.key] = (left + (column + spare) / 2, ROW_ACROSS * (row + 0.5 + (rows - len(level)) / 2))
            left += column + spare
        return GraphLayout("across", positions, width, ROW_ACROSS * rows)
    positions, row = {}, 0
    for depth, level in enumerate(levels):
        def under_inputs(node: GraphNode) -> float:  # the dot's wish: straight below the nodes feeding it
            xs = [positions[k][0] for k in node.inputs if k in positions]
            return sum(xs) / len(xs) if xs else 0.0
        left = 0.0
        for node in sorted(level, key=under_inputs) if depth else level:
            box = DOT + 4 + _text_px(lines[node.key]) + GAP  # the dot, its label beside it, and air
            start = max(left, min(under_inputs(node) - DOT / 2 - GAP / 2, width - box))
            if left > 0 and start + box > width:  # a level wider than the column goes on in a row below
                row, left = row + 1, 0.0
                start = max(0.0, min(under_inputs(node) - DOT / 2 - GAP / 2, width - box))
            positions[node.key] = (start + GAP / 2 + DOT / 2, ROW_DOWN * (row + 0.5))
            left = start + box
        row += 1
    return GraphLayout("down", positions, width, ROW_DOWN * row)
