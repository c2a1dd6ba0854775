"""core.models: every registered model runs on its own input shape; the registry refuses mistakes."""

import pytest
import torch
from torch import nn

from core.models import create_model, get_model_info, list_models, register_model


def test_the_seed_models_are_registered():
    assert {"convnet", "cnn", "linear", "cifar-net"} <= set(list_models())


@pytest.mark.parametrize("name", list_models())
def test_output_is_one_row_of_ten_per_image(name):
    info = get_model_info(name)
    torch.manual_seed(0)
    out = create_model(name).eval()(torch.randn(4, *info.input_shape))
    assert out.shape == (4, info.num_classes) == (4, 10)
    assert torch.isfinite(out).all()


@pytest.mark.parametrize("name", list_models())
def test_source_is_the_class_we_run(name):
    info = get_model_info(name)
    assert "class" in info.source
    assert f"class {type(create_model(name)).__name__}(" in info.source


def test_duplicate_name_is_refused():
    with pytest.raises(ValueError, match="convnet"):
        @register_model("convnet", "an impostor", (1, 28, 28))
        class Impostor(nn.Module):
            pass
    assert create_model("convnet").__class__.__name__ != "Impostor"


def test_unknown_name_lists_the_choices():
    with pytest.raises(ValueError) as info:
        create_model("resnet-9000")
    assert "resnet-9000" in str(info.value)
    assert all(name in str(info.value) for name in list_models())


def test_convnet_matches_seed_000():
    layers = [m for m in create_model("convnet").modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    described = [
        (type(m).__name__, m.in_channels, m.out_channels, m.kernel_size) if isinstance(m, nn.Conv2d)
        else (type(m).__name__, m.in_features, m.out_features)
        for m in layers
    ]
    assert described == [
        ("Conv2d", 1, 10, (5, 5)),
        ("Conv2d", 10, 20, (3, 3)),
        ("Linear", 2000, 500),
        ("Linear", 500, 10),
    ]


def test_convnet_outputs_log_probabilities():
    torch.manual_seed(0)
    with torch.no_grad():
        out = create_model("convnet")(torch.randn(5, 1, 28, 28))
    assert (out <= 0).all()
    torch.testing.assert_close(out.exp().sum(dim=1), torch.ones(5))
