"""The Losses page's maths: regression and classification losses with their gradients, from autograd.

Every number the page shows comes from torch.nn.functional and .backward(), never from a
formula we wrote ourselves: the formulas are what the tests check these numbers against.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F

REGRESSION_LOSSES = ("L1", "MSE", "SmoothL1")  # the order of every table and legend
REDUCTIONS = ("mean", "sum", "none")
TARGETS = (0.5, -1.0, 2.0, 0.0)  # fixed targets the prediction sliders are dragged against
START_PREDICTIONS = (0.8, -1.2, 2.1, 3.0)  # three near misses and one outlier: MSE's weak spot
PREDICTION_RANGE = (-4.0, 4.0)  # the prediction sliders' ends


@dataclass(frozen=True)
class RegressionResult:
    """One loss for the current predictions: its value(s) and d loss / d prediction per prediction."""

    name: str
    values: list[float]  # one number, or one per prediction when reduction="none"
    grads: list[float]  # one per prediction


def _regression_fn(name: str, beta: float):
    if name == "L1":
        return lambda p, t, reduction: F.l1_loss(p, t, reduction=reduction)
    if name == "MSE":
        return lambda p, t, reduction: F.mse_loss(p, t, reduction=reduction)
    if name == "SmoothL1":
        return lambda p, t, reduction: F.smooth_l1_loss(p, t, reduction=reduction, beta=beta)
    raise ValueError(f"Unknown regression loss {name!r}; choose one of {REGRESSION_LOSSES}")


def regression_losses(predictions, targets, beta: float = 1.0, reduction: str = "mean") -> list[RegressionResult]:
    """L1, MSE and SmoothL1 of predictions against targets, each with its gradient w.r.t. the predictions.

    With reduction="none" the loss is a vector; like a training loop would, we call
    .sum().backward() on it, so each gradient is that element's own derivative.
    """
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {REDUCTIONS}, not {reduction!r}")
    target = torch.tensor(targets, dtype=torch.float32)  # (P,)
    results = []
    for name in REGRESSION_LOSSES:
        pred = torch.tensor(predictions, dtype=torch.float32, requires_grad=True)  # (P,)
        loss = _regression_fn(name, beta)(pred, target, reduction)  # () or (P,)
        (loss.sum() if reduction == "none" else loss).backward()
        results.append(RegressionResult(name, loss.detach().reshape(-1).tolist(), pred.grad.tolist()))
    return results


@dataclass(frozen=True)
class LossCurves:
    """Each loss of one prediction as a function of its error e = prediction − target, and its slope.

    `values` are per prediction (reduction="none"): the loss one prediction contributes.
    `slopes` are d loss / d prediction for the page's reduction over `count` predictions, the very
    numbers predictions.grad holds after backward() (so mean's slopes are the others' ÷ count).
    """

    errors: list[float]
    values: dict[str, list[float]]
    slopes: dict[str, list[float]]
    reduction: str = "none"


def error_limit(targets=TARGETS, prediction_range=PREDICTION_RANGE) -> float:
    """The largest |prediction − target| the sliders can make: how far the curves must reach."""
    return max(abs(end - target) for end in prediction_range for target in targets)


def loss_curves(beta: float = 1.0, limit: float = 3.0, points: int = 241, reduction: str = "none",
                count: int = 1) -> LossCurves:
    """The three losses over errors in [-limit, limit], and the slope of each as backward() finds it.

    Slopes come from autograd: each point is its own batch of `count` predictions, the first one at
    error e and the others on their targets, reduced as the page reduces and differentiated by
    torch.func.grad (reduction "none" is summed first, as the page's backward does).
    """
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {REDUCTIONS}, not {reduction!r}")
    errors = torch.linspace(-limit, limit, points)
    batches = torch.zeros(points, count)  # (points, count): one batch of predictions per point on the curve
    batches[:, 0] = errors
    targets = torch.zeros(count)  # (count,): every error is measured from a target of 0
    values, slopes = {}, {}
    for name in REGRESSION_LOSSES:
        fn = _regression_fn(name, beta)
        values[name] = fn(errors, torch.zeros(points), "none").tolist()  # (points,): one loss per prediction

        def reduced(predictions, fn=fn):  # (count,) -> the one number backward() starts from
            return fn(predictions, targets, reduction).sum()

        slopes[name] = torch.func.vmap(torch.func.grad(reduced))(batches)[:, 0].tolist()  # (points,)
    return LossCurves(errors.tolist(), values, slopes, reduction)


@dataclass(frozen=True)
class ClassificationResult:
    """Cross-entropy for one sample's logits, taken apart: everything the page shows about it."""

    probabilities: list[float]  # softmax(logits)
    log_probabilities: list[float]  # log_softmax(logits)
    cross_entropy: float  # F.cross_entropy(logits, target)
    nll: float  # F.nll_loss(log_softmax(logits), target)
    grad: list[float]  # d CE / d logits, from autograd
    expected_grad: list[float]  # softmax − one_hot(target): what autograd should have found
    nll_on_logits: float  # the classic mistake: nll_loss given raw logits
    nll_on_probabilities: float  # and given softmax probabilities

    @property
    def identity_gap(self) -> float:
        """|CE − NLL(log_softmax)|: zero up to float rounding."""
        return abs(self.cross_entropy - self.nll)

    @property
    def grad_gap(self) -> float:
        """The largest |autograd − (softmax − one_hot)| over the classes."""
        return max(abs(a - b) for a, b in zip(self.grad, self.expected_grad))


def classify(logits, target: int) -> ClassificationResult:
    """Softmax, CrossEntropyLoss, NLLLoss and CE's gradient for one sample with the given logits."""
    if not 0 <= target < len(logits):
        raise ValueError(f"target class {target} is outside 0..{len(logits) - 1}")
    z = torch.tensor([logits], dtype=torch.float32, requires_grad=True)  # (1, C): a batch of one sample
    y = torch.tensor([target])  # (1,) class index, as CrossEntropyLoss expects
    ce = F.cross_entropy(z, y)
    ce.backward()
    with torch.no_grad():
        log_p = F.log_softmax(z, dim=1)  # (1, C)
        p = log_p.exp()
        one_hot = F.one_hot(y, len(logits)).float()  # (1, C)
        return ClassificationResult(
            probabilities=p[0].tolist(),
            log_probabilities=log_p[0].tolist(),
            cross_entropy=ce.item(),
            nll=F.nll_loss(log_p, y).item(),
            grad=z.grad[0].tolist(),
            expected_grad=(p - one_hot)[0].tolist(),
            nll_on_logits=F.nll_loss(z, y).item(),
            nll_on_probabilities=F.nll_loss(p, y).item(),
        )
