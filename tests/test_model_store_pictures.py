"""See inside's list of runs on your own pictures: only the owner's, newest first, named by their set."""

import json
import os

from core.data.picture_sets import PictureSets
from core.training.config import TrainConfig
from core.training.runs import RunStore
from core.vision.model_store import list_digit_models, list_picture_models


def finished_run(store: RunStore, owner: str, meta: dict, age: int):
    """A run whose best.pt is a stand-in (listing reads only best.json), `age` seconds old."""
    run = store.create(TrainConfig(model=meta["model"]), owner)
    (run.path / "best.pt").write_bytes(b"weights")
    (run.path / "best.json").write_text(json.dumps(meta))
    os.utime(run.path / "best.pt", (1e9 - age, 1e9 - age))
    return run


def test_picture_runs_are_listed_to_their_owner_by_their_sets_name(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCHLAB_RUNS", str(tmp_path / "runs"))
    monkeypatch.setenv("TORCHLAB_SETS", str(tmp_path / "sets"))
    kitchen = PictureSets().create("alice", "Kitchen things")
    store = RunStore()
    on_set = finished_run(store, "alice", {"model": "resnet18-transfer", "dataset": kitchen.dataset, "test_acc": 0.9,
                                           "classes": ["cup", "fork"]}, age=10)
    on_path = finished_run(store, "alice", {"model": "cifar-net", "dataset": "folder:/somewhere/shapes",
                                            "test_acc": None, "classes": ["circle", "square"]}, age=0)
    finished_run(store, "alice", {"model": "convnet", "dataset": "mnist", "test_acc": 0.99}, age=5)
    finished_run(store, "bob", {"model": "cifar-net", "dataset": kitchen.dataset, "classes": ["cup", "fork"]}, age=1)

    listed = list_picture_models("alice")
    assert [c.path.parent for c in listed] == [on_path.path, on_set.path], "newest first, no MNIST run, not bob's"
    assert [(c.model, c.pictures, c.test_acc, c.origin) for c in listed] == [
        ("cifar-net", "shapes", None, "pictures"), ("resnet18-transfer", "Kitchen things", 0.9, "pictures")]
    assert [c.model for c in list_digit_models("alice") if c.origin == "run"] == ["convnet"], "digit list unchanged"
    bobs = list_picture_models("bob")
    assert len(bobs) == 1 and bobs[0].pictures == kitchen.id, "someone else's set: only its folder's name"
    assert list_picture_models(None) == []
