"""Tensors a learner makes on the Tensors page: a factory (zeros, ones, rand, arange) or a typed list.

Typed text is read with `ast.literal_eval` (numbers and lists only, never code) and checked
before torch sees it, so a ragged or oversized list gets a sentence, not a traceback.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

import torch

from core.common.i18n import LocalizedError
from core.common.typed_text import literal

KINDS = ("zeros", "ones", "rand", "arange", "list")  # torch.<kind>, or torch.tensor of a typed list
DTYPES = {  # name shown on the page -> torch dtype; the common ones a course meets first
    "float32": torch.float32, "float64": torch.float64, "float16": torch.float16, "bfloat16": torch.bfloat16,
    "int64": torch.int64, "int32": torch.int32, "uint8": torch.uint8, "bool": torch.bool,
}
MAX_DIM_SIZE = 5  # grids stay readable: at most 5 cells along any dimension
MAX_ELEMENTS = 60  # 3 × 4 × 5; a typed list longer than this is refused
MAX_TEXT = 600  # characters of typed list


class TensorError(LocalizedError):
    """A tensor the page cannot make, said in the learner's language."""


@dataclass(frozen=True)
class TensorSpec:
    kind: str = "arange"  # arange numbers the cells 0, 1, 2 …: every value is easy to follow through an op
    shape: tuple[int, ...] = (2, 3)  # small enough to draw every cell
    dtype: str = "float32"  # PyTorch's default floating type
    seed: int = 0  # for rand: torch.manual_seed(seed) first, so the page and its code agree
    text: str = "[[1, 2], [3, 4]]"  # for kind="list"


def create_tensor(spec: TensorSpec) -> torch.Tensor:
    """The tensor `spec` describes, exactly as the shown code makes it."""
    dtype = DTYPES[spec.dtype]
    if spec.kind == "list":
        values = parse_nested_list(spec.text)
    else:
        check_shape(spec.shape)
    if spec.kind == "rand" and not dtype.is_floating_point:  # torch.rand draws floats in [0, 1)
        raise TensorError("tensors_page.errors.rand_dtype", dtype=spec.dtype)
    try:
        if spec.kind == "list":
            return torch.tensor(values, dtype=dtype)
        if spec.kind == "rand":
            torch.manual_seed(spec.seed)
            return torch.rand(spec.shape, dtype=dtype)
        if spec.kind == "arange":
            return torch.arange(_numel(spec.shape), dtype=dtype).reshape(spec.shape)  # (numel,) -> shape
        return getattr(torch, spec.kind)(spec.shape, dtype=dtype)  # zeros or ones
    except (RuntimeError, NotImplementedError, OverflowError) as error:  # arange of bools, 1e30 as int64 …
        raise TensorError("tensors_page.errors.dtype_refused", kind=spec.kind, dtype=spec.dtype,
                          message=literal(str(error))) from None


def _numel(shape: tuple[int, ...]) -> int:
    n = 1
    for size in shape:
        n *= size
    return n


def check_shape(shape: tuple[int, ...]) -> None:
    """1 to 3 dimensions, each 1 to MAX_DIM_SIZE long, or a TensorError saying so."""
    if not 1 <= len(shape) <= 3 or any(not 1 <= s <= MAX_DIM_SIZE for s in shape):
        raise TensorError("tensors_page.errors.shape_range", most=MAX_DIM_SIZE)


def parse_nested_list(text: str) -> list | float | int | bool:
    """A typed `[[1, 2], [3, 4]]` as Python lists, checked: numbers only, rectangular, small."""
    if len(text) > MAX_TEXT:
        raise TensorError("tensors_page.errors.list_too_long", most=MAX_TEXT)
    try:
        value = ast.literal_eval(text.strip())
    except (ValueError, SyntaxError, MemoryError, RecursionError, TypeError):
        raise TensorError("tensors_page.errors.list_syntax") from None
    shape = _shape_of(value, depth=0)
    if len(shape) > 3:
        raise TensorError("tensors_page.errors.list_depth")
    if _numel(shape) > MAX_ELEMENTS:
        raise TensorError("tensors_page.errors.list_too_big", count=_numel(shape), most=MAX_ELEMENTS)
    if 0 in shape:
        raise TensorError("tensors_page.errors.list_empty")
    return value


def _shape_of(value, depth: int) -> tuple[int, ...]:
    """The shape of a nested list, or a TensorError naming what is wrong (ragged, not a number)."""
    if isinstance(value, (bool, int, float)):
        return ()
    if depth > 3:
        raise TensorError("tensors_page.errors.list_depth")
    if not isinstance(value, (list, tuple)):
        raise TensorError("tensors_page.errors.list_not_number", value=literal(_shortened(repr(value))))
    shapes = [_shape_of(item, depth + 1) for item in value]
    if any(s != shapes[0] for s in shapes):
        raise TensorError("tensors_page.errors.list_ragged", lengths=[len(v) if isinstance(v, (list, tuple))
                                                                      else 1 for v in value])
    return (len(value), *(shapes[0] if shapes else ()))


@dataclass(frozen=True)
class TensorFacts:
    """What a learner inspects first, each as torch prints it."""

    shape: tuple[int, ...]
    dtype: str
    device: str
    numel: int
    stride: tuple[int, ...]
    contiguous: bool
    tolist: str
    item: str | None  # x.item() for one-element tensors
    item_error: str | None  # torch's own message otherwise


def describe_tensor(x: torch.Tensor) -> TensorFacts:
    try:
        item, item_error = repr(x.item()), None
    except RuntimeError as error:  # "a Tensor with 6 elements cannot be converted to Scalar"
        item, item_error = None, str(error)
    return TensorFacts(tuple(x.shape), str(x.dtype), str(x.device), x.numel(), x.stride(), x.is_contiguous(),
                       repr(x.tolist()), item, item_error)


def parse_ints(text: str) -> tuple[int, ...]:
    """'2, -1' -> (2, -1); '()' -> (): the sizes or dims a learner types for view, permute …

    Any whole numbers are read; whether they fit x is torch's call (the page shows its answer),
    so no size torch would accept is refused here.
    """
    stripped = text.replace(" ", "")
    if stripped == "()":  # the empty shape: x.view(()) makes a 0-D tensor of a one-element x
        return ()
    parts = [p for p in text.replace("(", " ").replace(")", " ").replace(",", " ").split() if p]
    try:
        values = tuple(int(p) for p in parts)
    except ValueError:  # not whole numbers (also: more digits than Python reads as an int)
        values = ()
    if not values:
        raise TensorError("tensors_page.errors.ints", text=literal(text))
    return values


def _shortened(text: str, most: int = 40) -> str:
    """A piece of a typed list, short enough for a sentence (the list itself stays in its box)."""
    return text if len(text) <= most else text[:most - 1] + "…"
