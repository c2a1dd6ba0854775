"""The "Seed 000" preset is seed 000 as written: its settings, and its own loop beside ours giving the same run.

Seed 000 is the MNIST ConvNet tutorial TorchLab grew out of. Its loop is written out below as the
tutorial has it (DataLoader, per-image ToTensor + Normalize, Adam(), nll_loss, fp32); the only change
is the sampler, which replays our shuffled order so that both loops see the same batches.
"""

import pytest
import torch
import torch.nn.functional as F
from torch import nn, optim

from core.data.loading import torchvision_dataset
from core.data.normalization import config_stats
from core.training.config import TrainConfig
from core.training.loop import seeded_model, train
from core.training.presets import PRESETS, preset
from core.training.records import EpochRecord, StepRecord

# Seed 000's settings, as its script sets them
BATCH_SIZE = 512
EPOCHS = 20
NORMALIZE = ((0.1307,), (0.3081,))  # transforms.Normalize((0.1307,), (0.3081,))
ADAM = {"lr": 1e-3, "betas": (0.9, 0.999), "weight_decay": 0.0}  # optim.Adam(model.parameters()): its defaults


class ConvNet(nn.Module):
    """Seed 000's network, as the tutorial writes it (functional ReLU and pooling)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 10, 5)  # 10, 24x24
        self.conv2 = nn.Conv2d(10, 20, 3)  # 20, 10x10
        self.fc1 = nn.Linear(20 * 10 * 10, 500)
        self.fc2 = nn.Linear(500, 10)

    def forward(self, x):
        in_size = x.size(0)
        out = F.max_pool2d(F.relu(self.conv1(x)), 2, 2)  # (N, 10, 12, 12)
        out = F.relu(self.conv2(out))  # (N, 20, 10, 10)
        out = out.view(in_size, -1)  # (N, 2000)
        out = F.relu(self.fc1(out))
        return F.log_softmax(self.fc2(out), dim=1)


def seed000_run(order: list[int], test_count: int) -> tuple[list[float], float, nn.Module]:
    """One epoch of seed 000's train() over `order`, then its test() on the first test images."""
    from torchvision import transforms

    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize(*NORMALIZE)])
    torch.manual_seed(0)  # the tutorial sets no seed; ours is 0, so both start from the same weights
    model = ConvNet()
    optimizer = optim.Adam(model.parameters())
    losses = []
    with torchvision_dataset("mnist", True, transform) as dataset:
        model.train()
        for data, target in torch.utils.data.DataLoader(dataset, batch_size=BATCH_SIZE, sampler=order):
            optimizer.zero_grad()
            loss = F.nll_loss(model(data), target)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
    correct = 0
    with torchvision_dataset("mnist", False, transform) as dataset, torch.no_grad():
        model.eval()
        test_set = torch.utils.data.Subset(dataset, range(test_count))
        for data, target in torch.utils.data.DataLoader(test_set, batch_size=BATCH_SIZE):
            correct += (model(data).argmax(dim=1) == target).sum().item()
    return losses, correct / test_count, model


def test_the_preset_has_seed_000s_settings_and_no_others():
    config = PRESETS["seed000"]
    assert (config.model, config.dataset, config.optimizer) == ("convnet", "mnist", "adam")
    assert (config.batch_size, config.epochs, config.precision) == (BATCH_SIZE, EPOCHS, "fp32")
    assert (config.lr, (config.beta1, config.beta2), config.weight_decay) == (ADAM["lr"], ADAM["betas"],
                                                                              ADAM["weight_decay"])
    assert config.schedule == "constant" and config_stats(config) == NORMALIZE
    assert not config.augment and config.augment_pipeline == []
    assert (config.train_subset, config.test_subset) == (0, 0)  # all 60,000 and all 10,000
    default = TrainConfig()  # every knob seed 000 has no say in is left at its default
    assert (config.momentum, config.alpha, config.step_size, config.gamma) == (
        default.momentum, default.alpha, default.step_size, default.gamma)


def test_our_run_of_the_preset_is_seed_000s_own_loop():
    """Same weights, same batches: the losses, the accuracy and the trained weights agree to fp32 rounding
    (a bf16 run differs by ~1e-3 in the loss after four steps)."""
    n, test_count = 4 * BATCH_SIZE, 500
    config = preset("seed000", train_subset=n, test_subset=test_count, epochs=1, device="cpu")
    model = seeded_model(config)
    records = list(train(config, model))
    ours = [r.loss for r in records if isinstance(r, StepRecord)]
    accuracy = next(r.test_acc for r in records if isinstance(r, EpochRecord))
    order = torch.randperm(n, generator=torch.Generator().manual_seed(config.seed)).tolist()  # ours, on one CPU

    losses, seed_accuracy, seed_model = seed000_run(order, test_count)
    assert ours == pytest.approx(losses, abs=1e-5)
    assert accuracy == pytest.approx(seed_accuracy, abs=1 / test_count + 1e-6)
    theirs = seed_model.state_dict()
    for name, tensor in model.state_dict().items():  # parameters by the same names: conv1, conv2, fc1, fc2
        torch.testing.assert_close(tensor, theirs[name], rtol=0, atol=1e-4)
