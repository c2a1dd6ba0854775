"""core.models.checkpoints._guess_architecture: a bare state_dict is matched to the registry model
with exactly its names and shapes, by models built on the meta device (no weights allocated)."""

import pytest
import torch

from core.models import checkpoints, create_model, list_models
from core.models.checkpoints import CheckpointError, _guess_architecture


def meta_state(name: str) -> dict:
    with torch.device("meta"):
        return create_model(name).state_dict()


@pytest.mark.parametrize("name", list_models())
def test_every_registered_model_is_recognised_by_its_names_and_shapes(name):
    assert _guess_architecture(meta_state(name)) == name


def test_guessing_builds_no_weights(monkeypatch):
    built = []

    def spy(name):
        model = create_model(name)
        built.extend(p.device.type for p in model.parameters())
        return model

    monkeypatch.setattr(checkpoints, "create_model", spy)
    checkpoints._shapes.cache_clear()
    try:
        assert _guess_architecture(meta_state(list_models()[-1])) == list_models()[-1]  # every model tried
    finally:
        checkpoints._shapes.cache_clear()  # the spy's models must not stay cached
    assert built and set(built) == {"meta"}


def test_a_state_dict_no_model_has_is_refused_in_words():
    state = meta_state("cifar-net")
    state["extra.weight"] = torch.zeros(2, 2, device="meta")
    with pytest.raises(CheckpointError) as refused:
        _guess_architecture(state)
    assert refused.value.message.key == "errors.ckpt_no_architecture"
    wrong = meta_state("convnet")
    wrong["fc2.weight"] = torch.zeros(3, 500, device="meta")  # a head of 3 classes: not a registry shape
    with pytest.raises(CheckpointError):
        _guess_architecture(wrong)
