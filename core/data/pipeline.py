"""Transform pipelines as data: a list of [name, params] that builds a v2.Compose and its source code.

The Transforms page edits such a list, the Train page applies it as augmentation, and the
tests check that `to_code(steps)` executed builds the same transform as `build(steps)`.
Every parameter's default is torchvision's own (a test compares with the signatures);
where torchvision's default is None, `off` is the value our widget uses for "None".
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from typing import Any

import torch

from core.common.i18n import LocalizedError


@dataclass(frozen=True)
class Param:
    """One keyword argument of a transform, described well enough to draw a widget for it."""

    name: str
    kind: str  # int, float, bool, choice, pair (a low–high range), xy (two independent floats), size (an int or
    # [height, width], as torchvision's size), floats (one per channel)
    default: Any  # torchvision's default; for required arguments, a value that suits a 224-px photo
    low: float = 0.0
    high: float = 1.0
    step: float = 0.01
    choices: tuple = ()
    off: Any = "<required>"  # the widget value that means torchvision's None (then the argument is left out)


@dataclass(frozen=True)
class StepSpec:
    name: str  # the torchvision.transforms.v2 class
    params: tuple[Param, ...] = ()
    random: bool = False  # draws new random numbers on every call
    resizes: bool = False  # changes the image's height and width
    tensor_only: bool = False  # works on tensors (after ToImage), passes PIL images through
    group: str = "geometry"  # geometry, colour or tensor: the Train page accepts the first two


P = Param
INTERPOLATIONS = ("nearest", "bilinear", "bicubic")
STEPS: dict[str, StepSpec] = {s.name: s for s in (
    StepSpec("Resize", (P("size", "size", 224, 8, 512, 1), P("antialias", "bool", True)), resizes=True),
    StepSpec("CenterCrop", (P("size", "size", 200, 8, 512, 1),), resizes=True),
    # padding up to 128: a 512 crop of the 512×341 coffee photo needs 86 on each side
    StepSpec("RandomCrop", (P("size", "size", 200, 8, 512, 1), P("padding", "int", 0, 0, 128, 1, off=0),
                            P("pad_if_needed", "bool", False), P("fill", "int", 0, 0, 255, 1),
                            P("padding_mode", "choice", "constant", choices=("constant", "edge", "reflect",
                                                                              "symmetric"))),
             random=True, resizes=True),
    StepSpec("RandomResizedCrop", (P("size", "size", 224, 8, 512, 1), P("scale", "pair", (0.08, 1.0), 0.01, 1.0),
                                   P("ratio", "pair", (0.75, 4 / 3), 0.25, 4.0, 0.05)), random=True, resizes=True),
    StepSpec("RandomHorizontalFlip", (P("p", "float", 0.5),), random=True),
    StepSpec("RandomVerticalFlip", (P("p", "float", 0.5),), random=True),
    StepSpec("RandomRotation", (P("degrees", "float", 30.0, 0.0, 180.0, 1.0), P("expand", "bool", False),
                                P("interpolation", "choice", "nearest", choices=INTERPOLATIONS[:2]),
                                P("fill", "int", 0, 0, 255, 1)), random=True),
    StepSpec("RandomAffine", (P("degrees", "float", 15.0, 0.0, 180.0, 1.0),
                              # translate=(a, b): up to a × width sideways and b × height up or down
                              P("translate", "xy", (0.0, 0.0), 0.0, 1.0, off=(0.0, 0.0)),
                              P("scale", "pair", (1.0, 1.0), 0.1, 2.0, 0.05, off=(1.0, 1.0)),
                              P("shear", "float", 0.0, 0.0, 60.0, 1.0, off=0.0),
                              P("fill", "int", 0, 0, 255, 1)), random=True),
    StepSpec("ColorJitter", (P("brightness", "float", 0.0, off=0.0), P("contrast", "float", 0.0, off=0.0),
                             P("saturation", "float", 0.0, off=0.0), P("hue", "float", 0.0, 0.0, 0.5, off=0.0)),
             random=True, group="colour"),
    StepSpec("Grayscale", (P("num_output_channels", "choice", 1, choices=(1, 3)),), group="colour"),
    StepSpec("GaussianBlur", (P("kernel_size", "int", 5, 1, 31, 2), P("sigma", "pair", (0.1, 2.0), 0.1, 10.0, 0.1)),
             random=True, group="colour"),
    StepSpec("RandomErasing", (P("p", "float", 0.5), P("scale", "pair", (0.02, 0.33), 0.01, 1.0),
                               P("ratio", "pair", (0.3, 3.3), 0.1, 10.0, 0.1), P("value", "float", 0.0)),
             random=True, tensor_only=True, group="colour"),
    StepSpec("ToImage", group="tensor"),
    # ToDtype's own default is scale=False; the docs' "modern ToTensor" is ToDtype(torch.float32, scale=True)
    StepSpec("ToDtype", (P("scale", "bool", True),), group="tensor"),
    StepSpec("Normalize", (P("mean", "floats", (0.5,)), P("std", "floats", (0.5,))), group="tensor"),
)}
REQUIRED = {"Resize": "size", "CenterCrop": "size", "RandomCrop": "size", "RandomResizedCrop": "size",
            "RandomRotation": "degrees", "RandomAffine": "degrees", "GaussianBlur": "kernel_size"}
SHOWCASE = [["RandomResizedCrop", {"size": 224, "scale": [0.5, 1.0]}], ["RandomHorizontalFlip", {}],
            ["ColorJitter", {"brightness": 0.4, "contrast": 0.4}]]  # what the page starts with


class PipelineError(LocalizedError, ValueError):
    """A step or parameter that cannot run; the message says which and why."""


def new_step(name: str) -> list:
    """[name, params] with every parameter at its default, as the page's Add button makes it."""
    return [name, {p.name: _plain(p.default) for p in spec(name).params}]


def spec(name: str) -> StepSpec:
    try:
        return STEPS[name]
    except KeyError:
        raise PipelineError("errors.pipeline_unknown", name=name, known=", ".join(STEPS)) from None


def arguments(name: str, params: dict) -> dict:
    """The keyword arguments torchvision gets: defaults filled in, lists made tuples, 'off' values left out."""
    args = {}
    for p in spec(name).params:
        value = params.get(p.name, p.default)
        value = tuple(value) if isinstance(value, list) else value
        if p.kind == "pair" and value[0] > value[1]:
            raise PipelineError("errors.pipeline_pair", step=name, param=p.name, low=value[0], high=value[1])
        if p.name == "kernel_size" and value % 2 == 0:
            raise PipelineError("errors.pipeline_odd_kernel", size=value)
        if value != p.off:
            args[p.name] = value
    return args


def build_step(name: str, params: dict):
    from torchvision.transforms import v2  # imported here: torchvision costs ~1.5 s to import

    args = arguments(name, params)
    if name == "ToDtype":
        return v2.ToDtype(torch.float32, **args)
    return getattr(v2, name)(**args)


def build(steps: list) -> Any:
    """The v2.Compose the steps describe; no steps is v2.Identity() (Compose refuses an empty list)."""
    from torchvision.transforms import v2

    return v2.Compose([build_step(name, params) for name, params in steps]) if steps else v2.Identity()


def step_code(name: str, params: dict) -> str:
    """One line of the Compose, keyword arguments only where they differ from torchvision's defaults."""
    s, args = spec(name), arguments(name, params)
    shown = [f"{k}={_literal(v)}" for k, v in args.items()
             if k == REQUIRED.get(name) or k in ("mean", "std", "scale") and name in ("Normalize", "ToDtype")
             or v != _default_of(s, k)]
    if name == "ToDtype":
        shown.insert(0, "torch.float32")
    return f"v2.{name}({', '.join(shown)})"


def to_code(steps: list) -> str:
    """Source text that builds the same transform; run it and `transform` is equal to build(steps)."""
    if not steps:
        return "from torchvision.transforms import v2\n\ntransform = v2.Identity()\n"
    lines = "".join(f"    {step_code(name, params)},\n" for name, params in steps)
    return f"import torch\nfrom torchvision.transforms import v2\n\ntransform = v2.Compose([\n{lines}])\n"


_rng_lock = threading.Lock()  # v2 draws from torch's global generator, shared by every page session


def run_seeded(steps: list, image, seed: int, n: int = 1, numbers: list[int] | None = None) -> list:
    """The pipeline applied n times to the same image, from a fixed seed, leaving the global RNG as it was.

    The steps run one by one, as Compose runs them (the same draws), so that a failure names its
    step: `numbers` are the steps' numbers on the page when `steps` is only a part of its pipeline.
    """
    numbers = list(numbers or range(1, len(steps) + 1))
    transforms = [build_step(name, params) for name, params in steps]
    with _rng_lock, torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return [_through(steps, transforms, numbers, image) for _ in range(n)]


def _through(steps: list, transforms: list, numbers: list[int], image):
    from torchvision.transforms.v2.functional import get_size

    for (name, params), transform, number in zip(steps, transforms, numbers):
        height, width = get_size(image)
        _check_crop_fits(number, name, params, height, width)
        try:
            image = transform(image)
        except (RuntimeError, ValueError, TypeError) as exc:
            raise _readable(exc, number, name, params, height, width) from exc
    return image


def _check_crop_fits(number: int, name: str, params: dict, height: int, width: int) -> None:
    """A RandomCrop larger than the (padded) picture: torchvision only raises; we say by how much and what fits."""
    if name != "RandomCrop":
        return
    args = arguments(name, params)
    size, padding = args["size"], args.get("padding", 0)
    crop_h, crop_w = (size, size) if isinstance(size, int) else size
    if args.get("pad_if_needed") or (crop_h <= height + 2 * padding and crop_w <= width + 2 * padding):
        return
    needed = max(math.ceil((crop_h - height) / 2), math.ceil((crop_w - width) / 2))  # padding adds to both sides
    within = needed <= next(p.high for p in spec(name).params if p.name == "padding")  # the slider reaches it
    raise PipelineError("errors.pipeline_crop_too_big" if within else "errors.pipeline_crop_too_big_far",
                        index=number, crop_h=crop_h, crop_w=crop_w, height=height, width=width, padding=needed)


def order_problems(steps: list) -> list[tuple[str, dict]]:
    """(key, params) for steps placed where they do nothing or do harm, e.g. Normalize before ToDtype."""
    problems, tensor, floating, normalized = [], False, False, False
    for index, (name, params) in enumerate(steps, start=1):
        if spec(name).tensor_only and not tensor:
            problems.append(("transforms.order_tensor_only", {"step": name, "index": index}))
        if name == "ToDtype" and not tensor:  # a PIL image is not a tensor: ToDtype passes it through untouched
            problems.append(("transforms.order_todtype", {"index": index}))
        if name == "Normalize" and not floating:
            problems.append(("transforms.order_normalize", {"index": index}))
        if name == "ColorJitter" and normalized:  # it clamps floats to 0…1: Normalize's negatives become 0
            problems.append(("transforms.order_colour_after_normalize", {"index": index, "step": name}))
        tensor |= name == "ToImage"
        floating |= name == "ToDtype" and tensor and params.get("scale", True)
        normalized |= name == "Normalize" and floating
    return problems


def _readable(exc: Exception, number: int, name: str, params: dict, height: int, width: int) -> PipelineError:
    """torchvision's common complaints in the reader's language, naming the step; others quoted as they are."""
    text = str(exc).split("\n")[0]
    if "must match the size of tensor" in text:
        return PipelineError("errors.pipeline_channels", index=number)
    if "Padding size should be less than" in text and name == "GaussianBlur":  # it mirrors kernel_size // 2
        return PipelineError("errors.pipeline_blur_too_big", index=number, size=arguments(name, params)["kernel_size"],
                             height=height, width=width, limit=2 * min(height, width) - 1)
    if "Padding size should be less than" in text:  # reflect and symmetric padding mirror the picture itself
        return PipelineError("errors.pipeline_reflect_padding", index=number, step=name, height=height, width=width)
    return PipelineError("errors.pipeline_failed", index=number, step=name, reason=text)


def _default_of(s: StepSpec, name: str):
    return next(p.off if p.off != "<required>" else p.default for p in s.params if p.name == name)


def _plain(value):
    return list(value) if isinstance(value, tuple) else value  # JSON-able, as session_state and configs keep it


def _literal(value) -> str:
    if isinstance(value, float):
        short = f"{value:g}"
        short += "" if "." in short or "e" in short else ".0"  # 1.0 stays a float, as torchvision prints it
        return short if float(short) == value else repr(value)
    if isinstance(value, tuple):
        inner = ", ".join(_literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    return repr(value)
