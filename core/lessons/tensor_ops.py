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

from core.common.torch_refusal import TorchRefusal
from core.common.torch_words import torch_words


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
    """The Python line for op `name`, e.g. 'out = x.permute(1, 0)' (an empty shape written as ())."""
    if name in ("cat", "stack"):
        return f"out = torch.{name}([x, y], dim={params['dim']})"
    if name == "squeeze" and params["dim"] is None:
        return "out = x.squeeze()"
    return f"out = x.{name}({', '.join(str(a) for a in _arguments(name, params))})"


def _arguments(name: str, params: dict) -> list:
    """The op's positional arguments: sizes and dims spread out, as a learner writes them; an empty
    shape stays one argument, (), since x.view() with nothing at all is a TypeError."""
    values = [params[p] for p in OPS[name].params]
    if len(values) == 1 and values[0] == ():
        return [()]
    return [v for value in values for v in _as_tuple(value)]


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
        return getattr(x, name)(*_arguments(name, params))
    except (RuntimeError, IndexError, TypeError) as error:  # TypeError: a size past int64 ("Overflow when …")
        raise explain_torch_error(error, x, name) from None


def dim_range(name: str, param: str, x: torch.Tensor) -> tuple[int, int] | None:
    """The values of the dim parameter `param` that torch accepts for op `name` on x, as (lowest, highest);
    None when it accepts none (torch.cat of 0-D tensors).

    Asked of torch itself: each candidate is tried with the op's other parameters at their defaults
    (unsqueeze and stack accept one more place than x has dimensions; a 0-D x accepts -1 and 0).
    """
    base = default_params(name, tuple(x.shape))
    accepted = []
    for dim in range(-x.dim() - 2, x.dim() + 2):
        try:
            _run(name, [x] * (2 if OPS[name].two_operands else 1), base | {param: dim})
        except OpError:
            continue
        accepted.append(dim)
    return (min(accepted), max(accepted)) if accepted else None


def broadcast(shape_a: tuple[int, ...], shape_b: tuple[int, ...]) -> OpResult:
    """a + b for a = arange in shape_a and b = 10 × arange in shape_b, with both stretched to the result."""
    a = torch.arange(_numel(shape_a)).reshape(shape_a)
    b = torch.arange(_numel(shape_b)).reshape(shape_b) * 10
    try:
        out = a + b
    except RuntimeError as error:
        raise explain_torch_error(error, a, "add") from None
    a_ids, b_ids = torch.arange(a.numel()).reshape(shape_a), torch.arange(b.numel()).reshape(shape_b) + a.numel()
    operands = [Operand("a", a, a_ids), Operand("b", b, b_ids)]
    stretched = [Operand(f"{o.name}.expand{tuple(out.shape)}", o.tensor.expand(out.shape), o.ids.expand(out.shape))
                 for o in operands]  # expand: a view, no copy; stride 0 along each stretched dimension
    return OpResult(operands, Operand("out", out, None), "out = a + b", stretched)


def broadcast_scalar(shape_a: tuple[int, ...], number: int) -> OpResult:
    """a + number: the number is a 0-D tensor broadcast to every cell of a (one element, read numel times)."""
    a = torch.arange(_numel(shape_a)).reshape(shape_a)
    out = a + number
    scalar = Operand(str(number), torch.tensor(number), torch.tensor(a.numel()))  # its own colour, after a's
    operands = [Operand("a", a, torch.arange(a.numel()).reshape(shape_a)), scalar]
    stretched = [Operand(f"torch.tensor({number}).expand{tuple(out.shape)}", scalar.tensor.expand(out.shape),
                         scalar.ids.expand(out.shape))]  # stride 0 along every dimension: one number, no copy
    written = str(number) if number >= 0 else f"({number})"  # a + (-3)
    return OpResult(operands, Operand("out", out, None), f"out = a + {written}", stretched)


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
    ("Overflow when unpacking long", "overflow"),
)
NEW_DIM_OPS = ("unsqueeze", "stack")  # they insert a dimension: one more place than x has dimensions
_RANGE = re.compile(r"range of \[(-?\d+), (-?\d+)\]")  # torch: "expected to be in range of [-4, 3], but got 4"


def explain_torch_error(error: Exception, x: torch.Tensor, op: str | None = None) -> OpError:
    """torch's message -> an OpError whose text a learner can act on (torch's words kept whole beside it).

    A dim out of range is explained with the range torch itself states, never one we work out."""
    message = torch_words(error)
    key = next((k for piece, k in _REASONS if piece in message), "other")
    stated = _RANGE.search(message)
    low, high = (int(stated[1]), int(stated[2])) if stated else (None, None)
    if key == "bad_dim" and low is None:
        key = "other"  # no range in torch's words: say only what torch said
    elif key == "bad_dim" and op in NEW_DIM_OPS:
        key = "bad_new_dim"
    return OpError(f"tensors_page.reasons.{key}", message, shape=tuple(x.shape), numel=x.numel(), ndim=x.dim(),
                   low=low, high=high)
