"""A folder of your own pictures trains through the same loop and CLI as MNIST (toward #23)."""

from __future__ import annotations

import json

import pytest
import torch

from core import train as cli
from core.data.shape_pictures import CLASSES
from core.models import create_model
from core.models.checkpoints import read_metadata
from core.models.heads import with_classes
from core.training.config import TrainConfig
from core.training.loop import IncompatibleModel, check_compatible, seeded_model
from core.training.records import EpochRecord, StartRecord

from shape_folder import own_cache, shapes  # noqa: F401  (fixtures)


def test_the_cli_trains_on_a_folder_and_the_checkpoint_says_what_it_was_fed(shapes, tmp_path, capsys):
    out = tmp_path / "shapes.pt"
    code = cli.main(["--dataset", f"folder:{shapes}", "--model", "cifar-net", "--epochs", "2", "--batch-size", "8",
                     "--log-every", "0", "--out", str(out), "--tensorboard", str(tmp_path / "tb")])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    start = next(line for line in lines if line["event"] == "start")
    assert (start["train_size"], start["test_size"]) == (36, 9)  # 20% of each class of 15 for validation
    assert code in (0, 1) and lines[-1] == {"event": "saved", "path": str(out)}  # 1: it says it barely learned
    meta = read_metadata(out)
    assert meta["classes"] == list(CLASSES) and meta["input_shape"] == [3, 32, 32]
    mean, std = meta["input_stats"]
    assert len(mean) == len(std) == 3 and all(s > 0 for s in std)
    assert list((tmp_path / "tb").glob("events.out.tfevents.*")), "TensorBoard got the folder's sample batch"


def test_on_a_folder_the_cli_starts_from_the_pages_recipe_for_pictures_and_knows_torchvisions_names():
    args = cli.parse_config_args(["--dataset", "folder:/somewhere"])
    assert (args["model"], args["batch_size"], args["lr"], args["epochs"], args["augment"]) == (
        "cifar-net", 16, 2e-3, 40, True)  # not MNIST's batch of 256: one step an epoch on 300 pictures
    assert cli.parse_config_args(["--dataset", "folder:/x", "--model", "resnet18"])["model"] == "resnet18-transfer"
    assert cli.parse_config_args(["--model", "mobilenet_v3_small"])["model"] == "mobilenet-v3-small-transfer"
    assert cli.parse_config_args(["--dataset", "folder:/x", "--preset", "fast"])["batch_size"] == 256  # as asked
    assert cli.parse_config_args(["--dataset", "folder:/x", "--batch-size", "8"])["batch_size"] == 8


def test_the_model_gets_a_head_for_the_folders_classes(shapes):
    model = seeded_model(TrainConfig(dataset=f"folder:{shapes}", model="cifar-net"))
    assert model(torch.zeros(2, 3, 32, 32)).shape == (2, 3)
    assert create_model("cifar-net")(torch.zeros(1, 3, 32, 32)).shape == (1, 10), "the registry's model is untouched"


def test_with_classes_swaps_only_the_last_linear():
    model = create_model("convnet")
    before = {name: p.clone() for name, p in model.named_parameters() if not name.startswith("fc2")}
    with_classes(model, 4)
    assert model.fc2.out_features == 4 and model.fc2.in_features == 500
    assert all(torch.equal(p, before[name]) for name, p in model.named_parameters() if name in before)


def test_a_model_for_grey_digits_is_refused_in_words(shapes):
    """Pictures are read at the size the model eats; a grey-digit model still cannot take colour."""
    with pytest.raises(IncompatibleModel) as refused:
        check_compatible(TrainConfig(dataset=f"folder:{shapes}", model="convnet"))
    assert "1×28×28" in str(refused.value) and "3×28×28" in str(refused.value)  # colour, at its size


def test_the_loop_reads_a_folder_as_its_validation_set(shapes):
    from core.training.loop import train

    config = TrainConfig(dataset=f"folder:{shapes}", model="cifar-net", epochs=1, batch_size=12)
    records = list(train(config, seeded_model(config)))
    assert isinstance(records[0], StartRecord) and records[0].test_size == 9
    epoch = next(r for r in records if isinstance(r, EpochRecord))
    assert len(epoch.confusion) == 3 and sum(map(sum, epoch.confusion)) == 9
