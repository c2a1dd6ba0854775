"""Your own pictures: seconds per epoch and accuracy on a 3-class folder, against seed 004's own loop.
Makes 3 × 120 drawn-shape pictures at 128 px (core/data/shape_pictures.py), then trains the
from-scratch net with TorchLab's engine (pictures decoded once, cropped and flipped as batches on
the tensor) and with seed 004's loop (ImageFolder + DataLoader: every picture read, decoded and
transformed again every epoch; the baseline), and ResNet-18 transfer as feature extraction and as
fine-tuning. Prints one line each: seconds per epoch, the ratio to the baseline, validation accuracy.

    python bench/own_images.py [--epochs 40] [--per-class 120] [--transfer-epochs 2] [--weights random]

Both from-scratch loops train the same net (seed 002's CIFAR-10 net) on the same training part
and score the same validation part (20% of each class). Transfer runs start from torchvision's
ImageNet weights when --weights torchvision finds them (cached or online), else from random weights
(then their accuracy says nothing about transfer learning; their seconds still hold).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.machine import describe  # noqa: E402
from core.common.i18n import LocalizedError  # noqa: E402
from core.data.folder_dataset import folder_splits, split_rows, stored_size  # noqa: E402
from core.data.shape_pictures import write_shape_folder  # noqa: E402
from core.training.config import TrainConfig  # noqa: E402
from core.training.loop import seeded_model, train  # noqa: E402
from core.training.presets import PICTURES  # noqa: E402
from core.training.records import EpochRecord  # noqa: E402
from core.training.run_data import SPLIT_SEED  # noqa: E402

SCRATCH = "cifar-net"
TRANSFER = "resnet18-transfer"


def ours(config: TrainConfig) -> tuple[float, float, float]:
    """(median seconds per epoch after the first, best validation accuracy, first epoch's seconds)."""
    epochs = [r for r in train(config, seeded_model(config)) if isinstance(r, EpochRecord)]
    later = [r.epoch_time_s for r in epochs[1:]] or [epochs[0].epoch_time_s]
    return statistics.median(later), max(r.test_acc for r in epochs), epochs[0].epoch_time_s


def seed004_loop(root: Path, config: TrainConfig, epochs: int) -> tuple[float, float]:
    """Seed 004's loop on the same split: (median seconds per epoch after the first, best accuracy)."""
    from torch.utils.data import DataLoader, Subset
    from torchvision import datasets, transforms

    parts = folder_splits(f"folder:{root}", 32, config.valid_share, SPLIT_SEED)  # its mean and std
    size = parts.spec.shape[-1]
    normalize = transforms.Normalize(parts.spec.mean, parts.spec.std)
    train_tf = transforms.Compose([transforms.RandomResizedCrop(size, scale=(0.35, 1.0)),
                                   transforms.RandomHorizontalFlip(), transforms.ToTensor(), normalize])
    valid_tf = transforms.Compose([transforms.Resize(stored_size(size)), transforms.CenterCrop(size),
                                   transforms.ToTensor(), normalize])
    folder = datasets.ImageFolder(str(root), transform=train_tf)  # lists files in our order: sorted classes, names
    train_rows, valid_rows = split_rows(torch.tensor(folder.targets), config.valid_share, SPLIT_SEED)  # our split
    train_set = Subset(folder, train_rows.tolist())
    valid_set = Subset(datasets.ImageFolder(str(root), transform=valid_tf), valid_rows.tolist())
    torch.manual_seed(config.seed)
    model = seeded_model(config)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, epochs)
    loss_fn = torch.nn.CrossEntropyLoss()
    seconds, best = [], 0.0
    for _ in range(epochs):
        start = time.perf_counter()
        model.train()
        for images, labels in DataLoader(train_set, batch_size=config.batch_size, shuffle=True):
            optimizer.zero_grad()
            loss_fn(model(images), labels).backward()
            optimizer.step()
        scheduler.step()
        model.eval()
        correct = 0
        with torch.no_grad():
            for images, labels in DataLoader(valid_set, batch_size=256):
                correct += (model(images).argmax(1) == labels).sum().item()
        seconds.append(time.perf_counter() - start)
        best = max(best, correct / len(valid_set))
    return statistics.median(seconds[1:] or seconds), best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--epochs", type=int, default=PICTURES["epochs"], help="from-scratch epochs (both loops)")
    ap.add_argument("--per-class", type=int, default=120, help="pictures made per class")
    ap.add_argument("--transfer-epochs", type=int, default=2, help="epochs for each ResNet-18 run (0: skip them)")
    ap.add_argument("--weights", default="random", help="transfer runs: random, torchvision, or a .pth path")
    args = ap.parse_args(argv)
    print(describe(torch.device("cpu")))
    with tempfile.TemporaryDirectory() as scratch:
        root = write_shape_folder(Path(scratch) / "shapes", per_class=args.per_class, size=128)
        config = TrainConfig(**{**PICTURES, "epochs": args.epochs, "model": SCRATCH}, dataset=f"folder:{root}")
        base_s, base_acc = seed004_loop(root, config, args.epochs)
        print(f"seed 004's loop, {SCRATCH}: {base_s:.2f} s/epoch, best validation {base_acc:.1%}")
        our_s, our_acc, first_s = ours(config)
        print(f"ours, {SCRATCH}: {our_s:.2f} s/epoch ({first_s:.2f} s the first, decoding included), "
              f"{base_s / our_s:.1f}× seed 004's loop, best validation {our_acc:.1%}")
        for transfer in ("features", "finetune") if args.transfer_epochs else ():
            run = TrainConfig(**{**PICTURES, "epochs": args.transfer_epochs, "lr": 1e-3, "model": TRANSFER},
                              dataset=f"folder:{root}", transfer=transfer, weights=args.weights)
            try:
                seconds, acc, _ = ours(run)
            except LocalizedError as error:
                print(f"ours, {TRANSFER} {transfer}: not run: {error}")
                continue
            print(f"ours, {TRANSFER} {transfer} ({args.weights} weights): {seconds:.1f} s/epoch, "
                  f"best validation {acc:.1%} after {args.transfer_epochs} epochs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
