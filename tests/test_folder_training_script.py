"""The Train page's script for your own pictures runs, splits as TorchLab does and shows what trains."""

from __future__ import annotations

import ast

import pytest
import torch

from core.code.training_code import training_loop_code
from core.data.folder_dataset import split_rows
from core.training.config import TrainConfig
from core.training.run_data import run_data
from run_snippet import run_script
from shape_folder import own_cache, shapes  # noqa: F401  (fixtures)


def test_the_script_trains_on_the_folder_with_torchlabs_split(shapes, tmp_path, monkeypatch):
    config = TrainConfig(dataset=f"folder:{shapes}", model="cifar-net", epochs=1, batch_size=12, augment=True)
    code = training_loop_code(config)
    code += "\nprint('sizes', len(train_set), len(test_set))\nprint('valid', sorted(valid_rows))\n"
    printed = run_script(code, tmp_path, monkeypatch)
    ours = run_data(config)
    assert f"sizes {len(ours.train)} {len(ours.test)}" in printed
    from torchvision import datasets
    labels = torch.tensor(datasets.ImageFolder(str(shapes)).targets)
    _, valid = split_rows(labels, config.valid_share, 0)
    assert f"valid {sorted(valid.tolist())}" in printed, "the same validation pictures as the page's run"
    saved = torch.load(tmp_path / "checkpoint.pt", weights_only=True)
    assert saved["state_dict"]["model.8.weight"].shape == (3, 64), "a head of one output per class"


@pytest.mark.parametrize("transfer", ["features", "finetune"])
def test_a_transfer_script_shows_what_trains(shapes, transfer):
    config = TrainConfig(dataset=f"folder:{shapes}", model="resnet18-transfer", transfer=transfer, weights="torchvision")
    code = training_loop_code(config)
    ast.parse(code)
    assert 'get_model_weights("resnet18").DEFAULT.get_state_dict' in code
    assert "model.net.fc = nn.Linear(512, 3)" in code
    if transfer == "features":
        assert "model.requires_grad_(False)" in code and "torch.optim.Adam(model.net.fc.parameters()" in code
    else:
        assert '"lr": 0.0004' in code and "requires_grad_(False)" not in code  # the backbone at 0.1 × lr


def test_chinese_comments_for_your_pictures(shapes):
    config = TrainConfig(dataset=f"folder:{shapes}", model="mobilenet-v3-small-transfer", transfer="features")
    english, chinese = training_loop_code(config), training_loop_code(config, lang="zh")
    assert "冻结骨干网络" in chinese and "frozen" in english
    assert "model.net.classifier[3] = nn.Linear(1024, 3)" in chinese


PIPELINE = [["RandomRotation", {"degrees": [-20.0, 20.0]}], ["ColorJitter", {"brightness": 0.4}],
            ["RandomCrop", {"size": [28, 28], "padding": 2}]]  # as the Transforms page hands it over


@pytest.mark.parametrize("augment", [True, False])
def test_a_transforms_pipeline_runs_on_kept_pictures_in_the_script(shapes, tmp_path, monkeypatch, augment):
    """The script trains as TorchLab does: the steps on the square kept at 37 px (RandomCrop's size pinned
    to it), then the crop to 32 px; validation pictures never meet them."""
    config = TrainConfig(dataset=f"folder:{shapes}", model="cifar-net", epochs=1, batch_size=12, augment=augment,
                         augment_pipeline=PIPELINE)
    code = training_loop_code(config)
    train_part = code[code.index("train_transform = transforms.Compose"):]
    test_part = code[code.index("test_transform = transforms.Compose"):code.index("train_transform")]
    assert "v2.RandomRotation" in train_part and "v2.RandomCrop(size=(37, 37)" in train_part
    assert "RandomRotation" not in test_part
    code += "\nx, _ = next(iter(train_loader))\nprint('batch', tuple(x.shape))\n"
    printed = run_script(code, tmp_path, monkeypatch)
    assert "batch (12, 3, 32, 32)" in printed


def test_a_transforms_pipeline_changes_training_batches_only(shapes):
    """In TorchLab's own loop the same pipeline runs on the kept pictures of training batches."""
    from core.data.batches import make_batch

    config = TrainConfig(dataset=f"folder:{shapes}", model="cifar-net", augment=False, augment_pipeline=PIPELINE)
    data = run_data(config)
    kept = data.train.images[:8]
    assert tuple(kept.shape[1:]) == (3, 37, 37)
    plain = make_batch(kept, data.spec, False, torch.Generator().manual_seed(0))
    piped = make_batch(kept, data.spec, False, torch.Generator().manual_seed(0), config.augment_pipeline)
    assert plain.shape == piped.shape == (8, 3, 32, 32)
    assert not torch.equal(plain, piped)
