"""The Autograd page's "equivalent PyTorch": leaves, the expression, backward() as set, every print.

The expression is written back from its checked syntax tree (ast.unparse), never pasted from
the user's text, so the script holds only what the whitelist allows.
"""

from __future__ import annotations

import ast

from core.common.i18n import translate
from core.lessons.autograd_lab import AutogradSettings
from core.lessons.expression import VARIABLES, parse_expression


def _leaf_line(name: str, settings: AutogradSettings, comment: str) -> str:
    value = {"x": settings.x[0] if len(settings.x) == 1 else list(settings.x), "w": settings.w, "b": settings.b}[name]
    if name in settings.requires_grad:
        return f"{name} = torch.tensor({value!r}, requires_grad=True)"
    return f"{name} = torch.tensor({value!r})  # {comment}"


def _backward_lines(settings: AutogradSettings, non_scalar: bool, c) -> list[str]:
    """backward() once, n times (grads add up), or once then zeroed; wrapped so a refusal prints."""
    lines, call, again = [], "out.backward()", "out.backward(retain_graph=True)"
    if non_scalar and settings.v is not None:
        lines.append(f"v = torch.tensor({list(settings.v)!r})  # {c('v')}")
        call, again = "out.backward(v)", "out.backward(v, retain_graph=True)"
    body = [call]
    if settings.calls >= 2:  # retain_graph: keep the graph so backward can walk it again
        body = [f"for call in range({settings.calls}):  # {c('accumulate')}", f"    {again}"]
    lines += ["try:", *[f"    {line}" for line in body], "except RuntimeError as error:",
              f"    print(\"{call} -> RuntimeError:\", error)"]
    if settings.calls == 0:
        lines += [f"for leaf in ({', '.join(VARIABLES)}):  # {c('zero')}", "    if leaf.grad is not None:",
                  "        leaf.grad.zero_()"]
    return lines


def autograd_code(settings: AutogradSettings, non_scalar: bool, lang: str = "en") -> str:
    """A complete script: what the page computes, printed as the page shows it."""
    c = lambda key: translate(lang, f"autograd_page.code.{key}")  # noqa: E731
    tree = parse_expression(settings.expression)
    expression = ast.unparse(tree)
    if not any(isinstance(node, ast.Name) and node.id in VARIABLES for node in ast.walk(tree)):
        expression = f"torch.as_tensor({expression}, dtype=torch.float32)"  # a constant: still a tensor
    lines = ["import torch", "", *[_leaf_line(name, settings, c("not_tracked")) for name in VARIABLES], "",
             f"out = {expression}  # {c('forward')}", "print(\"out =\", out)",
             "print(\"out.grad_fn =\", out.grad_fn.name() if out.grad_fn else None)", "", f"# {c('graph')}",
             "def walk(fn, depth=0):", "    print(\"graph:\", \"  \" * depth + type(fn).__name__)",
             "    for child, _ in fn.next_functions:", "        if child is not None:",
             "            walk(child, depth + 1)", "", "", "if out.grad_fn is not None:", "    walk(out.grad_fn)",
             "", f"# {c('backward')}",
             *_backward_lines(settings, non_scalar, c), ""]
    lines += [f"print(\"{name}.grad =\", {name}.grad)" for name in VARIABLES]
    lines += ["", f"# {c('off')}", "with torch.no_grad():", f"    quiet = {expression}",
              "print(\"no_grad: quiet.grad_fn =\", getattr(quiet, 'grad_fn', None))",
              "print(\"out.requires_grad =\", out.requires_grad)",
              "print(\"out.detach().requires_grad =\", out.detach().requires_grad)",
              "print(\"out.detach().grad_fn =\", out.detach().grad_fn)"]
    return "\n".join(lines) + "\n"
