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
