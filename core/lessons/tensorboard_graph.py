"""add_graph of a registry model, read back from the event file and folded by module, as TensorBoard's
Graphs tab first shows it: one box per module down to a chosen depth, edges labelled with shapes.

add_graph traces the model once (torch.jit.trace) on the input it is given; every operation it
recorded is a node named by its module path, e.g. `ConvNet/Conv2d[conv1]/input.1` (aten::_convolution).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import torch

from core.lessons.tensorboard_events import EventFile, event_files, read_events
from core.models import create_model, get_model_info

GRAPH_INPUT = "input"  # the boxes add_graph's IO nodes get
GRAPH_OUTPUT = "output"


@dataclass(frozen=True)
class Op:
    name: str  # e.g. ConvNet/Conv2d[conv1]/input.1
    op: str  # e.g. aten::_convolution
    inputs: tuple[str, ...]  # the ops (or the input) it reads, through prim:: plumbing
    shape: tuple[int, ...] | None  # of its output, when the trace recorded one


@dataclass(frozen=True)
class GraphDemo:
    ops: list[Op]  # aten:: operations and the IO nodes, in trace order
    nodes: int  # every node in the stored graph, prim:: constants and attribute reads included
    files: list[EventFile]

    @property
    def depth(self) -> int:
        """How deep the model's modules nest (1: layers straight in the model)."""
        return max((len(_modules(op.name)) for op in self.ops), default=1) or 1


@dataclass
class Box:
    key: str  # the module path below the model, e.g. "ResNet[net]/Sequential[layer1]"; an op's own name
    label: str  # what the box says: the module's last part, or the operation
    ops: int = 0  # operations folded into it
    shape: tuple[int, ...] | None = None  # its last operation's output shape


@dataclass
class FoldedGraph:
    boxes: list[Box] = field(default_factory=list)  # in trace order
    edges: list[tuple[str, str, tuple[int, ...] | None]] = field(default_factory=list)  # (from, to, shape)


def write_graph(folder: Path | str, model_name: str) -> GraphDemo:
    """add_graph(model, torch.zeros(1, C, H, W)) of a fresh `model_name`, read back."""
    from torch.utils.tensorboard import SummaryWriter

    model = create_model(model_name).eval()  # eval(): nothing in the model moves while it is traced
    writer = SummaryWriter(str(folder))
    writer.add_graph(model, torch.zeros(1, *get_model_info(model_name).input_shape))  # (1, C, H, W)
    writer.close()
    graph = read_events(folder).Graph()
    return GraphDemo(graph_ops(graph), len(graph.node), event_files(folder))


def graph_ops(graph) -> list[Op]:
    """The GraphDef's operations with their data inputs; prim:: nodes (constants, lists, attribute
    reads of weights) are looked through, as TensorBoard folds them away."""
    nodes = {node.name: node for node in graph.node}

    def sources(name: str, seen: frozenset = frozenset()) -> list[str]:
        node = nodes.get(name)
        if node is None or name in seen:
            return []
        if _is_op(node):
            return [name]
        return [s for inp in node.input for s in sources(inp, seen | {name})]

    return [Op(node.name, node.op, tuple(dict.fromkeys(s for inp in node.input for s in sources(inp))),
               _shape(node)) for node in graph.node if _is_op(node)]


def fold(ops: list[Op], depth: int) -> FoldedGraph:
    """One box per module `depth` levels below the model (an op outside any module keeps a box of
    its own: a functional call such as log_softmax), edges where data crosses from box to box.
    Boxes come in trace order, the output last (the trace records it second)."""
    folded, box_of, boxes, shapes = FoldedGraph(), {}, {}, {op.name: op.shape for op in ops}
    parents = {tuple(_modules(op.name)[:i]) for op in ops for i in range(1, len(_modules(op.name)))}
    for op in sorted(ops, key=lambda op: op.name.startswith("output/")):  # stable: trace order otherwise
        key, label = _box(op, depth, parents)
        box_of[op.name] = key
        if key not in boxes:
            boxes[key] = Box(key, label)
            folded.boxes.append(boxes[key])
        boxes[key].ops += op.op != "IO Node"
        boxes[key].shape = op.shape or boxes[key].shape
    for op in ops:
        for source in op.inputs:
            edge = (box_of.get(source), box_of[op.name], shapes.get(source))
            if edge[0] is not None and edge[0] != edge[1] and edge not in folded.edges:
                folded.edges.append(edge)
    return folded


def graph_dot(folded: FoldedGraph) -> str:
    """Graphviz DOT text of the folded graph, top to bottom, for st.graphviz_chart."""
    lines = ['digraph {', '  rankdir=TB; bgcolor="transparent"; ranksep=0.22; nodesep=0.25;',
             '  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", color="#1f77b4", '
             'fontname="Helvetica", fontsize=10, height=0.3, margin="0.12,0.04"];',
             '  edge [color="#777777", fontname="Helvetica", fontsize=8, arrowsize=0.6];']
    ids = {box.key: f"n{i}" for i, box in enumerate(folded.boxes)}
    for box in folded.boxes:
        io = box.key in (GRAPH_INPUT, GRAPH_OUTPUT)
        label = box.label + ("" if io or box.ops < 2 else f"\\n{box.ops} ops")
        style = ', fillcolor="#fde7e1", color="#ee4c2c"' if io else ""
        lines.append(f'  {ids[box.key]} [label="{_escape(label)}", tooltip="{_escape(box.key)}"{style}];')
    for source, target, shape in folded.edges:
        label = "×".join(map(str, shape)) if shape else ""
        lines.append(f'  {ids[source]} -> {ids[target]} [label=" {label}"];')
    return "\n".join(lines + ["}"])


def _is_op(node) -> bool:
    return node.op.startswith("aten::") or node.op == "IO Node"


def _shape(node) -> tuple[int, ...] | None:
    shapes = node.attr["_output_shapes"].list.shape if "_output_shapes" in node.attr else []
    return tuple(d.size for d in shapes[0].dim) if shapes and shapes[0].dim else None


def _modules(name: str) -> list[str]:
    """'ConvNet/Sequential[conv1]/Conv2d[0]/input.1' -> ['Sequential[conv1]', 'Conv2d[0]']: the module
    path below the model (its first part) without the value's own name (the last)."""
    return name.split("/")[1:-1]


def _box(op: Op, depth: int, parents: set[tuple[str, ...]]) -> tuple[str, str]:
    """(key, label) of the box `op` folds into; `parents`: the module paths that hold other modules."""
    if op.op == "IO Node":
        name = GRAPH_INPUT if op.name.startswith("input/") else GRAPH_OUTPUT
        return name, name
    modules = _modules(op.name)
    if not modules or (len(modules) < depth and tuple(modules) in parents):
        return op.name, op.op.removeprefix("aten::")  # a functional call in a forward: torch.flatten, x + y
    return "/".join(modules[:depth]), modules[:depth][-1]


def _escape(text: str) -> str:
    return text.replace('"', '\\"')
