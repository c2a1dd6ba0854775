"""Runs on disk and training jobs in a background thread: persistence, privacy, stop, NaN, failure."""

import json
import time
from pathlib import Path

import pytest

from core.common.i18n import Message
from core.models.checkpoints import load_checkpoint
from core.training.config import TrainConfig
from core.training.jobs import JobSnapshot, TrainingJob, copied
from core.training.records import EpochRecord, StepRecord
from core.training.runs import RunNotFound, RunStore
from core.training.tensorboard_log import tensorboard_log

TINY = dict(model="linear", train_subset=2000, test_subset=500, batch_size=100, epochs=2, device="cpu")


@pytest.fixture
def store(tmp_path):
    return RunStore(tmp_path / "runs")


def test_runs_are_private_unguessable_and_deletable(store):
    mine = store.create(TrainConfig(**TINY), owner="alice")
    theirs = store.create(TrainConfig(**TINY), owner="bob")
    assert mine.id != theirs.id and len(mine.id) == len("YYYYmmdd-HHMMSS-") + 11  # + 64 random bits
    assert [r.id for r in store.list(owner="alice")] == [mine.id]
    with pytest.raises(RunNotFound):
        store.get(theirs.id, owner="alice")
    for hostile in ("..", "../runs", "/etc", mine.id + "/.."):
        with pytest.raises(RunNotFound):
            store.get(hostile)
    with pytest.raises(RunNotFound):
        store.delete(theirs.id, owner="alice")
    store.delete(mine.id, owner="alice")
    assert store.list(owner="alice") == [] and len(store.list()) == 1


def test_a_line_cut_short_by_a_crash_is_skipped(store):
    run = store.create(TrainConfig(**TINY), owner="x")
    with run.metrics_log() as append:
        append({"event": "step", "loss": 1.0})
    with open(run.path / "metrics.jsonl", "a") as f:
        f.write('{"event": "st')
    assert run.read_metrics() == [{"event": "step", "loss": 1.0}]


def test_a_job_trains_and_leaves_a_complete_run(store):
    job = TrainingJob(TrainConfig(**TINY), store, owner="alice").start()
    assert job.join(timeout=120)
    snap = job.snapshot()
    assert snap.status == "finished" and snap.message.key == "train.finished"
    assert len(snap.losses) == snap.total_steps == 40 and snap.epochs == [1, 2]
    assert len(snap.confusion) == 10 and sum(map(sum, snap.confusion)) == 500
    assert all(m["true"] != m["predicted"] for m in snap.mistakes)
    info = json.loads((job.run.path / "config.json").read_text())
    assert info["status"] == "finished" and info["epochs_done"] == 2 and info["best_acc"] == snap.best_acc
    events = [r["event"] for r in job.run.read_metrics()]
    assert events[0] == "start" and events.count("epoch") == 2 and events[-1] == "end"
    best = load_checkpoint(job.run.path / "best.pt")
    assert best.model_name == "linear" and best.meta["best_acc"] == snap.best_acc
    assert load_checkpoint(job.run.path / "last.pt").meta["epoch"] == 2
    assert list(Path(job.run.tensorboard_dir).glob("events.out.tfevents.*")), "TensorBoard events"


def test_stop_ends_the_run_within_a_second(store):
    config = TrainConfig(model="convnet", epochs=3, device="cpu")
    job = TrainingJob(config, store, owner="alice").start()
    assert job.wait_until(lambda s: len(s.losses) >= 3, timeout=60)
    job.stop()
    assert job.join(timeout=1.0), "the loop checks the stop flag between steps"
    snap = job.snapshot()
    assert snap.status == "stopped" and snap.progress < 0.5
    assert json.loads((job.run.path / "config.json").read_text())["status"] == "stopped"


def test_a_divergent_run_stops_with_advice(store):
    job = TrainingJob(TrainConfig(**{**TINY, "model": "convnet", "optimizer": "sgd", "lr": 1e6}), store, "a").start()
    assert job.join(timeout=60)
    snap = job.snapshot()
    assert snap.status == "diverged" and snap.message.key.startswith("train.diverged")
    assert "Try a learning rate of 0.1" in snap.message.render("en") and "0.1" in snap.message.render("zh")
    assert snap.steps and snap.steps[-1] == snap.message.params["step"], "the chart ends at the step the words quote"


def test_a_job_that_cannot_start_says_why(store):
    job = TrainingJob(TrainConfig(**{**TINY, "model": "cifar-net"}), store, owner="a").start()
    assert job.join(timeout=30)
    snap = job.snapshot()
    assert snap.status == "failed" and snap.message.key == "errors.incompatible_model"
    assert "cifar-net" in snap.message.render("en")


def test_a_snapshot_shares_nothing_the_job_changes_later():
    state = JobSnapshot("run", steps=[1, 2], losses=[0.5, 0.4], confusion=[[3, 1], [0, 4]],
                        mistakes=[{"index": 7, "true": 1, "predicted": 0}], message=Message("train.finished"))
    snap = copied(state)
    assert snap == state
    state.steps.append(3)
    state.confusion[0][0] = 99
    state.mistakes[0]["index"] = 8
    assert snap.steps == [1, 2] and snap.confusion == [[3, 1], [0, 4]] and snap.mistakes[0]["index"] == 7


def test_tensorboard_gets_every_step_in_order_though_written_a_second_at_a_time(tmp_path):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    steps = [StepRecord(epoch=1, step=s, loss=1 / s, lr=0.1 * s, samples_per_s=1.0, eta_s=1.0, progress=s / 6)
             for s in range(1, 7)]
    epoch = EpochRecord(epoch=1, train_loss=0.3, test_loss=0.2, test_acc=0.9, samples_per_s=1.0,
                        epoch_time_s=1.0, elapsed_s=1.0, eta_s=0.0, lr=0.6)
    with tensorboard_log(tmp_path, TrainConfig()) as log:
        for record in steps[:3] + [epoch] + steps[3:]:  # the last steps are written when the block ends
            log(record)
    events = EventAccumulator(str(tmp_path)).Reload()
    assert [(e.step, e.value) for e in events.Scalars("train/loss")] == [(s.step, pytest.approx(s.loss)) for s in steps]
    assert [e.value for e in events.Scalars("train/lr")] == pytest.approx([s.lr for s in steps])
    walls = [e.wall_time for e in events.Scalars("train/loss")]
    assert walls == sorted(walls) and time.time() - 60 < walls[0] <= time.time(), "when each step was made"
    assert [(e.step, e.value) for e in events.Scalars("test/accuracy")] == [(1, pytest.approx(0.9))]


def test_a_listed_run_carries_its_settings_and_a_nan_accuracy_is_no_accuracy(store):
    """The history table needs every setting (batch size, epochs, …) and must never print NaN."""
    run = store.create(TrainConfig(**TINY), owner="alice")
    run.update_info(status="diverged", best_acc=float("nan"), epochs_done=1)  # json writes NaN as it is
    (summary,) = store.list(owner="alice")
    assert summary.best_acc is None and summary.status == "diverged"
    assert summary.config["batch_size"] == 100 and summary.config["epochs"] == 2


def test_the_tensorboard_hint_names_where_runs_really_are(tmp_path, monkeypatch):
    """The page said `tensorboard --logdir runs` even when TORCHLAB_RUNS had moved them."""
    from core.training.runs import tensorboard_command

    monkeypatch.setenv("TORCHLAB_RUNS", str(tmp_path / "my runs"))
    assert tensorboard_command() == f"tensorboard --logdir '{tmp_path / 'my runs'}'"
    monkeypatch.chdir(tmp_path)
    assert tensorboard_command() == "tensorboard --logdir 'my runs'"
    monkeypatch.delenv("TORCHLAB_RUNS")
    assert tensorboard_command().endswith("/runs") or tensorboard_command() == "tensorboard --logdir runs"
