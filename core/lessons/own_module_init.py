"""nn.init on your own module: each weight's spread before (PyTorch's default) and after an init scheme,
the std the scheme's formula promises, histograms, and how far the activations spread layer by layer.

Biases go to zero with every scheme but the default, as `model.apply(init_weights)` usually does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import nn

from core.common.threads import one_thread
from core.lessons.own_module import SEED, NetSpec, build_net, seeded

SCHEMES = ("kaiming_normal_", "kaiming_uniform_", "xavier_uniform_", "xavier_normal_", "normal_", "zeros_")
NONLINEARITY = {"relu": "relu", "leaky_relu": "leaky_relu", "tanh": "tanh", "sigmoid": "sigmoid",
                "gelu": "relu"}  # kaiming's gain for each activation; calculate_gain knows no GELU, ReLU's is close
LEAKY_SLOPE = 0.01  # nn.LeakyReLU's default negative_slope, given to kaiming as `a`
BINS = 40  # histogram bars over [-limit, limit]
WEIGHTED = (nn.Conv2d, nn.Linear)


def check_scheme(scheme: str, std: float) -> None:
    if scheme not in SCHEMES:
        raise ValueError(f"scheme must be one of {SCHEMES}, not {scheme!r}")
    if scheme == "normal_" and not std > 0:
        raise ValueError("normal_ needs a std above 0")


def init_weights(model: nn.Module, spec: NetSpec, scheme: str, std: float = 0.01) -> None:
    """model.apply(init_weights) as the script writes it: every Conv2d and Linear weight, biases to 0."""
    check_scheme(scheme, std)
    nonlinearity = NONLINEARITY[spec.activation]
    a = LEAKY_SLOPE if nonlinearity == "leaky_relu" else 0.0

    def init(module: nn.Module) -> None:
        if not isinstance(module, WEIGHTED):
            return
        w = module.weight
        if scheme == "kaiming_normal_":
            nn.init.kaiming_normal_(w, a=a, nonlinearity=nonlinearity)
        elif scheme == "kaiming_uniform_":
            nn.init.kaiming_uniform_(w, a=a, nonlinearity=nonlinearity)
        elif scheme == "xavier_uniform_":
            nn.init.xavier_uniform_(w)
        elif scheme == "xavier_normal_":
            nn.init.xavier_normal_(w)
        elif scheme == "normal_":
            nn.init.normal_(w, mean=0.0, std=std)
        else:
            nn.init.zeros_(w)
        nn.init.zeros_(module.bias)

    model.apply(init)


def fans(weight: torch.Tensor) -> tuple[int, int]:
    """(fan_in, fan_out): inputs and outputs one weight touches; a conv's include its kernel's k × k."""
    receptive = math.prod(weight.shape[2:])  # 1 for a Linear, k × k for a Conv2d
    return weight.shape[1] * receptive, weight.shape[0] * receptive


def expected_std(scheme: str, fan_in: int, fan_out: int, spec: NetSpec, std: float = 0.01) -> float:
    """The std a scheme's formula gives a weight; "default": PyTorch's kaiming_uniform_(a=√5), 1/√(3·fan_in)."""
    if scheme == "default":
        return 1 / math.sqrt(3 * fan_in)
    nonlinearity = NONLINEARITY[spec.activation]
    gain = nn.init.calculate_gain(nonlinearity, LEAKY_SLOPE if nonlinearity == "leaky_relu" else None)
    if scheme in ("kaiming_normal_", "kaiming_uniform_"):
        return gain / math.sqrt(fan_in)  # uniform's bound gain·√(3/fan_in) has this std too
    if scheme in ("xavier_uniform_", "xavier_normal_"):
        return math.sqrt(2 / (fan_in + fan_out))
    return std if scheme == "normal_" else 0.0


@dataclass(frozen=True)
class WeightSpread:
    """One layer's weight before and after the scheme, measured and as the formulas say."""

    name: str  # e.g. "features.0.weight"
    fan_in: int
    fan_out: int
    std_before: float
    expected_before: float
    std_after: float
    expected_after: float


@dataclass(frozen=True)
class InitResult:
    """Everything the page's nn.init section draws, for one scheme."""

    weights: list[WeightSpread]
    layer: str  # the weight the histograms show
    limit: float  # the histograms' bins cover [-limit, limit]
    counts_before: list[int]
    counts_after: list[int]
    expected_before: list[float]  # expected_counts() of PyTorch's default init; [] when there is nothing to draw
    expected_after: list[float]
    spread: list[tuple[str, str, float, float]]  # (layer, class, std of its output before, after); x first


UNIFORM = {"default", "kaiming_uniform_", "xavier_uniform_"}  # the rest draw from a normal (zeros_: no draw)


def expected_counts(scheme: str, std: float, n: int, limit: float) -> list[float]:
    """How many of n weights each histogram bar should hold if the scheme's formula is right: a normal's
    or a uniform's mass over each bin (a uniform of this std spans ±√3·std). zeros_: none to draw."""
    if scheme == "zeros_" or std <= 0:
        return []
    edges = [-limit + 2 * limit * i / BINS for i in range(BINS + 1)]
    if scheme in UNIFORM:
        bound = math.sqrt(3) * std
        mass = [max(0.0, min(hi, bound) - max(lo, -bound)) / (2 * bound) for lo, hi in zip(edges, edges[1:])]
    else:
        cdf = [0.5 * (1 + math.erf(e / (std * math.sqrt(2)))) for e in edges]
        mass = [hi - lo for lo, hi in zip(cdf, cdf[1:])]
    return [n * m for m in mass]


def histogram(values: torch.Tensor, limit: float) -> list[int]:
    """BINS counts over [-limit, limit], as torch.histc makes them."""
    return torch.histc(values.detach().float(), bins=BINS, min=-limit, max=limit).int().tolist()


@torch.no_grad()
def activation_spread(model: nn.Module, x: torch.Tensor) -> list[tuple[str, str, float]]:
    """The std of every leaf layer's output for the batch x, in the order forward runs them."""
    seen, handles = [], []
    try:
        for name, module in model.named_modules():
            if not list(module.children()):
                handles.append(module.register_forward_hook(
                    lambda m, _args, out, name=name: seen.append((name, type(m).__name__, out.std().item()))))
        model(x)
    finally:
        for handle in handles:
            handle.remove()
    return seen


def weight_names(spec: NetSpec) -> list[str]:
    """The weights nn.init changes (every Conv2d's and the Linear's), in named_parameters() order."""
    model, _ = build_net(spec)
    return [name for name, _ in model.named_parameters() if name.endswith("weight")]


def compare_init(spec: NetSpec, scheme: str, std: float = 0.01, layer: str | None = None) -> InitResult:
    """Build the net (PyTorch's default init), measure it, apply the scheme under torch.manual_seed(SEED),
    measure again. `layer` names the weight to draw; None (or an unknown name) means the first."""
    check_scheme(scheme, std)
    if spec.kind != "convnet":
        raise ValueError("only a net with layers has weights to initialise; Tudui has none")
    with one_thread():  # a batch of 8 small pictures: a second thread would only be waited on
        return _compare(spec, scheme, std, layer)


def _compare(spec: NetSpec, scheme: str, std: float, layer: str | None) -> InitResult:
    model, x = build_net(spec)
    before = {name: p.detach().clone() for name, p in model.named_parameters() if name.endswith("weight")}
    spread_before = activation_spread(model, x)
    with seeded(SEED):
        init_weights(model, spec, scheme, std)
    after = {name: p.detach().clone() for name, p in model.named_parameters() if name.endswith("weight")}
    spread_after = activation_spread(model, x)
    weights = []
    for name, w in before.items():
        fan_in, fan_out = fans(w)
        weights.append(WeightSpread(name, fan_in, fan_out,
                                    w.std().item(), expected_std("default", fan_in, fan_out, spec),
                                    after[name].std().item(), expected_std(scheme, fan_in, fan_out, spec, std)))
    layer = layer if layer in before else next(iter(before))
    limit = max(before[layer].abs().max().item(), after[layer].abs().max().item()) or 1.0  # zeros_: still a range
    shown, count = next(w for w in weights if w.name == layer), before[layer].numel()
    spread = [("x", "input", x.std().item(), x.std().item())]  # the batch itself: std ≈ 1
    spread += [(name, kind, b, a) for (name, kind, b), (_, _, a) in zip(spread_before, spread_after)]
    return InitResult(weights, layer, limit, histogram(before[layer], limit), histogram(after[layer], limit),
                      expected_counts("default", shown.expected_before, count, limit),
                      expected_counts(scheme, shown.expected_after, count, limit), spread)
