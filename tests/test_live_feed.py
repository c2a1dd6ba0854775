"""core.training.live_feed: what the Train page's browser-side charts draw, and how a job publishes it."""

import json
import math

import pytest

from core.training.config import TrainConfig
from core.training.evaluation import smooth
from core.training.jobs import JobSnapshot, TrainingJob
from core.training.live_feed import MAX_POINTS, Curves, LiveFeed, feed_payload, planned_lrs, thinned
from core.training.optim import lr_at
from core.training.runs import RunStore

CONFIG = TrainConfig(model="linear", train_subset=2000, test_subset=500, batch_size=100, epochs=2, device="cpu")


def running(steps: int, mistakes=()) -> JobSnapshot:
    losses = [2.3 / (1 + s / 50) for s in range(1, steps + 1)]
    return JobSnapshot("run", status="running", steps=list(range(1, steps + 1)), losses=losses,
                       lrs=[1e-3] * steps, epochs=[1], accuracies=[0.9], progress=0.5, samples_per_s=1234.5,
                       eta_s=3.0, total_steps=2 * steps, device="cpu", precision="fp32", threads=2,
                       confusion=[[1, 0], [0, 1]], mistakes=list(mistakes))


@pytest.mark.parametrize("count", [0, 1, MAX_POINTS, MAX_POINTS + 1, 4701])
def test_thinning_keeps_at_most_about_the_limit_evenly_and_always_the_newest(count):
    kept = thinned(count)
    assert len(kept) <= MAX_POINTS + 1 and kept == sorted(set(kept))
    if count:
        assert kept[0] == 0 and kept[-1] == count - 1
        assert len({b - a for a, b in zip(kept, kept[1:-1])}) <= 1, "evenly spaced but for the newest"


def test_the_smoothed_curve_is_that_of_every_step_not_of_the_thinned_points():
    snap = running(3000)
    payload = feed_payload(snap, CONFIG)
    assert len(payload["steps"]) <= MAX_POINTS + 1 and payload["steps"][-1] == 3000
    full = smooth(snap.losses, 0.9)
    assert payload["smoothed"] == pytest.approx([full[s - 1] for s in payload["steps"]], rel=1e-4)
    assert payload["losses"] == pytest.approx([snap.losses[s - 1] for s in payload["steps"]], rel=1e-4)
    assert (payload["step"], payload["total_steps"], payload["epochs_planned"]) == (3000, 6000, 2)


def test_curves_grown_publish_by_publish_are_the_curves_made_afresh():
    curves = Curves()
    for steps in (1, 7, 7, 650, 3000):  # one payload per publish, as a job's feed makes them
        snap = running(steps)
        assert feed_payload(snap, CONFIG, curves=curves) == feed_payload(snap, CONFIG)
    assert len(curves.losses) == len(curves.smoothed) == len(curves.lrs) == 3000


def test_a_nan_loss_becomes_a_gap_and_the_file_stays_valid_json(tmp_path):
    snap = running(10)
    snap.losses[4] = math.nan
    feed = LiveFeed(tmp_path / "feed.json", CONFIG)
    assert feed.publish(lambda: snap, force=True)
    payload = json.loads((tmp_path / "feed.json").read_text())  # strict JSON: NaN would not parse in a browser
    assert payload["losses"][4] is None and payload["losses"][5] is not None


def test_the_planned_schedule_is_the_optimizers_own():
    config = TrainConfig(epochs=3, schedule="cosine", lr=4e-3)
    planned = planned_lrs(config, 300)
    assert planned[0] == pytest.approx([1, lr_at(config, 0, 100)], rel=1e-4)
    assert planned[-1] == pytest.approx([300, lr_at(config, 299, 100)], rel=1e-4)
    assert planned_lrs(config, 0) == []  # before the job knows its length


def test_mistakes_go_in_a_file_of_their_own_written_once_per_new_set(tmp_path):
    mistakes = [{"index": 0, "true": 7, "predicted": 1, "confidence": 0.93},
                {"index": 1, "true": 2, "predicted": 3, "confidence": 0.5}]
    feed = LiveFeed(tmp_path / "abc.json", TrainConfig(), every_s=0)  # MNIST's test set, from the shared data
    feed.publish(lambda: running(20), force=True)
    assert json.loads(feed.path.read_text())["mistakes"] is None, "no epoch yet: nothing to fetch"
    feed.publish(lambda: running(20, mistakes))
    first = json.loads(feed.path.read_text())["mistakes"]
    shown = json.loads((tmp_path / first).read_text())
    assert [m["src"][:22] for m in shown] == ["data:image/png;base64,"] * 2
    assert shown[0]["caption"]["en"] == "7 → 1 (93%)" and set(shown[0]["caption"]) == {"en", "zh"}
    feed.publish(lambda: running(30, mistakes))
    assert json.loads(feed.path.read_text())["mistakes"] == first, "the same mistakes: the same file, not rewritten"
    feed.publish(lambda: running(40, mistakes[::-1]))
    second = json.loads(feed.path.read_text())["mistakes"]
    assert second != first and (tmp_path / second).exists() and not (tmp_path / first).exists()


def test_publishing_waits_its_turn_unless_forced_and_a_full_disk_never_raises(tmp_path, monkeypatch):
    feed = LiveFeed(tmp_path / "feed.json", CONFIG, every_s=60)
    made = []
    snapshot = lambda: made.append(1) or running(5)  # noqa: E731
    assert feed.publish(snapshot) and not feed.publish(snapshot) and made == [1], "not due: no snapshot taken"
    assert feed.publish(snapshot, force=True) and len(made) == 2

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("core.training.live_feed.write_text_atomically", full_disk)
    assert feed.publish(snapshot, force=True) is False


def test_a_job_publishes_while_it_trains_and_ends_with_its_outcome(tmp_path):
    written = []
    feed = LiveFeed(tmp_path / "feeds" / "abc.json", CONFIG, every_s=0)
    real_publish = feed.publish
    feed.publish = lambda snapshot, force=False: real_publish(snapshot, force) and written.append(
        json.loads(feed.path.read_text())["status"])
    job = TrainingJob(CONFIG, RunStore(tmp_path / "runs"), "ann", threads=1, feed=feed)
    assert job.start().join(timeout=120)
    last = json.loads(feed.path.read_text())
    assert last["status"] == "finished" and last["done"] and last["step"] == len(job.snapshot().steps)
    assert "running" in written and len(last["accuracies"]) == CONFIG.epochs
    assert last["planned_lr"] == planned_lrs(CONFIG, last["total_steps"]), "made once, the same as fresh"
