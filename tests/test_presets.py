"""core.training.presets: each is a valid recipe, the CLI's defaults are "fast", "shipped" is how the model was made."""

import json

import pytest

from core.models.checkpoints import SHIPPED
from core.training.config import TrainConfig
from core.training.presets import PRESETS, matching_preset, preset


def test_the_defaults_are_the_fast_preset():
    assert PRESETS["fast"] == TrainConfig()
    assert matching_preset(TrainConfig(seed=7, device="cpu")) == "fast"


def test_seed000_is_the_tutorial_loop():
    config = PRESETS["seed000"]
    assert (config.optimizer, config.lr, config.batch_size, config.schedule) == ("adam", 1e-3, 512, "constant")
    assert (config.epochs, config.precision) == (20, "fp32")  # as written; tests/test_seed000.py runs its loop


def test_the_cli_starts_from_a_preset_and_its_flags_change_it():
    from core.train import parse_config_args

    def config(*argv):
        args = parse_config_args(list(argv))
        return TrainConfig(**{k: v for k, v in args.items() if k not in ("out", "log_every", "tensorboard")})

    assert config() == PRESETS["fast"]
    assert config("--preset", "seed000") == PRESETS["seed000"]
    assert config("--preset", "seed000", "--epochs", "3") == preset("seed000", epochs=3)
    assert config("--epochs", "3", "--preset", "shipped") == preset("shipped", epochs=3)


def test_shipped_preset_is_how_the_shipped_checkpoint_was_trained():
    trained = json.loads(SHIPPED.with_suffix(".json").read_text(encoding="utf-8"))["config"]
    recipe = PRESETS["shipped"].to_dict()
    assert {k: recipe[k] for k in trained} == trained


def test_changes_and_unknown_names():
    assert preset("seed000", device="cpu").device == "cpu"
    assert matching_preset(preset("fast", lr=0.1)) is None
    with pytest.raises(ValueError, match="fast"):
        preset("fastest")
