"""The Draw page's model list: shipped first, then only this browser's trained runs."""

from core.models import create_model
from core.training.config import TrainConfig
from core.training.runs import RunStore
from core.vision.model_store import list_digit_models


def test_runs_are_listed_only_to_their_owner(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCHLAB_RUNS", str(tmp_path))
    store = RunStore()
    for owner in ("alice", "bob"):
        run = store.create(TrainConfig(model="linear"), owner)
        run.save_weights(create_model("linear"), "best", {"dataset": "mnist", "test_acc": 0.9, "best_acc": 0.9})
    alice = list_digit_models("alice")
    assert alice[0].origin == "shipped"
    assert [c.origin for c in alice[1:]] == ["run"]
    assert RunStore().get(alice[1].path.parent.name, owner="alice")  # alice's own run, not bob's
    assert len(list_digit_models("bob")) == len(alice) and len(list_digit_models(None)) == len(alice) - 1
