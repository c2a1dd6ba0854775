"""A checkpoint of a "pretrained" ResNet-18 transfer run on the shapes folder, made without training:
random backbone weights stand for ImageNet's (tests never download them), but the run records what a
real one does (core.training.run_data.folder_facts): its classes, 3×224×224 and ImageNet's mean and std."""

import pytest
import torch

from core.data import folder_dataset
from core.models import create_model
from core.models.checkpoints import save_checkpoint
from core.models.heads import with_classes
from core.training.config import TrainConfig
from core.training.run_data import folder_facts


@pytest.fixture(scope="module")
def transfer_checkpoint(shapes, tmp_path_factory):
    out = tmp_path_factory.mktemp("transfer") / "resnet.pt"
    config = TrainConfig(model="resnet18-transfer", dataset=f"folder:{shapes}", transfer="features",
                         weights=str(out.parent / "resnet18-imagenet.pth"))  # a file's weights: pretrained
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TORCHLAB_CACHE", str(out.parent / "cache"))
        folder_dataset._memo.clear()
        facts = folder_facts(config)
        folder_dataset._memo.clear()
    with torch.random.fork_rng():
        torch.manual_seed(0)
        model = with_classes(create_model("resnet18-transfer"), len(facts["classes"]))
    save_checkpoint(out, model.eval(), "resnet18-transfer",
                    {"dataset": config.dataset, "config": config.to_dict(), "test_acc": 0.5, **facts})
    return out
