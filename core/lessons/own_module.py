"""Your own nn.Module, as seed 002 writes one: `Tudui`, whose forward returns input + 1, then a small
conv net built from a few choices. What `model(x)` really runs (the hooks seen firing around each
forward), `named_parameters()`, and `children()` against `modules()`.

The networks here and the script core/code/module_snippets.py writes are built in the same order
from the same seed, so a test can run the script and find the page's numbers in what it prints.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import torch
from torch import nn

from core.common.threads import one_thread

KINDS = ("tudui", "convnet")  # seed 002's x + 1 module first, then a net with layers
ACTIVATIONS = {"relu": nn.ReLU, "leaky_relu": nn.LeakyReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "gelu": nn.GELU}
LAYOUTS = ("sequential", "attributes")  # layers inside one nn.Sequential, or one attribute per layer
INPUT_SHAPE = (3, 32, 32)  # a CIFAR-10 picture, the size seed 002 feeds its nets
BATCH = 8  # pictures in the random input batch: enough for a layer's spread of outputs to mean something
CLASSES = 10
SEED = 0  # torch.manual_seed(SEED) before the net is built and before nn.init: page and script agree
CLASS_NAMES = {"tudui": "Tudui", "convnet": "SmallNet"}
VARIABLES = {"tudui": "tudui", "convnet": "model"}  # what the script calls the instance (seed 002: tudui)
SMALL = 6  # a tensor of at most this many numbers is described by its values, a bigger one by its shape

_SEEDED = threading.Lock()  # the global generator is shared by every session of the server


@dataclass(frozen=True)
class NetSpec:
    """The module a learner composes on the page; the same spec makes the page's net and the script's class."""

    kind: str = "tudui"  # one of KINDS
    channels: int = 8  # the first conv's output channels; each further block doubles them
    blocks: int = 2  # conv → activation → 2×2 max-pool blocks, each halving the 32-px picture
    activation: str = "relu"  # a key of ACTIVATIONS
    layout: str = "sequential"  # one of LAYOUTS
    value: float = 1.0  # Tudui's input: seed 002 calls it on torch.tensor(1.0)

    def widths(self) -> list[int]:
        """Output channels of each conv block."""
        return [self.channels * 2 ** i for i in range(self.blocks)]

    def flat_features(self) -> int:
        """What nn.Flatten hands the classifier: last channels × the picture's side after every pool."""
        side = INPUT_SHAPE[1] // 2 ** self.blocks
        return self.widths()[-1] * side * side


def check_spec(spec: NetSpec) -> None:
    if spec.kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {spec.kind!r}")
    if spec.kind == "convnet":
        if spec.activation not in ACTIVATIONS or spec.layout not in LAYOUTS:
            raise ValueError(f"activation must be one of {list(ACTIVATIONS)} and layout one of {LAYOUTS}")
        if not 1 <= spec.blocks <= 4 or spec.channels < 1:  # a 5th pool would leave a 1×1 picture
            raise ValueError("a SmallNet has 1 to 4 blocks and at least one channel")


class Tudui(nn.Module):
    """Seed 002's first module: no layers, no parameters, only a forward."""

    def forward(self, input):  # noqa: A002 (seed 002's name for it)
        output = input + 1
        return output


class SmallNet(nn.Module):
    """Conv blocks, Flatten and a Linear head; their order of creation is the script's, so the seed gives
    both the same weights."""

    def __init__(self, spec: NetSpec):
        super().__init__()
        self.sequential = spec.layout == "sequential"
        layers, channels = [], INPUT_SHAPE[0]
        for block, width in enumerate(spec.widths(), 1):
            layers += [(f"conv{block}", nn.Conv2d(channels, width, kernel_size=3, padding=1)),  # (N, width, H, W)
                       (f"act{block}", ACTIVATIONS[spec.activation]()),
                       (f"pool{block}", nn.MaxPool2d(2))]  # (N, width, H/2, W/2)
            channels = width
        if self.sequential:
            self.features = nn.Sequential(*(layer for _, layer in layers))
        else:
            for name, layer in layers:
                self.add_module(name, layer)
        self.order = [name for name, _ in layers]
        self.flatten = nn.Flatten()  # (N, C × H × W)
        self.classifier = nn.Linear(spec.flat_features(), CLASSES)

    def forward(self, x):
        if self.sequential:
            x = self.features(x)
        else:
            for name in self.order:
                x = getattr(self, name)(x)
        x = self.flatten(x)
        return self.classifier(x)


@contextmanager
def seeded(seed: int = SEED) -> Iterator[None]:
    """torch.manual_seed(seed) for the block only: the global generator is restored after it."""
    with _SEEDED, torch.random.fork_rng():
        torch.manual_seed(seed)
        yield


def build_net(spec: NetSpec) -> tuple[nn.Module, torch.Tensor]:
    """The module and its input, as the script makes them: seed, build, then draw x (a conv net's batch)."""
    check_spec(spec)
    if spec.kind == "tudui":
        return Tudui(), torch.tensor(float(spec.value))
    with seeded(), one_thread():
        model = SmallNet(spec)
        x = torch.randn(BATCH, *INPUT_SHAPE)  # (8, 3, 32, 32)
    return model, x


def describe(tensor: torch.Tensor) -> str:
    """A few numbers as PyTorch prints them; a batch by its shape."""
    if tensor.numel() <= SMALL:
        return repr(tensor)
    return f"shape {list(tensor.shape)}"


@dataclass(frozen=True)
class Call:
    """One hook that fired during model(x): a module's pre-hook sees its input, its hook the output."""

    event: str  # "forward_pre_hook" or "forward_hook"
    name: str  # the module's path ("" for the model itself)
    kind: str  # its class, e.g. "Conv2d"
    tensor: str  # describe() of the input (pre-hook) or the output (hook)

    @property
    def depth(self) -> int:
        return 0 if not self.name else self.name.count(".") + 1


TRACE_LINE = "{event:<17} {label:<30} {tensor}"  # one line per hook call, on the page and in the script


def trace_line(call: Call, root: str) -> str:
    """'forward_hook        features.0 (Conv2d)   shape [8, 8, 32, 32]': indented by nesting."""
    label = "  " * call.depth + f"{call.name or root} ({call.kind})"
    return TRACE_LINE.format(event=call.event, label=label, tensor=call.tensor)


@contextmanager
def recording_calls(model: nn.Module) -> Iterator[list[Call]]:
    """A pre-hook and a hook on every module, removed when the block ends, even after an error."""
    calls: list[Call] = []
    handles = []

    def watch(name: str, module: nn.Module):
        kind = type(module).__name__

        def pre_hook(_module, args):
            calls.append(Call("forward_pre_hook", name, kind, describe(args[0])))

        def hook(_module, _args, output):
            calls.append(Call("forward_hook", name, kind, describe(output)))

        return [module.register_forward_pre_hook(pre_hook), module.register_forward_hook(hook)]

    try:
        for name, module in model.named_modules():
            handles += watch(name, module)
        yield calls
    finally:
        for handle in handles:
            handle.remove()


@torch.no_grad()
def trace_call(model: nn.Module, x: torch.Tensor, direct: bool = False) -> tuple[list[Call], torch.Tensor]:
    """The hooks that fire for model(x) (nn.Module.__call__), or for model.forward(x), which skips the
    model's own __call__ and so its hooks; the layers forward calls still go through theirs. One thread: a
    batch this small only waits on a second one (a busy 2-core server, core.common.threads)."""
    with one_thread(), recording_calls(model) as calls:
        out = model.forward(x) if direct else model(x)
    return calls, out


@dataclass(frozen=True)
class ParameterRow:
    """One entry of named_parameters()."""

    name: str
    shape: tuple[int, ...]
    requires_grad: bool
    numel: int


def freeze_all_but_head(model: nn.Module) -> None:
    """Only the classifier learns: requires_grad=False everywhere else (transfer learning's habit)."""
    for name, parameter in model.named_parameters():
        parameter.requires_grad = name.startswith("classifier.")


def parameter_rows(model: nn.Module) -> list[ParameterRow]:
    return [ParameterRow(name, tuple(p.shape), p.requires_grad, p.numel()) for name, p in model.named_parameters()]


def child_list(model: nn.Module) -> list[tuple[str, str]]:
    """named_children(): (name, class) of the direct attributes that are modules, nothing deeper."""
    return [(name, type(m).__name__) for name, m in model.named_children()]


def module_list(model: nn.Module) -> list[tuple[str, str]]:
    """named_modules(): the model itself ("") first, then every module at every depth."""
    return [(name, type(m).__name__) for name, m in model.named_modules()]
