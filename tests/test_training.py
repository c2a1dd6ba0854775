"""core.training.loop's record generator, the lr schedules, batch augmentation and the `core.train` CLI."""

import json
import math
import threading

import pytest
import torch
from torch import nn

from core import train as cli
from core.data.batches import random_affine
from core.models import create_model
from core.training.config import TrainConfig
from core.training.loop import train
from core.training.optim import lr_at
from core.training.records import EndRecord, EpochRecord, StartRecord, StepRecord

SMALL = dict(train_subset=2000, test_subset=500, batch_size=100, epochs=1, device="cpu")  # 20 steps


@pytest.mark.slow
def test_one_epoch_of_convnet_on_full_mnist():
    config = TrainConfig(model="convnet", epochs=1, seed=0, device="cpu")
    records = list(train(config, create_model("convnet")))
    start, *steps, epoch, end = records
    assert isinstance(start, StartRecord) and (start.train_size, start.test_size) == (60000, 10000)
    assert start.total_steps == math.ceil(60000 / config.batch_size) == len(steps)
    assert all(isinstance(r, StepRecord) for r in steps)
    assert [r.step for r in steps] == list(range(1, len(steps) + 1))
    assert steps[-1].progress == pytest.approx(1.0)
    assert isinstance(epoch, EpochRecord) and epoch.epoch == 1
    assert epoch.test_acc >= 0.97
    assert isinstance(end, EndRecord) and end.reason == "finished" and end.epochs_done == 1
    assert end.best_acc == epoch.test_acc


def test_stop_flag_ends_the_run_at_the_next_step():
    stop = threading.Event()
    run = train(TrainConfig(model="linear", **SMALL), create_model("linear"), stop)
    assert isinstance(next(run), StartRecord)
    steps = [next(run) for _ in range(3)]
    assert [type(r) for r in steps] == [StepRecord] * 3
    stop.set()
    end = next(run)
    assert isinstance(end, EndRecord) and end.reason == "stopped" and end.epochs_done == 0
    assert list(run) == []


def test_absurd_learning_rate_diverges_with_advice():
    config = TrainConfig(model="convnet", optimizer="sgd", lr=1e6, seed=0, **SMALL)
    *_, end = train(config, create_model("convnet"))
    assert end.reason == "diverged"
    assert "learning rate 1e+06" in end.message and "Try a learning rate of 0.1" in end.message


class NaNNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(784, 10)

    def forward(self, x):
        return self.fc(x.flatten(1)) * float("nan")


def test_nan_loss_stops_at_the_first_step():
    records = list(train(TrainConfig(model="linear", **SMALL), NaNNet()))
    assert [r.event for r in records] == ["start", "step", "end"], "the chart ends where the message does"
    assert math.isnan(records[1].loss)
    assert records[-1].reason == "diverged"
    assert "NaN" in records[-1].message and "learning rate" in records[-1].message


def test_constant_schedule():
    config = TrainConfig(lr=0.01, epochs=3, schedule="constant")
    assert [lr_at(config, s, 10) for s in (0, 15, 29)] == [0.01, 0.01, 0.01]


def test_step_schedule_is_seed_004s_formula():
    config = TrainConfig(lr=0.1, schedule="step", step_size=2, gamma=0.5, epochs=6)
    for step in range(60):
        epoch = step // 10
        assert lr_at(config, step, 10) == pytest.approx(0.1 * 0.5 ** (epoch // 2))
    assert [lr_at(config, s, 10) for s in (0, 19, 20, 59)] == pytest.approx([0.1, 0.1, 0.05, 0.025])


def test_cosine_schedule_falls_from_lr_towards_zero():
    config = TrainConfig(lr=0.2, schedule="cosine", epochs=4)
    lrs = [lr_at(config, s, 25) for s in range(100)]
    assert lrs[0] == pytest.approx(0.2)
    assert lrs[50] == pytest.approx(0.1)
    assert all(a > b for a, b in zip(lrs, lrs[1:]))
    assert 0 < lrs[-1] < 1e-3


def test_cifar_model_on_mnist_is_refused():
    with pytest.raises(ValueError, match="3×32×32"):
        next(train(TrainConfig(model="cifar-net", dataset="mnist", **SMALL), create_model("cifar-net")))


def test_random_affine_is_a_seeded_batch_transform():
    x = torch.rand(8, 1, 28, 28, generator=torch.Generator().manual_seed(1))
    a = random_affine(x, torch.Generator().manual_seed(7))
    b = random_affine(x, torch.Generator().manual_seed(7))
    c = random_affine(x, torch.Generator().manual_seed(8))
    assert a.shape == x.shape and torch.equal(a, b) and not torch.allclose(a, c)
    identity = random_affine(x, torch.Generator().manual_seed(7), degrees=0, translate=0, scale=(1, 1), shear=0)
    torch.testing.assert_close(identity, x)


def test_random_pen_width_thickens_thins_or_keeps_each_digit():
    from core.data.batches import random_pen_width

    x = torch.zeros(60, 1, 28, 28)
    x[:, :, 8:20, 13:15] = 1.0  # a 2 px wide stroke
    widths = random_pen_width(x, torch.Generator().manual_seed(0)).sum(dim=(1, 2, 3)) / 12
    assert set(widths.round().tolist()) == {1.0, 2.0, 3.0}  # thinner, unchanged, thicker


def test_cli_prints_json_lines_and_writes_the_checkpoint(tmp_path, capsys):
    out = tmp_path / "m.pt"
    code = cli.main(["--model", "linear", "--train-subset", "2000", "--test-subset", "500",
                     "--epochs", "1", "--batch-size", "100", "--device", "cpu", "--log-every", "5",
                     "--out", str(out)])
    assert code == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["event"] for r in lines] == ["start", "step", "step", "step", "step", "epoch", "end", "saved"]
    epoch = lines[5]
    assert 0.5 < epoch["test_acc"] <= 1 and epoch["samples_per_s"] > 0
    assert lines[-2]["reason"] == "finished"
    assert out.is_file() and (tmp_path / "m.json").is_file()
    assert json.loads((tmp_path / "m.json").read_text())["test_acc"] == epoch["test_acc"]


def test_the_same_config_gives_the_same_initial_weights():
    from core.training.loop import seeded_model

    a, b = seeded_model(TrainConfig(seed=3)), seeded_model(TrainConfig(seed=3))
    c = seeded_model(TrainConfig(seed=4))
    assert all(torch.equal(x, y) for x, y in zip(a.state_dict().values(), b.state_dict().values()))
    assert not torch.equal(a.conv1.weight, c.conv1.weight)


@pytest.mark.parametrize("optimizer", ["adam", "rmsprop", "sgd"])
def test_an_exploding_loss_is_divergence_even_without_nan(optimizer):
    # lr 10 drives the loss to 1e2..1e15 while staying finite; the run must not "finish" at chance
    config = TrainConfig(model="convnet", optimizer=optimizer, lr=10.0, batch_size=32, seed=0, **{
        k: v for k, v in SMALL.items() if k != "batch_size"})
    *_, end = train(config, create_model("convnet"))
    assert end.reason == "diverged" and end.message_key.startswith("train.diverged")
    usual = {"adam": 0.001, "rmsprop": 0.001, "sgd": 0.1}[optimizer]  # a rate that trains (tests/test_train_advice.py)
    assert f"Try a learning rate of {usual:g}" in end.message


def test_cli_writes_tensorboard_events_when_asked(tmp_path, capsys):
    code = cli.main(["--model", "linear", "--train-subset", "500", "--test-subset", "100", "--epochs", "1",
                     "--batch-size", "100", "--device", "cpu", "--log-every", "0", "--tensorboard", str(tmp_path)])
    assert code == 0 and [json.loads(line)["event"] for line in capsys.readouterr().out.splitlines()][0] == "start"
    assert len(list(tmp_path.glob("events.out.tfevents.*"))) == 1


def test_cli_help_lists_every_flag():
    text = " ".join(cli.get_args_parser().format_help().split())  # a "%" in a help text once broke --help
    assert "reaches 99% on MNIST" in text and "--tensorboard" in text and "torchrun" in text
