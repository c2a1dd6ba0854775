"""Seed 004's checkpoint: built, resumed with its optimizer state, and uploads read without running code."""

import io

import pytest
import torch

from core.models import create_model
from core.models.checkpoints import CheckpointError, load_checkpoint
import core.models.training_checkpoint as tc
from core.models.training_checkpoint import (CHECKPOINT_KEYS, CheckpointConfig, adam_step, build_checkpoint, describe_tree,
                                      inspect_upload, resume, to_bytes)


def saved(obj) -> bytes:
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    return buffer.getvalue()


def test_the_checkpoint_has_seed_004s_keys_and_adam_state():
    checkpoint, losses = build_checkpoint(CheckpointConfig(steps=3))
    assert tuple(checkpoint) == CHECKPOINT_KEYS and len(losses) == 3 and losses[-1] < losses[0]
    first = checkpoint["optimizer"]["state"][0]
    assert int(first["step"]) == 3 and first["exp_avg"].shape == (10, 1, 5, 5) and first["exp_avg"].abs().sum() > 0
    assert checkpoint["optimizer"]["param_groups"][0]["lr"] == 1e-3
    assert checkpoint["epoch"] == 1 and checkpoint["arch"] == "convnet" and 0.0 <= checkpoint["best_acc1"] <= 100.0


def test_building_is_repeatable():
    assert build_checkpoint(CheckpointConfig())[1] == build_checkpoint(CheckpointConfig())[1]


def test_resume_restores_the_optimizer_and_continues_where_training_stopped():
    cfg = CheckpointConfig(model="cnn", steps=2)
    checkpoint, _ = build_checkpoint(cfg)
    report = resume(to_bytes(checkpoint), cfg, 3)
    assert (report.step_before, report.step_after) == (2, 5) and len(report.losses) == 3
    straight = build_checkpoint(CheckpointConfig(model="cnn", steps=5))[1]
    assert report.losses == pytest.approx(straight[2:], rel=1e-4), "resuming = never having stopped"


def test_adam_step_is_zero_before_any_step():
    assert adam_step(torch.optim.Adam(create_model("linear").parameters())) == 0


def test_describe_tree_lists_every_leaf_with_shapes():
    rows = {r.path: r for r in describe_tree(build_checkpoint(CheckpointConfig(model="linear"))[0])}
    assert rows["epoch"].detail == "1" and rows["state_dict.fc.weight"].detail == "[10, 784] float32"
    assert rows["optimizer.state.0.step"].detail == "[] float32 = 3"
    assert rows["optimizer.param_groups[0].lr"].kind == "float"
    assert len(describe_tree({str(i): i for i in range(50)}, limit=10)) == 10


def test_an_uploaded_checkpoint_is_described_and_its_model_found():
    report = inspect_upload(to_bytes(build_checkpoint(CheckpointConfig(model="cifar-net", steps=1))[0]))
    assert report.kind == "state_dict" and report.model == "cifar-net" and report.mismatch is None
    assert any(r.path == "best_acc1" for r in report.rows)


def test_a_bare_state_dict_is_accepted_and_foreign_weights_explained():
    report = inspect_upload(saved(create_model("convnet").state_dict()))
    assert report.kind == "bare" and report.model == "convnet"
    foreign = inspect_upload(saved({"layer.weight": torch.zeros(3, 3)}))
    assert foreign.model is None and foreign.mismatch.message.key == "errors.ckpt_no_architecture"


@pytest.mark.parametrize("data, key", [
    (b"", "errors.ckpt_empty"),
    (b"not a checkpoint at all", "errors.ckpt_not_checkpoint"),
    (saved(create_model("convnet"))[:5000], "errors.ckpt_not_checkpoint"),  # cut short
    (saved(create_model("convnet")), "errors.ckpt_code"),  # a whole pickled model
    (saved({"epoch": 3, "note": "hello"}), "errors.ckpt_no_weights"),  # the Draw page's message too
    (saved([1, 2, 3]), "errors.ckpt_no_weights"),
])
def test_anything_else_gets_a_readable_error(data, key):
    with pytest.raises(CheckpointError) as caught:
        inspect_upload(data)
    assert caught.value.message.key == key


def test_a_file_over_the_limit_is_refused_before_reading(monkeypatch):
    monkeypatch.setattr(tc, "MAX_UPLOAD_BYTES", 100)
    with pytest.raises(CheckpointError) as caught:
        inspect_upload(b"x" * 101)
    assert caught.value.message.key == "save_load_page.err_too_big" and "MB" in caught.value.render("zh")


def test_the_draw_pages_loader_reads_a_seed_004_checkpoint_too():
    loaded = load_checkpoint(to_bytes(build_checkpoint(CheckpointConfig(steps=1))[0]))
    assert loaded.model_name == "convnet" and loaded.meta["epoch"] == 1 and loaded.meta["arch"] == "convnet"
