"""The Autograd page's "equivalent PyTorch": leaves, the expression, backward() as set, every print;
and the page's other pieces: a non-leaf h with or without h.retain_grad(), x.sum(dim) on a 2-D x,
a vector (or matrix) w, and requires_grad_ on a small model.

The expression is written back from its checked syntax tree (ast.unparse), never pasted from
the user's text, so the script holds only what the whitelist allows.
"""

from __future__ import annotations

import ast

from core.common.i18n import translate
from core.lessons.autograd_freeze import SEED, FreezeSettings
from core.lessons.autograd_lab import AutogradSettings, gradient_for, make_leaves
from core.lessons.autograd_reduce import ReduceSettings, call_text, result_shape, result_v
from core.lessons.autograd_retain import PICKED, split_expression
from core.lessons.autograd_vector_w import FORMS, VectorWSettings, make_values, output_size
from core.lessons.expression import VARIABLES, evaluate, parse_expression


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


def retain_grad_code(settings: AutogradSettings, piece: str, retained: bool, lang: str = "en") -> str:
    """h = the picked piece, h.retain_grad() (or not), out = the rest, backward, every tensor's leaf facts."""
    c = lambda key: translate(lang, f"autograd_page.code.{key}")  # noqa: E731
    picked, rest = split_expression(settings.expression, piece)
    name = "out" if rest == PICKED else PICKED
    retain = f"{name}.retain_grad()  # {c('retain')}" if retained else f"# {name}.retain_grad()  # {c('no_retain')}"
    lines = ["import torch", "", *[_leaf_line(n, settings, c("not_tracked")) for n in VARIABLES], "",
             f"{name} = {picked}  # {c('non_leaf')}", retain]
    if name == PICKED:
        lines.append(f"out = {rest}")
    v = gradient_for(evaluate(parse_expression(settings.expression), make_leaves(settings))[0], settings.v)
    if v is not None:
        lines.append(f"v = torch.tensor({v.tolist()!r})  # {c('v')}")
    names = [*VARIABLES, *([PICKED] if name == PICKED else []), "out"]
    lines += ["try:", f"    out.backward({'v' if v is not None else ''})", "except RuntimeError as error:",
              "    print(\"out.backward() -> RuntimeError:\", error)", "",
              f"# {c('leaf_facts')}",
              f"for name, tensor in {{{', '.join(f'{n!r}: {n}' for n in names)}}}.items():",
              "    grad_fn = tensor.grad_fn.name() if tensor.grad_fn is not None else None",
              "    print(f\"{name}: is_leaf={tensor.is_leaf} requires_grad={tensor.requires_grad} grad_fn={grad_fn}\",",
              "          \"grad =\", tensor.grad)"]
    return "\n".join(lines) + "\n"


def reduce_code(settings: ReduceSettings, lang: str = "en") -> str:
    """x.sum(dim) / x.mean(dim) on the 2-D x, backward(v), x.grad: what the reductions tab draws."""
    c = lambda key: translate(lang, f"autograd_page.code.{key}")  # noqa: E731
    rows, cols = settings.rows, settings.cols
    shape = result_shape(settings)
    lines = ["import torch", "",
             f"x = torch.arange(1.0, {rows * cols + 1}.0).reshape({rows}, {cols}).requires_grad_()  # {c('x_2d')}",
             f"out = {call_text(settings)}", "print(\"out =\", out.tolist())",
             "print(\"out.shape =\", tuple(out.shape))"]
    if shape:
        lines += [f"v = torch.tensor({result_v(shape, settings.v).tolist()!r})  # {c('v')}", "out.backward(v)"]
    else:
        lines.append("out.backward()")
    lines.append(f"print(\"x.grad =\", x.grad.tolist())  # {c('reduce_grad')}")
    return "\n".join(lines) + "\n"


def vector_w_code(settings: VectorWSettings, lang: str = "en") -> str:
    """w a vector (or W a matrix) and x: the form's out, backward() refused for a vector, backward(v), the grads."""
    c = lambda key: translate(lang, f"autograd_page.code.{key}")  # noqa: E731
    w, x = make_values(settings)
    name = "W" if settings.form == "matrix" else "w"
    lines = ["import torch", "", f"x = torch.arange(1.0, {settings.n + 1}.0, requires_grad=True)  # (n,) = 1, 2, …",
             f"{name} = torch.tensor({w.tolist()!r}, requires_grad=True)  # {tuple(w.shape)}",
             f"out = {FORMS[settings.form]}", "print(\"out =\", out.tolist())"]
    if output_size(settings) == 1:
        lines.append("out.backward()")
    else:
        v = result_v((output_size(settings),), settings.v)
        lines += ["try:", f"    out.backward()  # {c('refused')}", "except RuntimeError as error:",
                  "    print(\"out.backward() -> RuntimeError:\", error)",
                  f"v = torch.tensor({v.tolist()!r})  # {c('v')}", "out.backward(v)"]
    lines += [f"print(\"{name}.grad =\", {name}.grad.tolist())", "print(\"x.grad =\", x.grad.tolist())"]
    return "\n".join(lines) + "\n"


def freeze_code(settings: FreezeSettings, lang: str = "en") -> str:
    """The small Sequential, requires_grad_ as set, one loss.backward(), who holds a .grad, the trainable count."""
    c = lambda key: translate(lang, f"autograd_page.code.{key}")  # noqa: E731
    lines = ["import torch", "from torch import nn", "", f"torch.manual_seed({SEED})",
             "model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))"]
    if settings.freeze_all:
        lines.append(f"model.requires_grad_(False)  # {c('freeze')}")
    lines += [f"model[{index}].requires_grad_(True)  # {c('unfreeze')}" for index in settings.unfreeze]
    lines += ["", f"generator = torch.Generator().manual_seed({SEED})",
              "inputs = torch.randn(5, 4, generator=generator)  # a batch of 5",
              "targets = torch.randn(5, 2, generator=generator)",
              "loss = nn.functional.mse_loss(model(inputs), targets)", "try:", "    loss.backward()",
              "except RuntimeError as error:",
              f"    print(\"loss.backward() -> RuntimeError:\", error)  # {c('all_frozen')}",
              "", "for name, p in model.named_parameters():",
              "    grad = None if p.grad is None else f\"norm {p.grad.norm().item():.4g}\"",
              "    print(f\"{name}: requires_grad={p.requires_grad} grad={grad}\")",
              "trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)",
              "total = sum(p.numel() for p in model.parameters())",
              "print(f\"trainable parameters: {trainable} of {total}\")"]
    return "\n".join(lines) + "\n"
