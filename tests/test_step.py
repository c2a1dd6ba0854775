"""core.training.step: the eager step, where CUDA graphs are used, and (on a GPU) that graphs train the same run."""

import pytest
import torch

from core.models import create_model
from core.training.config import TrainConfig
from core.training.engine import pick_engine
from core.training.loop import seeded_model, train
from core.training.optim import build_optimizer, set_lr
from core.training.records import EpochRecord, StepRecord
from core.training.step import EagerSteps, graphs_fit

CUDA = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")


@pytest.mark.parametrize("device, distributed, optimizer, expected", [
    ("cuda", False, "adam", True), ("cuda", False, "adamw", True),
    ("cpu", False, "adam", False),  # nothing to replay on a CPU: each op runs as it is called
    ("cuda", True, "adam", False),  # DDP's gradient hooks stay eager
    ("cuda", False, "sgd", False), ("cuda", False, "rmsprop", False),  # no capturable fused update
])
def test_graphs_only_where_they_are_safe(device, distributed, optimizer, expected):
    assert graphs_fit(torch.device(device), distributed, optimizer) is expected


def test_graphs_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("TORCHLAB_CUDA_GRAPHS", "0")
    assert not graphs_fit(torch.device("cuda"), False, "adam")


def test_eager_step_trains_and_returns_a_detached_loss():
    torch.manual_seed(0)
    model = create_model("convnet")
    config = TrainConfig(lr=1e-3)
    steps = EagerSteps(model, build_optimizer(config, model.parameters()), pick_engine("fp32", torch.device("cpu")))
    x, y = torch.randn(64, 1, 28, 28), torch.randint(0, 10, (64,))
    losses = [steps(x, y) for _ in range(5)]
    assert all(not loss.requires_grad for loss in losses)
    assert losses[-1] < losses[0]  # the same batch five times: it must be learning it


def test_set_lr_writes_into_a_tensor_lr_in_place():
    model = create_model("convnet")
    optimizer = build_optimizer(TrainConfig(lr=1e-3), model.parameters())
    optimizer.param_groups[0]["lr"] = lr = torch.tensor(1e-3)
    set_lr(optimizer, 5e-4)
    assert optimizer.param_groups[0]["lr"] is lr and lr.item() == pytest.approx(5e-4)
    set_lr(build_optimizer(TrainConfig(lr=1e-3), model.parameters()), 5e-4)  # plain floats still work


def _losses_and_acc(config: TrainConfig, graphs: bool, monkeypatch) -> tuple[list[float], float]:
    monkeypatch.setattr("core.training.loop.graphs_fit", lambda *args: graphs)
    records = list(train(config, seeded_model(config)))
    losses = [r.loss for r in records if isinstance(r, StepRecord)]
    return losses, [r for r in records if isinstance(r, EpochRecord)][-1].test_acc


@CUDA
@pytest.mark.parametrize("schedule", ["cosine", "constant"])
def test_graphed_training_is_the_eager_run(monkeypatch, schedule):
    # 2,100 rows in batches of 256: eight full batches and a short one of 52, each size its own graph;
    # fp32 so the two runs differ only by cuDNN's choice of kernels
    config = TrainConfig(device="cuda", precision="fp32", train_subset=2100, test_subset=1000, batch_size=256,
                         epochs=3, schedule=schedule)
    eager, eager_acc = _losses_and_acc(config, False, monkeypatch)
    graphed, graphed_acc = _losses_and_acc(config, True, monkeypatch)
    assert len(graphed) == len(eager) == 27
    assert graphed == pytest.approx(eager, rel=2e-2, abs=2e-3)  # the lr schedule reached every replay
    assert graphed_acc == pytest.approx(eager_acc, abs=0.01)


@CUDA
def test_a_graphed_run_can_be_stopped_and_release_its_model(monkeypatch):
    import threading
    import weakref

    monkeypatch.setattr("core.training.loop.graphs_fit", lambda *args: True)
    config = TrainConfig(device="cuda", train_subset=6000, test_subset=500, epochs=2)
    model, stop = seeded_model(config), threading.Event()
    ref = weakref.ref(model)
    run = train(config, model, stop)
    for record in run:
        if isinstance(record, StepRecord) and record.step >= 10:
            stop.set()
    assert record.reason == "stopped"
    del model, run
    torch.cuda.synchronize()
    assert ref() is None
