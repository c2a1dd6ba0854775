"""The Tensors page's "equivalent PyTorch": a script built from the page's settings.

`FACTS` lists the expressions the page shows in its facts table; the script prints each as
`expr = value`, so a test can run the script and find every line the page shows.
"""

from __future__ import annotations

import torch

from core.common.i18n import translate
from core.lessons.tensor_create import TensorSpec, parse_nested_list
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
