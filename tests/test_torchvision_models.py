"""torchvision architectures (weights=None): summaries, head surgery, and weights from a local file only."""

import io

import pytest
import torch
from torch import nn

from core.models.checkpoints import CheckpointError
from core.models.summary import size_in_mb, summarize
from core.models.torchvision_models import INPUT_SHAPE, TORCHVISION_MODELS, build_torchvision, first_conv, head_surgery, \
    load_pretrained


def total(rows) -> int:
    return sum(r.parameters for r in rows)


@pytest.mark.parametrize("name, parameters, megabytes", [
    ("vgg16", 138_357_544, 527.8), ("resnet18", 11_689_512, 44.7), ("resnet50", 25_557_032, 97.7)])
def test_summary_on_the_meta_device_has_the_published_sizes(name, parameters, megabytes):
    model = build_torchvision(name)
    rows = summarize(model, INPUT_SHAPE)
    assert total(rows) == parameters == sum(p.numel() for p in model.parameters())
    assert size_in_mb(model) == pytest.approx(megabytes, abs=0.1)
    assert rows[-1].output_shape == (1, 1000) and all(p.is_meta for p in model.parameters())


def test_meta_shapes_are_the_real_shapes():
    """The one real forward pass: ResNet-18 on 1×3×224×224 gives the shapes the meta summary says."""
    real = build_torchvision("resnet18", "cpu")
    assert [r.output_shape for r in summarize(real, INPUT_SHAPE)] == \
        [r.output_shape for r in summarize(build_torchvision("resnet18"), INPUT_SHAPE)]


@pytest.mark.parametrize("name", list(TORCHVISION_MODELS))
def test_replace_gives_ten_classes_and_fewer_parameters(name):
    before = summarize(build_torchvision(name), INPUT_SHAPE)
    after = summarize(head_surgery(build_torchvision(name), name, "replace"), INPUT_SHAPE)
    head = build_torchvision(name).get_submodule(TORCHVISION_MODELS[name].head)
    assert after[-1].output_shape == (1, 10) and len(after) == len(before)
    assert total(before) - total(after) == (head.in_features + 1) * (1000 - 10)


@pytest.mark.parametrize("name", list(TORCHVISION_MODELS))
def test_append_keeps_the_old_head_and_adds_one(name):
    before = summarize(build_torchvision(name), INPUT_SHAPE)
    after = summarize(head_surgery(build_torchvision(name), name, "append", classes=7), INPUT_SHAPE)
    assert after[-2].output_shape == (1, 1000) and after[-1].output_shape == (1, 7)
    assert total(after) - total(before) == 1000 * 7 + 7 and len(after) == len(before) + 1


def test_seed_002_vgg16_surgery_names():
    appended = head_surgery(build_torchvision("vgg16"), "vgg16", "append")
    assert isinstance(appended.classifier.add_linear, nn.Linear) and appended.classifier.add_linear.in_features == 1000
    replaced = head_surgery(build_torchvision("vgg16"), "vgg16", "replace")
    assert replaced.classifier[6].out_features == 10 and replaced.classifier[6].in_features == 4096
    assert isinstance(head_surgery(build_torchvision("resnet18"), "resnet18", "append").fc, nn.Sequential)


def saved(state: dict) -> bytes:
    buffer = io.BytesIO()
    torch.save(state, buffer)
    return buffer.getvalue()


def test_weights_from_a_local_file_load_into_real_tensors():
    torch.manual_seed(0)
    state = build_torchvision("resnet18", "cpu").state_dict()
    model = load_pretrained("resnet18", saved(state))
    assert not any(t.is_meta for t in [*model.parameters(), *model.buffers()])
    torch.testing.assert_close(first_conv(model).weight, state["conv1.weight"])
    assert first_conv(model).weight.shape == (64, 3, 7, 7) and not model.training


def test_weights_that_do_not_fit_are_refused_with_the_reason():
    state = head_surgery(build_torchvision("resnet18", "cpu"), "resnet18", "replace").state_dict()
    with pytest.raises(CheckpointError) as info:
        load_pretrained("resnet18", saved(state))
    assert "fc.weight has shape [10, 512] but ResNet-18 needs [1000, 512]" in str(info.value)
    with pytest.raises(CheckpointError, match="not a PyTorch checkpoint"):
        load_pretrained("resnet18", b"not weights at all")


def test_a_pickled_model_is_refused_not_run():
    class Evil:
        def __reduce__(self):
            return (print, ("this must never run",))
    with pytest.raises(CheckpointError, match="never runs code"):
        load_pretrained("resnet18", saved({"x": Evil()}))


def test_resnet_rows_group_into_its_blocks():
    from core.models.summary import group_rows
    model = build_torchvision("resnet50")
    rows = summarize(model, INPUT_SHAPE)
    blocks = group_rows(model, [r for r in rows if r.parameters])
    assert [b.name for b in blocks][:4] == ["conv1", "bn1", "layer1.0", "layer1.1"] and blocks[-1].name == "fc"
    assert len(blocks) == 19 and blocks[2].kind == "Bottleneck"
    assert sum(b.parameters for b in blocks) == total(rows)
