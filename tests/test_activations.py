"""core.vision.activations: every leaf layer is captured with the right shape, and no hook outlives the block."""

import pytest
import torch
from torch import nn

from core.models import create_model, get_model_info, list_models
from core.models.summary import summarize
from core.models.transfer import is_transfer
from core.vision.activations import capture_activations, feature_maps, producing_conv
from core.vision.inference import shipped_model


def hook_count(model: nn.Module) -> int:
    return sum(len(m._forward_hooks) + len(m._forward_pre_hooks) for m in model.modules())


@pytest.mark.parametrize("name", list_models())
def test_every_leaf_layer_is_captured_with_its_shape(name):
    model = create_model(name).eval()
    shape = get_model_info(name).input_shape
    with capture_activations(model) as layers, torch.no_grad():
        model(torch.randn(1, *shape))
    leaves = [n for n, m in model.named_modules() if n and not list(m.children())]
    names = [layer.name for layer in layers]
    if is_transfer(name):  # torchvision's nets call a leaf twice (ResNet's relu) or out of order (MobileNet's SE)
        assert set(names) == set(leaves)
    else:
        assert names == leaves
    assert [layer.shape for layer in layers] == [row.output_shape for row in summarize(model, shape)]
    assert hook_count(model) == 0


def test_convnet_layers_hold_the_real_numbers():
    model = create_model("convnet").eval()
    x = torch.randn(1, 1, 28, 28)
    with capture_activations(model) as layers, torch.no_grad():
        model(x)
    by_name = {layer.name: layer for layer in layers}
    torch.testing.assert_close(by_name["conv1"].output, model.conv1(x))
    torch.testing.assert_close(by_name["conv1"].input, x)
    assert by_name["relu1"].low >= 0 and by_name["conv1"].low < 0
    assert by_name["pool"].shape == (1, 10, 12, 12) and by_name["fc2"].shape == (1, 10)
    assert by_name["pool"].has_channels and not by_name["fc1"].has_channels


def test_hooks_are_removed_and_mode_restored_after_an_exception():
    model = create_model("cnn").train()
    with pytest.raises(RuntimeError):
        with capture_activations(model) as layers:
            model.eval()
            model(torch.randn(1, 3, 28, 28))  # wrong channel count: the first conv raises
    assert layers == [] and hook_count(model) == 0
    assert model.training, "train mode is back"


def test_an_in_place_relu_does_not_overwrite_the_captured_conv_output():
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(inplace=True))
    with capture_activations(model) as layers, torch.no_grad():
        model(torch.randn(1, 1, 6, 6))
    assert layers[0].low < 0 <= layers[1].low


def test_feature_maps_leave_the_shared_model_untouched():
    model = shipped_model()
    x = torch.randn(1, 28, 28)
    before = hook_count(model), model.training, model.conv1.weight.requires_grad
    maps = feature_maps(model, x)
    assert (hook_count(model), model.training, model.conv1.weight.requires_grad) == before
    assert len(maps.layers) == 9 and abs(sum(maps.probs) - 1) < 1e-5
    with torch.no_grad():
        assert maps.probs == torch.softmax(model(x.unsqueeze(0)), dim=1)[0].tolist()


def test_producing_conv_walks_back_over_per_channel_layers():
    layers = feature_maps(create_model("convnet"), torch.randn(1, 28, 28)).layers
    names = [layer.name for layer in layers]
    source = {name: producing_conv(layers, i) for i, name in enumerate(names)}
    assert names[source["conv1"]] == names[source["relu1"]] == names[source["pool"]] == "conv1"
    assert names[source["relu2"]] == "conv2"
    assert source["flatten"] is None and source["fc1"] is None
