"""Shape operations on a small tensor, with every element tracked to where it lands.

The trick that lets the page colour "the same element the same": beside x we carry
`ids = arange(numel)` in x's shape and apply the very same op to it, so ids[i] in the
result says which element of the input sits there. Errors torch raises are translated
into a plain sentence, with torch's own words kept beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import torch

from core.torch_refusal import TorchRefusal


@dataclass(frozen=True)
class OpSpec:
    params: tuple[str, ...]  # names of the op's parameters, in call order; the page draws one widget each
    two_operands: bool = False  # cat and stack join x with y = x * 10


OPS = {
    "view": OpSpec(("shape",)),
    "reshape": OpSpec(("shape",)),
    "squeeze": OpSpec(("dim",)),
    "unsqueeze": OpSpec(("dim",)),
    "permute": OpSpec(("dims",)),
    "flatten": OpSpec(("start_dim", "end_dim")),
    "transpose": OpSpec(("dim0", "dim1")),
    "cat": OpSpec(("dim",), two_operands=True),
    "stack": OpSpec(("dim",), two_operands=True),
}


class OpError(TorchRefusal):
    """A shape op torch refused (view of a non-contiguous tensor, a bad dim …)."""


@dataclass
class Operand:
    name: str  # "x", "y", "a", "b": the variable in the shown code
    tensor: torch.Tensor
    ids: torch.Tensor | None  # which input element each cell holds; None: a new value (e.g. a + b)


@dataclass
class OpResult:
    operands: list[Operand]
    output: Operand
    code: str  # the line that made the output, e.g. "out = x.view(3, 2)"
    stretched: list[Operand] = field(default_factory=list)  # broadcasting: each operand expanded


def default_params(name: str, shape: tuple[int, ...]) -> dict:
    """Parameters that work on a tensor of `shape`, so a newly chosen op draws at once."""
    flipped = tuple(reversed(shape)) or (1,)  # a 0-D tensor: view it as one element in a row
    return {"view": {"shape": flipped}, "reshape": {"shape": flipped},
            "squeeze": {"dim": None}, "unsqueeze": {"dim": 0},
            "permute": {"dims": tuple(reversed(range(len(shape))))},
            "flatten": {"start_dim": 0, "end_dim": -1}, "transpose": {"dim0": 0, "dim1": -1},
            "cat": {"dim": 0}, "stack": {"dim": 0}}[name]


def element_ids(x: torch.Tensor) -> torch.Tensor:
    """Each cell's position in x's memory, laid out with x's own strides (so view fails on it as on x)."""
    return torch.arange(x.numel()).reshape(x.shape).as_strided(x.shape, x.stride())


def memory_order(x: torch.Tensor) -> Operand:
    """x's numbers as they lie in memory, one after another, each with its element id."""
    ids = element_ids(x).reshape(-1)
    order = ids.argsort()  # the cell holding memory position 0, then 1, …
    return Operand("x.storage", x.reshape(-1)[order], ids[order])


def other_operand(x: torch.Tensor) -> torch.Tensor:
    """cat/stack's second tensor: y = x * 10 (for bool, ~x), so its values are told apart at a glance."""
    return ~x if x.dtype == torch.bool else x * 10


def op_code(name: str, params: dict) -> str:
    """The Python line for op `name`, e.g. 'out = x.permute(1, 0)'."""
    if name in ("cat", "stack"):
        return f"out = torch.{name}([x, y], dim={params['dim']})"
    if name == "squeeze" and params["dim"] is None:
        return "out = x.squeeze()"
    args = ", ".join(str(v) for p in OPS[name].params for v in _as_tuple(params[p]))
    return f"out = x.{name}({args})"


def _as_tuple(value) -> tuple:
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


def apply_op(name: str, x: torch.Tensor, params: dict) -> OpResult:
    """Run op `name` on x (and on its ids alongside); OpError with a plain reason if torch refuses."""
    ids = element_ids(x)
    operands = [Operand("x", x, ids)]
    if OPS[name].two_operands:
        operands.append(Operand("y", other_operand(x), ids + x.numel()))  # y's elements are new ones
    out = _run(name, [o.tensor for o in operands], params)
    out_ids = _run(name, [o.ids for o in operands], params)
    return OpResult(operands, Operand("out", out, out_ids), op_code(name, params))


def _run(name: str, tensors: list[torch.Tensor], params: dict) -> torch.Tensor:
    x = tensors[0]
    try:
        if name in ("cat", "stack"):
            return getattr(torch, name)(tensors, dim=params["dim"])
        if name == "squeeze" and params["dim"] is None:
            return x.squeeze()
        return getattr(x, name)(*[v for p in OPS[name].params for v in _as_tuple(params[p])])
    except (RuntimeError, IndexError) as error:
        raise explain_torch_error(error, x) from None


def broadcast(shape_a: tuple[int, ...], shape_b: tuple[int, ...]) -> OpResult:
    """a + b for a = arange in shape_a and b = 10 × arange in shape_b, with both stretched to the result."""
    a = torch.arange(_numel(shape_a)).reshape(shape_a)
    b = torch.arange(_numel(shape_b)).reshape(shape_b) * 10
    try:
        out = a + b
    except RuntimeError as error:
        raise explain_torch_error(error, a) from None
    a_ids, b_ids = torch.arange(a.numel()).reshape(shape_a), torch.arange(b.numel()).reshape(shape_b) + a.numel()
    operands = [Operand("a", a, a_ids), Operand("b", b, b_ids)]
    stretched = [Operand(f"{o.name}.expand{tuple(out.shape)}", o.tensor.expand(out.shape), o.ids.expand(out.shape))
                 for o in operands]  # expand: a view, no copy; stride 0 along each stretched dimension
    return OpResult(operands, Operand("out", out, None), "out = a + b", stretched)


def _numel(shape: tuple[int, ...]) -> int:
    return int(torch.Size(shape).numel())


_REASONS = (  # a piece of torch's message -> our catalog key (tensors_page.reasons.*)
    ("view size is not compatible", "not_contiguous"),
    ("is invalid for input of size", "bad_size"),
    ("only one dimension can be inferred", "two_minus_ones"),
    ("Dimension out of range", "bad_dim"),
    ("does not match the length of the desired ordering", "permute_count"),
    ("duplicate dims", "permute_repeat"),
    ("Sizes of tensors must match", "cat_sizes"),
    ("stack expects each tensor to be equal size", "stack_sizes"),
    ("must match the size of tensor b", "broadcast"),
    ("start_dim cannot come after end_dim", "flatten_order"),
)


def explain_torch_error(error: Exception, x: torch.Tensor) -> OpError:
    """torch's message -> an OpError whose text a learner can act on (torch's words kept as well)."""
    message = str(error).splitlines()[0]
    key = next((k for piece, k in _REASONS if piece in message), "other")
    numbers = [int(n) for n in re.findall(r"-?\d+", message)]
    return OpError(f"tensors_page.reasons.{key}", message, shape=tuple(x.shape), numel=x.numel(), ndim=x.dim(),
                   low=-max(x.dim(), 1), high=max(x.dim(), 1) - 1, numbers=numbers)
