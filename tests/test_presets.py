"""core.presets: each is a valid recipe, the CLI's defaults are "fast", "shipped" is how the model was made."""

import json

import pytest

from core.checkpoints import SHIPPED
from core.config import TrainConfig
from core.presets import PRESETS, matching_preset, preset


def test_the_defaults_are_the_fast_preset():
    assert PRESETS["fast"] == TrainConfig()
    assert matching_preset(TrainConfig(seed=7, device="cpu")) == "fast"


def test_seed000_is_the_tutorial_loop():
    config = PRESETS["seed000"]
    assert (config.optimizer, config.lr, config.batch_size, config.schedule) == ("adam", 1e-3, 512, "constant")


def test_shipped_preset_is_how_the_shipped_checkpoint_was_trained():
    trained = json.loads(SHIPPED.with_suffix(".json").read_text(encoding="utf-8"))["config"]
    recipe = PRESETS["shipped"].to_dict()
    assert {k: recipe[k] for k in trained} == trained


def test_changes_and_unknown_names():
    assert preset("seed000", device="cpu").device == "cpu"
    assert matching_preset(preset("fast", lr=0.1)) is None
    with pytest.raises(ValueError, match="fast"):
        preset("fastest")
