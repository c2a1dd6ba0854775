"""The Losses page's "same in plain PyTorch" scripts, generated from its sliders.

Each script prints its numbers in the very format the page shows them (numbers(), figure(),
LOSS_LINE, BINARY_LINE), so a test can run it and find the page's lines in its output.
"""

from __future__ import annotations

from core.common.i18n import translate
from core.lessons.bce import check_inputs

LOSS_LINE = "{name:<9} loss: {loss}  grad: {grad}"  # one line per regression loss, page and script alike
BINARY_LINE = "{name}: loss {loss}  grad {grad}"  # one line per loss in the two-class script, page and script alike


def numbers(values) -> str:
    """Four decimals, space separated: how the page and the scripts write a list of numbers."""
    return " ".join(f"{float(v):.4f}" for v in values)


def figure(value: float) -> str:
    """Seven significant digits, no minus sign on a zero: how the two-class tab writes a loss or a gradient."""
    return f"{value + 0.0:.7g}"


def _floats(values) -> str:
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


def regression_code(predictions, targets, beta: float, reduction: str, lang: str = "en") -> str:
    """L1Loss, MSELoss and SmoothL1Loss of the page's predictions, each loss and its gradient printed."""
    c = lambda key: translate(lang, f"losses_page.code_{key}")  # noqa: E731
    backward = "loss.sum().backward()" if reduction == "none" else "loss.backward()"
    why = f"  # {c('sum_backward')}" if reduction == "none" else ""
    return f'''import torch
from torch import nn

targets = torch.tensor({_floats(targets)})
# {c('requires_grad')}
predictions = torch.tensor({_floats(predictions)}, requires_grad=True)

losses = {{
    "L1": nn.L1Loss(reduction="{reduction}"),
    "MSE": nn.MSELoss(reduction="{reduction}"),
    "SmoothL1": nn.SmoothL1Loss(reduction="{reduction}", beta={float(beta)!r}),
}}


def numbers(values):
    return " ".join(f"{{float(v):.4f}}" for v in values)


for name, loss_fn in losses.items():
    predictions.grad = None  # {c('fresh_grad')}
    loss = loss_fn(predictions, targets)
    {backward}{why}
    print({LOSS_LINE!r}.format(name=name, loss=numbers(loss.detach().reshape(-1)),
                                               grad=numbers(predictions.grad)))
'''


def classification_code(logits, target: int, lang: str = "en") -> str:
    """CrossEntropyLoss next to NLLLoss(log_softmax), CE's gradient next to softmax − one_hot, and the mistakes."""
    c = lambda key: translate(lang, f"losses_page.code_{key}")  # noqa: E731
    return f'''import torch
import torch.nn.functional as F
from torch import nn

# {c('batch_of_one')}
logits = torch.tensor([{_floats(logits)}], requires_grad=True)  # (1, {len(logits)})
target = torch.tensor([{int(target)}])  # (1,)


def numbers(values):
    return " ".join(f"{{float(v):.4f}}" for v in values)


probabilities = F.softmax(logits, dim=1)
ce = nn.CrossEntropyLoss()(logits, target)
nll = nn.NLLLoss()(F.log_softmax(logits, dim=1), target)  # {c('nll_wants_log')}
print("softmax:", numbers(probabilities.detach()[0]))
print(f"CrossEntropyLoss: {{ce.item():.6f}}")
print(f"NLLLoss(log_softmax): {{nll.item():.6f}}")
print(f"difference: {{abs(ce - nll).item():.1e}}")

ce.backward()
expected = probabilities.detach() - F.one_hot(target, {len(logits)}).float()  # {c('softmax_minus_onehot')}
print("grad:", numbers(logits.grad[0]))
print("softmax - one_hot:", numbers(expected[0]))

# {c('mistakes')}
print(f"NLLLoss(logits): {{nn.NLLLoss()(logits, target).item():.6f}}")
print(f"NLLLoss(softmax): {{nn.NLLLoss()(probabilities, target).item():.6f}}")
'''


def binary_code(logit: float, target: int, dtype: str, pos_weight: float, lang: str = "en") -> str:
    """BCELoss(sigmoid(logit)) next to BCEWithLogitsLoss(logit), pos_weight, and two-output CrossEntropyLoss."""
    check_inputs(logit, target, dtype, pos_weight)  # the dtype is written into the code: only a known one
    c = lambda key: translate(lang, f"losses_page.code_{key}")  # noqa: E731
    return f'''import torch
from torch import nn


def figure(value):
    return f"{{value + 0.0:.7g}}"


def report(name, loss, logit):
    loss.backward()
    print({BINARY_LINE!r}.format(name=name, loss=figure(loss.item()), grad=figure(logit.grad.item())))
    logit.grad = None  # {c('fresh_grad')}


# {c('one_logit')}
logit = torch.tensor([{float(logit)!r}], dtype=torch.{dtype}, requires_grad=True)  # (1,)
target = torch.tensor([{float(target)!r}], dtype=torch.{dtype})  # {c('float_target')}

p = torch.sigmoid(logit)
print("sigmoid(logit):", repr(p.item()))  # {c('saturates')}
report("BCELoss(sigmoid(logit))", nn.BCELoss()(p, target), logit)  # {c('bce_clamps')}
report("BCEWithLogitsLoss(logit)", nn.BCEWithLogitsLoss()(logit, target), logit)  # {c('with_logits_exact')}

pos_weight = torch.tensor([{float(pos_weight)!r}], dtype=torch.{dtype})  # {c('pos_weight')}
report("BCEWithLogitsLoss(pos_weight)", nn.BCEWithLogitsLoss(pos_weight=pos_weight)(logit, target), logit)

# {c('two_outputs')}
two = torch.stack([torch.zeros_like(logit), logit], dim=1)  # (1, 2)
report("CrossEntropyLoss([0, logit])", nn.CrossEntropyLoss()(two, target.long()), logit)
'''
