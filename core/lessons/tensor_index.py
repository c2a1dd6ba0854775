"""Indexing and slicing x, typed by a learner as x[...], read safely and applied by torch.

The text is parsed with `ast` and every node is checked against a small whitelist: whole numbers,
slices, `...`, None, a flat list, torch.tensor([...]) and masks (x, or x % k, compared with a
number, joined by & | ~). We never `eval` it: the index is rebuilt from the checked tree. The same
index is applied to x and to `ids = arange(numel)` in x's shape, so the page knows which cells
of x the result holds (and colours them alike). torch's refusals become a sentence, its words kept.
"""

from __future__ import annotations

import ast
import operator
import re
import warnings
from dataclasses import dataclass

import torch

from core.common.i18n import LocalizedError
from core.common.torch_refusal import TorchRefusal
from core.common.torch_words import torch_words
from core.common.typed_text import literal, parse_typed

MAX_CHARS = 80  # an index a learner types, not a program
MAX_NODES = 80
MAX_DEPTH = 3  # torch.tensor([[[0]]]) at most: the indices of a 3-D grid
COMPARE = {ast.Gt: operator.gt, ast.Lt: operator.lt, ast.GtE: operator.ge, ast.LtE: operator.le,
           ast.Eq: operator.eq, ast.NotEq: operator.ne}
MASK_JOIN = {ast.BitAnd: operator.and_, ast.BitOr: operator.or_}
BASIC = ("int", "slice", "ellipsis", "none")  # kinds of index that give a view; "list", "tensor", "mask" copy


class IndexTextError(LocalizedError):
    """The typed index cannot be read; a typed piece is echoed literally."""


class IndexRefusal(TorchRefusal):
    """torch refused the index (out of range, too many indices …); `torch_message` is 'IndexError: …'."""


@dataclass(frozen=True)
class Mask:
    code: str  # "x > 2", as the index writes it
    tensor: torch.Tensor  # its True/False cells


@dataclass
class IndexResult:
    code: str  # the index as Python writes it back, e.g. "x[:, 1]"
    out: torch.Tensor
    out_ids: torch.Tensor  # which element of x each cell of out holds
    picked: torch.Tensor  # x's shape: how many times each cell of x is in out
    masks: list[Mask]
    kinds: tuple[str, ...]  # what the index is made of, in order: "int", "slice", "mask" …
    view: bool  # out shares x's memory (its untyped storage starts where x's does)
    warnings: list[str]  # what torch warned while indexing, in its words


def parse_index(text: str) -> ast.Expression:
    """The checked syntax tree of `x[...]`, or an IndexTextError saying what is not allowed."""
    text = text.strip()
    tree = parse_typed(text, MAX_CHARS, MAX_NODES,
                       lambda reason, **params: IndexTextError(f"tensors_page.index_errors.{reason}", **params))
    node = tree.body
    if not isinstance(node, ast.Subscript):
        raise IndexTextError("tensors_page.index_errors.not_x", text=literal(text))
    while isinstance(node, ast.Subscript):  # x[0][1]: each pair of brackets indexes what the one before gave
        for item in _items(node.slice):
            _check_item(item, text)
        node = node.value
    if not (isinstance(node, ast.Name) and node.id == "x"):
        raise IndexTextError("tensors_page.index_errors.not_x", text=literal(text))
    return tree


def written_index(text: str) -> str:
    """The checked index as Python writes it back (x[ 0 ,1 ] -> x[0, 1]): the line the shown code runs."""
    return ast.unparse(parse_index(text))


def _items(node: ast.AST) -> list[ast.AST]:
    return list(node.elts) if isinstance(node, ast.Tuple) else [node]


def _piece(node: ast.AST, text: str) -> str:
    return literal(ast.get_source_segment(text, node) or ast.unparse(node))


def _check_item(node: ast.AST, text: str) -> None:
    if _is_number(node) or (isinstance(node, ast.Constant) and node.value in (None, Ellipsis)):
        return
    if isinstance(node, ast.Slice):
        for part in (node.lower, node.upper, node.step):
            if part is not None and not _is_number(part):
                raise IndexTextError("tensors_page.index_errors.slice_part", piece=_piece(part, text))
        return
    if isinstance(node, ast.List):
        if any(isinstance(e, (ast.List, ast.Tuple)) for e in node.elts):
            raise IndexTextError("tensors_page.index_errors.nested_list", piece=_piece(node, text))
        _check_numbers(node, text, depth=1)
        return
    if _is_torch_tensor(node):
        _check_numbers(node.args[0], text, depth=1)
        return
    _check_mask(node, text)


def _is_number(node: ast.AST) -> bool:
    """A number, True/False, or a signed number (-1): Python and torch decide whether it fits."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    return isinstance(node, ast.Constant) and type(node.value) in (int, float, bool)


def _is_torch_tensor(node: ast.AST) -> bool:
    """torch.tensor(<a list>), nothing else passed."""
    return (isinstance(node, ast.Call) and not node.keywords and len(node.args) == 1
            and isinstance(node.args[0], ast.List) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "tensor" and isinstance(node.func.value, ast.Name) and node.func.value.id == "torch")


def _check_numbers(node: ast.List, text: str, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise IndexTextError("tensors_page.index_errors.too_deep", most=MAX_DEPTH)
    for element in node.elts:
        if isinstance(element, ast.List):
            _check_numbers(element, text, depth + 1)
        elif not _is_number(element):
            raise IndexTextError("tensors_page.index_errors.list_item", piece=_piece(element, text))


def _check_mask(node: ast.AST, text: str) -> None:
    """x > 2, x % 2 == 0, (x > 1) & (x < 4), ~(x > 2): anything else is named back to the learner."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Invert):
        return _check_mask(node.operand, text)
    if isinstance(node, ast.BinOp) and type(node.op) in MASK_JOIN:
        _check_mask(node.left, text)
        return _check_mask(node.right, text)
    if (isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in COMPARE
            and _is_number(node.comparators[0]) and _is_x_or_remainder(node.left)):
        return None
    raise IndexTextError("tensors_page.index_errors.not_allowed", piece=_piece(node, text))


def _is_x_or_remainder(node: ast.AST) -> bool:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return isinstance(node.left, ast.Name) and node.left.id == "x" and _is_number(node.right)
    return isinstance(node, ast.Name) and node.id == "x"


def _number(node: ast.AST):
    """The value of a checked number node (ast.literal_eval reads a constant and a sign, never code)."""
    return ast.literal_eval(node)


def _build(node: ast.AST, x: torch.Tensor, masks: list[Mask]):
    """One index item as Python and torch objects, and its kind."""
    if isinstance(node, ast.Constant) and node.value is None:
        return None, "none"
    if isinstance(node, ast.Constant) and node.value is Ellipsis:
        return Ellipsis, "ellipsis"
    if _is_number(node):
        value = _number(node)
        return value, "mask" if isinstance(value, bool) else "int"
    if isinstance(node, ast.Slice):
        parts = [None if p is None else _number(p) for p in (node.lower, node.upper, node.step)]
        return slice(*parts), "slice"
    if isinstance(node, ast.List):
        values = ast.literal_eval(node)
        return values, "mask" if values and all(isinstance(v, bool) for v in values) else "list"
    if _is_torch_tensor(node):
        try:
            tensor = torch.tensor(ast.literal_eval(node.args[0]))
        except (ValueError, TypeError, RuntimeError, OverflowError) as error:  # a ragged list, a number past int64
            raise _refusal(error, x) from None
        return tensor, "mask" if tensor.dtype == torch.bool else "tensor"
    mask = _mask(node, x)
    masks.append(Mask(ast.unparse(node), mask))
    return mask, "mask"


def _mask(node: ast.AST, x: torch.Tensor) -> torch.Tensor:
    if isinstance(node, ast.UnaryOp):  # ~mask
        return ~_mask(node.operand, x)
    if isinstance(node, ast.BinOp) and type(node.op) in MASK_JOIN:
        return MASK_JOIN[type(node.op)](_mask(node.left, x), _mask(node.right, x))
    left = x % _number(node.left.right) if isinstance(node.left, ast.BinOp) else x
    try:
        return COMPARE[type(node.ops[0])](left, _number(node.comparators[0]))
    except (RuntimeError, TypeError, OverflowError, ZeroDivisionError) as error:  # x % 0 on an int x …
        raise _refusal(error, x) from None


def index_tensor(x: torch.Tensor, text: str) -> IndexResult:
    """x indexed as `text` says, with every picked cell of x tracked; IndexTextError or IndexRefusal if not."""
    tree = parse_index(text)
    levels = []  # the brackets, innermost (applied first) first
    node = tree.body
    while isinstance(node, ast.Subscript):
        levels.insert(0, node.slice)
        node = node.value
    masks, kinds = [], []
    out, out_ids = x, torch.arange(x.numel()).reshape(x.shape)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for level in levels:
            built = [_build(item, x, masks) for item in _items(level)]
            kinds += [kind for _, kind in built]
            index = tuple(value for value, _ in built) if isinstance(level, ast.Tuple) else built[0][0]
            try:
                out, out_ids = out[index], out_ids[index]
            except (IndexError, ValueError, TypeError, RuntimeError) as error:
                raise _refusal(error, x) from None
    picked = torch.bincount(out_ids.reshape(-1), minlength=x.numel()).reshape(x.shape)
    view = out.untyped_storage().data_ptr() == x.untyped_storage().data_ptr()
    return IndexResult(ast.unparse(tree), out, out_ids, picked, masks, tuple(kinds), view,
                       [torch_words(w.message) for w in caught])


def index_examples(x: torch.Tensor) -> list[str]:
    """Index expressions that work on x (its sizes and values), one per way of indexing."""
    if x.dim() == 0:  # nothing to pick from: only what adds a dimension, keeps x, or masks it whole
        return ["x[None]", "x[...]", "x[x > 0]"]
    first, second = x.shape[0], (x.shape[1] if x.dim() > 1 else None)
    examples = ["x[0]"]
    if second is not None:
        examples += [f"x[:, {min(1, second - 1)}]", "x[1:3, ::2]", "x[0, -1]"]
    else:
        examples += ["x[1:4]", "x[::2]"]
    examples += [f"x[x > {_threshold(x)}]", f"x[[0, {first - 1}]]", f"x[torch.tensor([{first - 1}, 0])]", "x[..., -1]",
                 "x[None]"]
    return examples


def _threshold(x: torch.Tensor) -> str:
    """A number about half of x's cells are above: the middle value, short."""
    if x.dtype == torch.bool:
        return "0"
    values = x.detach().reshape(-1).double().sort().values
    middle = float(values[(values.numel() - 1) // 2])
    return str(int(middle)) if middle == int(middle) or not x.dtype.is_floating_point else f"{middle:.1f}"


_REASONS = (  # a piece of torch's message -> our catalog key (tensors_page.index_reasons.*)
    ("is out of bounds for dimension", "out_of_bounds"),
    ("too many indices for tensor of dimension", "too_many"),
    ("invalid index of a 0-dim tensor", "zero_dim"),
    ("step must be greater than zero", "negative_step"),
    ("slice step cannot be zero", "zero_step"),
    ("The shape of the mask", "mask_shape"),
    ("only integers, slices", "not_an_index"),
    ("slice indices must be integers", "slice_not_int"),
    ("tensors used as indices must be", "index_dtype"),
    ("indexing tensors could not be broadcast", "fancy_broadcast"),
    ("Overflow when unpacking long", "overflow"),
)
_BOUNDS = re.compile(r"index (-?\d+) is out of bounds for dimension \d+ with size (\d+)")


def _refusal(error: Exception, x: torch.Tensor) -> IndexRefusal:
    """torch's refusal -> a sentence a learner can act on; torch's own line kept whole as 'IndexError: …'."""
    words = torch_words(error)
    key = next((k for piece, k in _REASONS if piece in words), "other")
    bounds = _BOUNDS.search(words)
    index, size = (int(bounds[1]), int(bounds[2])) if bounds else (0, 0)
    return IndexRefusal(f"tensors_page.index_reasons.{key}", f"{type(error).__name__}: {words}",
                        index=index, size=size, low=-size, high=size - 1, ndim=x.dim())
