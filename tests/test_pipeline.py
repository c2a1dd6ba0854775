"""Pipelines as data: every step's defaults are torchvision's, and the code shown builds the same transform."""

import inspect

import numpy as np
import pytest
import torch
from PIL import Image

from core.data.augment import augment_images, training_steps
from core.data.pipeline import (REQUIRED, SHOWCASE, STEPS, PipelineError, build, new_step, order_problems, run_seeded,
                           to_code)

TO_FLOAT = [["ToImage", {}], ["ToDtype", {"scale": True}]]


def photo() -> Image.Image:
    g = torch.Generator().manual_seed(0)
    return Image.fromarray(torch.randint(0, 256, (240, 320, 3), generator=g, dtype=torch.uint8).numpy(), "RGB")


def changed(name: str) -> dict:
    """Every parameter moved off its default, so the code must carry each one."""
    params = new_step(name)[1]
    for p in STEPS[name].params:
        if p.kind == "int":
            params[p.name] = int(min(p.high, p.default + 2 * p.step)) if p.name != "size" else 48
        elif p.kind == "float":
            params[p.name] = round(min(p.high, p.default + 0.2 * (p.high - p.low)), 3)
        elif p.kind == "bool":
            params[p.name] = not p.default
        elif p.kind == "choice":
            params[p.name] = p.choices[-1]
        elif p.kind == "size":
            params[p.name] = [48, 40]  # (height, width), torchvision's second form
        elif p.kind == "xy":
            params[p.name] = [0.3, 0.1]  # translate: horizontal above vertical, no order between them
        elif p.kind == "pair":
            params[p.name] = [round(p.low + 0.1 * (p.high - p.low), 3), round(p.low + 0.7 * (p.high - p.low), 3)]
        elif p.kind == "floats":
            params[p.name] = [0.25] if p.name == "mean" else [0.75]
    return params


def from_code(steps):
    space = {}
    exec(to_code(steps), space)
    return space["transform"]


def same_output(steps):
    image, mine, theirs = photo(), build(steps), from_code(steps)
    torch.manual_seed(3)
    a = mine(image)
    torch.manual_seed(3)
    b = theirs(image)
    a, b = (torch.as_tensor(np.array(x)) if isinstance(x, Image.Image) else x for x in (a, b))
    assert torch.equal(a, b)
    assert repr(mine) == repr(theirs)


@pytest.mark.parametrize("name", sorted(STEPS))
@pytest.mark.parametrize("moved", [False, True], ids=["defaults", "changed"])
def test_code_round_trip_for_every_transform(name, moved):
    step = [name, changed(name) if moved else new_step(name)[1]]
    before = TO_FLOAT if STEPS[name].tensor_only or name == "Normalize" else []
    same_output(before + [step] if name not in ("ToImage", "ToDtype") else [["ToImage", {}], step])


@pytest.mark.parametrize("name", sorted(STEPS))
def test_defaults_are_torchvisions(name):
    from torchvision.transforms import v2

    signature = inspect.signature(getattr(v2, name)).parameters
    for p in STEPS[name].params:
        theirs = signature[p.name].default
        if p.name == REQUIRED.get(name) or (name, p.name) in {("Normalize", "mean"), ("Normalize", "std")}:
            assert theirs is inspect.Parameter.empty, f"{name}.{p.name} is required in torchvision"
        elif name == "ToDtype":
            assert theirs is False and p.default is True  # the docs' ToTensor recipe: scale=True
        elif theirs is None:
            assert p.off == p.default, f"{name}.{p.name}: our default must mean None"
        elif p.name == "interpolation":
            assert theirs == p.default or getattr(theirs, "value", None) == p.default
        else:
            assert tuple(theirs) == tuple(p.default) if p.kind == "pair" else theirs == p.default, (name, p.name)


def test_a_whole_pipeline_round_trips_and_normalizes():
    steps = SHOWCASE + TO_FLOAT + [["Normalize", {"mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5]}]]
    same_output(steps)
    out = run_seeded(steps, photo(), seed=1, n=3)
    assert [tuple(o.shape) for o in out] == [(3, 224, 224)] * 3
    assert -1.0 <= float(out[0].min()) and float(out[0].max()) <= 1.0
    assert not torch.equal(out[0], out[1]), "random steps draw anew for each sample"
    assert all(torch.equal(a, b) for a, b in zip(out, run_seeded(steps, photo(), seed=1, n=3))), "same seed"


def test_bad_settings_are_readable_errors():
    with pytest.raises(PipelineError) as error:
        build([["GaussianBlur", {"kernel_size": 4}]])
    assert "odd" in error.value.render("en")
    with pytest.raises(PipelineError):
        build([["Warp", {}]])
    with pytest.raises(PipelineError) as error:
        run_seeded([["Normalize", {"mean": [0.5], "std": [0.5]}]], photo(), seed=0)
    assert error.value.render("zh")
    assert order_problems([["Normalize", {}], ["RandomErasing", {}]]) == [
        ("transforms.order_normalize", {"index": 1}), ("transforms.order_tensor_only", {"step": "RandomErasing",
                                                                                       "index": 2})]


def test_training_pipeline_keeps_the_dataset_shape():
    steps = [["ToImage", {}], ["RandomCrop", {"size": 200, "padding": 4}], ["Grayscale", {}],
             ["RandomRotation", {"degrees": 20, "expand": True}], ["Normalize", {}]]
    kept, notes = training_steps(steps, (3, 32, 32))
    assert [name for name, _ in kept] == ["RandomCrop", "Grayscale", "RandomRotation"]
    assert {key for key, _ in notes} == {"transforms.train_skipped", "transforms.train_pinned",
                                         "transforms.train_channels", "transforms.train_no_expand"}
    images = torch.randint(0, 256, (5, 3, 32, 32), dtype=torch.uint8)
    out = augment_images(images, steps, torch.Generator().manual_seed(0))
    assert out.shape == images.shape and out.dtype == torch.uint8


def test_torchvisions_common_complaints_are_translated():
    with pytest.raises(PipelineError) as error:
        run_seeded([["RandomCrop", {"size": 400}]], photo(), seed=0)  # padding 80 would fit
    assert error.value.message.key == "errors.pipeline_crop_too_big" and "pad_if_needed" in error.value.render("zh")
    steps = TO_FLOAT + [["Normalize", {"mean": [0.5, 0.5], "std": [0.2, 0.2]}]]  # two values, three channels
    with pytest.raises(PipelineError) as error:
        run_seeded(steps, photo(), seed=0)
    assert error.value.message.key == "errors.pipeline_channels"
