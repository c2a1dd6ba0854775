"""ui/inside/view_cache.py: a model's outputs for an input are computed once and shared, never another model's."""

import pytest
import torch

from core.models import create_model
from ui.inside import view_cache
from ui.inside.view_cache import input_key, shared_feature_maps, shared_layer_pictures


@pytest.fixture(autouse=True)
def empty_caches():
    view_cache._maps.clear()
    view_cache._pictures.clear()


def test_the_same_model_and_input_are_computed_once():
    model, x = create_model("convnet").eval(), torch.randn(1, 28, 28)
    maps = shared_feature_maps(model, x)
    assert shared_feature_maps(model, x.clone()) is maps, "the same numbers: the same outputs, not a new pass"
    assert shared_feature_maps(model, x + 1) is not maps
    pictures = shared_layer_pictures(model, x, maps, [str(d) for d in range(10)], maps.layers)
    assert shared_layer_pictures(model, x, maps, [str(d) for d in range(10)], maps.layers) is pictures
    assert input_key(x) != input_key(x.double()) and input_key(x) != input_key(x.reshape(28, 1, 28))


def test_another_model_under_a_reused_id_gets_its_own_outputs(monkeypatch):
    monkeypatch.setattr(view_cache, "id", lambda model: 42, raising=False)  # as if the first model's id came back
    first, second, x = create_model("convnet").eval(), create_model("convnet").eval(), torch.randn(1, 28, 28)
    assert shared_feature_maps(first, x).probs != shared_feature_maps(second, x).probs
    with torch.no_grad():
        expected = torch.softmax(second(x.unsqueeze(0)), dim=1)[0].tolist()
    assert shared_feature_maps(second, x).probs == pytest.approx(expected, abs=1e-6), "the second model's own"


def test_a_224_pixel_input_is_not_kept():
    model, x = create_model("resnet18-transfer").eval(), torch.randn(3, 224, 224)
    assert shared_feature_maps(model, x) is not shared_feature_maps(model, x), "~100 MB of outputs: recomputed"
