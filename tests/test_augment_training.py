"""A Transforms-page pipeline as training augmentation: a short run with one, and the CLI flag for it."""

import math

from core import train as cli
from core.models import create_model
from core.training.config import TrainConfig
from core.training.loop import train
from core.training.presets import matching_preset
from core.training.records import EndRecord, EpochRecord

PIPELINE = [["RandomRotation", {"degrees": 10.0}], ["RandomCrop", {"size": 28, "padding": 2}],
            ["ToImage", {}], ["Normalize", {"mean": [0.5], "std": [0.5]}]]


def test_training_with_a_small_pipeline_runs():
    config = TrainConfig(model="linear", train_subset=500, test_subset=200, batch_size=100, epochs=1, device="cpu",
                         augment_pipeline=PIPELINE)
    records = list(train(config, create_model("linear")))
    epoch, end = records[-2], records[-1]
    assert isinstance(epoch, EpochRecord) and math.isfinite(epoch.train_loss) and epoch.test_acc > 0.3
    assert isinstance(end, EndRecord) and end.reason == "finished"


def test_the_default_config_has_no_pipeline_and_still_matches_its_preset():
    assert TrainConfig().augment_pipeline == [] and matching_preset(TrainConfig()) == "fast"
    args = cli.get_args_parser().parse_args(["--augment-pipeline", '[["RandomHorizontalFlip", {"p": 0.5}]]'])
    assert args.augment_pipeline == [["RandomHorizontalFlip", {"p": 0.5}]]
    assert cli.get_args_parser().parse_args([]).augment_pipeline == []


def test_the_train_page_code_runs_the_pipeline_on_training_images_only():
    from PIL import Image

    from core.code.training_code import training_loop_code

    for augment in (False, True):
        code = training_loop_code(TrainConfig(augment=augment, augment_pipeline=PIPELINE))
        space: dict = {}
        exec(code[:code.index("train_set = ")], space)
        names = [type(t).__name__ for t in space["train_transform"].transforms]
        assert names[:2] == ["RandomRotation", "RandomCrop"] and names[-2:] == ["ToTensor", "Normalize"]
        assert ("RandomAffine" in names) == augment and "ToImage" not in names
        assert space["train_transform"](Image.new("L", (28, 28))).shape == (1, 28, 28)
        assert [type(t).__name__ for t in space["test_transform"].transforms] == ["ToTensor", "Normalize"]
