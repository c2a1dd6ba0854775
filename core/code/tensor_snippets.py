"""The Tensors page's "equivalent PyTorch": a script built from the page's settings, one per part
(make and reshape x, broadcasting, indexing, fresh memory, NumPy ↔ tensor).

`FACTS` lists the expressions the page shows in its facts table; the script prints each as
`expr = value`, so a test can run the script and find every line the page shows.
"""

from __future__ import annotations

import torch

from core.common.i18n import translate
from core.lessons.tensor_create import TensorSpec, parse_nested_list
from core.lessons.tensor_fresh import SEED
from core.lessons.tensor_numpy import SHAPE, Edit
from core.lessons.tensor_ops import OPS, op_code

FACTS = ("shape", "dtype", "device", "numel()", "stride()", "is_contiguous()")


def fact_lines(x: torch.Tensor, name: str = "x") -> list[tuple[str, str]]:
    """(expression, what print shows) for each fact, e.g. ('x.shape', 'torch.Size([2, 3])')."""
    values = (x.shape, x.dtype, x.device, x.numel(), x.stride(), x.is_contiguous())
    return [(f"{name}.{fact}", str(value)) for fact, value in zip(FACTS, values)]


def creation_code(spec: TensorSpec) -> str:
    """The line(s) that make x, with the dtype spelled out."""
    dtype = f"dtype=torch.{spec.dtype}"
    shape = ", ".join(map(str, spec.shape))
    if spec.kind == "list":
        return f"x = torch.tensor({parse_nested_list(spec.text)!r}, {dtype})"
    if spec.kind == "rand":
        return f"torch.manual_seed({spec.seed})\nx = torch.rand({shape}, {dtype})"
    if spec.kind == "arange":
        count = int(torch.Size(spec.shape).numel())
        return f"x = torch.arange({count}, {dtype}).reshape({shape})"
    return f"x = torch.{spec.kind}({shape}, {dtype})"


def tensor_code(spec: TensorSpec, transpose_first: bool, op: str | None, params: dict | None,
                lang: str = "en") -> str:
    """A complete script: make x, print its facts, .tolist() and .item(), then apply one shape op."""
    c = lambda key: translate(lang, f"tensors_page.code.{key}")  # noqa: E731
    lines = ["import torch", "", creation_code(spec)]
    if transpose_first:
        lines.append(f"x = x.transpose(0, -1)  # {c('transpose')}")
    lines += ["", "print(\"x =\", x)"] + [f"print(\"x.{fact} =\", x.{fact})" for fact in FACTS]
    lines += ["print(\"x.tolist() =\", x.tolist())", "try:", "    print(\"x.item() =\", x.item())",
              "except RuntimeError as error:", f"    print(\"x.item() -> RuntimeError:\", error)  # {c('item')}"]
    if op is not None:
        lines += ["", f"# {c('op')}"]
        if OPS[op].two_operands:
            lines.append("y = ~x if x.dtype == torch.bool else x * 10")
        lines += ["try:", f"    {op_code(op, params)}", "    print(\"out =\", out)",
                  "    print(\"out.shape =\", out.shape)", "    print(\"out.is_contiguous() =\", out.is_contiguous())",
                  "except (RuntimeError, IndexError, TypeError) as error:", "    print(type(error).__name__ + \":\", error)"]
    return "\n".join(lines) + "\n"


def broadcast_code(shape_a: tuple[int, ...], shape_b: tuple[int, ...], lang: str = "en") -> str:
    """a + b with both operands' stretched views printed, as the page draws them."""
    c = lambda key: translate(lang, f"tensors_page.code.{key}")  # noqa: E731
    count_a, count_b = int(torch.Size(shape_a).numel()), int(torch.Size(shape_b).numel())
    return f'''import torch

a = torch.arange({count_a}).reshape{tuple(shape_a)}
b = torch.arange({count_b}).reshape{tuple(shape_b)} * 10
try:
    # {c("broadcast_shape")}
    shape = torch.broadcast_shapes(a.shape, b.shape)
    print("shape =", shape)
    print("a.expand(shape) =", a.expand(shape))  # {c("expand")}
    print("b.expand(shape) =", b.expand(shape))
    print("a + b =", a + b)
except RuntimeError as error:
    print("RuntimeError:", error)
'''


def scalar_text(number: int) -> str:
    """How a number is added in the code: a + 1, a + (-3)."""
    return str(number) if number >= 0 else f"({number})"


def broadcast_scalar_code(shape_a: tuple[int, ...], number: int, lang: str = "en") -> str:
    """a + a number: the number drawn stretched to a's shape, then the sum and its dtype."""
    c = lambda key: translate(lang, f"tensors_page.code.{key}")  # noqa: E731
    count, n = int(torch.Size(shape_a).numel()), scalar_text(number)
    return f'''import torch

a = torch.arange({count}).reshape{tuple(shape_a)}
# {c("scalar")}
print("torch.tensor({number}).expand(a.shape) =", torch.tensor({number}).expand(a.shape))
print("a + {n} =", a + {n})
print("(a + {n}).dtype =", (a + {n}).dtype)
'''


def index_code(spec: TensorSpec, index: str, mask_codes: list[str], lang: str = "en") -> str:
    """Make x, index it as the page did (`index` is the checked x[...], written back by ast), and say
    whether the result is a view of x's memory or a copy."""
    c = lambda key: translate(lang, f"tensors_page.code.{key}")  # noqa: E731
    masks = "".join(f'    print("{m} =", {m})\n' for m in mask_codes)
    return f'''import torch

{creation_code(spec)}
try:
{masks}    out = {index}
    print("out =", out)
    print("out.shape =", out.shape)
    # {c("view_check")}
    view = out.untyped_storage().data_ptr() == x.untyped_storage().data_ptr()
    print("view =", view)
    print("out.stride() =", out.stride())
    print("out.storage_offset() =", out.storage_offset())
except (IndexError, ValueError, TypeError, RuntimeError) as error:
    print(type(error).__name__ + ":", error)
'''


def fresh_code(shape: tuple[int, int], low: float, high: float, constructors: list, lang: str = "en") -> str:
    """torch.Tensor(rows, cols) vs torch.empty vs torch.zeros, uniform_ in place, and the constructor table's rows."""
    c = lambda key: translate(lang, f"tensors_page.code.{key}")  # noqa: E731
    size = ", ".join(map(str, shape))
    lines = ["import torch", "", f"x = torch.Tensor({size})  # {c('uninitialised')}", 'print("x.shape =", x.shape)',
             'print("x.dtype =", x.dtype)', f'print("x before uniform_ =", x)  # {c("garbage")}',
             f"e = torch.empty({size})", 'print("e.shape =", e.shape)', 'print("e.dtype =", e.dtype)',
             f"z = torch.zeros({size})", 'print("z =", z)', "",
             f"torch.manual_seed({SEED})", f"u = x.uniform_({low!r}, {high!r})  # {c('in_place')}",
             'print("u is x =", u is x)', 'print("x =", x)', "", f"# {c('constructors')}"]
    for row in constructors:
        if row.error:
            lines += ["try:", f"    {row.code}", "except TypeError as error:",
                      f'    print("{row.code} =", type(error).__name__ + ":", error)']
        elif row.values is None:
            lines += [f'print("{row.code}.shape =", {row.code}.shape)']
        else:
            lines += [f'print("{row.code} =", {row.code})']
        if not row.error:
            lines += [f'print("{row.code}.dtype =", {row.code}.dtype)']
    return "\n".join(lines) + "\n"


def numpy_code(edits: list[Edit], lang: str = "en") -> str:
    """a, torch.from_numpy(a) and torch.tensor(a), the learner's edits in order, then who shares a's memory."""
    c = lambda key: translate(lang, f"tensors_page.code.{key}")  # noqa: E731
    changes = "".join(f"{edit.code}\n" for edit in edits)
    shape = ", ".join(map(str, SHAPE))
    return f'''import numpy as np
import torch

a = np.arange(6.0).reshape({shape})  # {c("float64")}
t = torch.from_numpy(a)  # {c("from_numpy")}
c = torch.tensor(a)  # {c("tensor_copies")}
{changes}
print("a =", a)
print("t =", t)
print("c =", c)
print("np.shares_memory(a, t.numpy()) =", np.shares_memory(a, t.numpy()))
print("np.shares_memory(a, c.numpy()) =", np.shares_memory(a, c.numpy()))
'''
