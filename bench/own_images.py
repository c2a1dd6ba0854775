"""Your own pictures: seconds per epoch and accuracy on small folders, against seed 004's own loop.
Writes the sample sets the Train page offers (core/data/sample_sets.py: crops of scikit-image's brick,
grass and gravel photos; its LFW subset of faces and non-faces, as published; 3 × 120 drawn shapes
at 128 px) as ImageFolders, then, on each, trains the from-scratch net with TorchLab's engine
(pictures decoded once, cropped and flipped as batches on the tensor) and with seed 004's loop
(ImageFolder + DataLoader: every picture read, decoded and transformed again every epoch; the
baseline), and ResNet-18 transfer as feature extraction and as
fine-tuning (on the first sample). Prints one line each: seconds per epoch, the ratio to the
baseline, the best validation accuracy and the first epoch at 90%.

    python bench/own_images.py [--samples textures faces shapes] [--epochs 40] [--per-class N]
                               [--transfer-epochs 2] [--weights random]

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
from core.data.sample_sets import SAMPLES, write_sample_folder  # noqa: E402
from core.training.config import TrainConfig  # noqa: E402
from core.training.loop import seeded_model, train  # noqa: E402
from core.training.presets import PICTURES  # noqa: E402
from core.training.records import EpochRecord  # noqa: E402
from core.training.run_data import SPLIT_SEED  # noqa: E402

SCRATCH = "cifar-net"
TRANSFER = "resnet18-transfer"


def ours(config: TrainConfig) -> tuple[float, float, float, int | None]:
    """(median seconds per epoch after the first, best validation accuracy, seconds from the start to
    the end of the first epoch, the first epoch at or above 90% validation accuracy or None)."""
    start, first, epochs = time.perf_counter(), None, []
    for record in train(config, seeded_model(config)):
        if isinstance(record, EpochRecord):
            epochs.append(record)
            first = first or time.perf_counter() - start  # the pictures' decoding (a new folder) included
    later = [r.epoch_time_s for r in epochs[1:]] or [epochs[0].epoch_time_s]
    reached = next((n for n, r in enumerate(epochs, 1) if r.test_acc >= 0.9), None)
    return statistics.median(later), max(r.test_acc for r in epochs), first, reached


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
    ap.add_argument("--samples", nargs="+", choices=list(SAMPLES), default=list(SAMPLES),
                    help="sample sets to train on (core/data/sample_sets.py); transfer runs use the first")
    ap.add_argument("--per-class", type=int, default=None, help="pictures per class (default: each sample's own)")
    ap.add_argument("--transfer-epochs", type=int, default=2, help="epochs for each ResNet-18 run (0: skip them)")
    ap.add_argument("--weights", default="random", help="transfer runs: random, torchvision, or a .pth path")
    args = ap.parse_args(argv)
    print(describe(torch.device("cpu")))
    with tempfile.TemporaryDirectory() as scratch:
        for sample in args.samples:
            root = write_sample_folder(sample, Path(scratch) / sample, per_class=args.per_class)
            config = TrainConfig(**{**PICTURES, "epochs": args.epochs, "model": SCRATCH}, dataset=f"folder:{root}")
            our_s, our_acc, first_s, reached = ours(config)  # first: it decodes the new folder (the loop reuses it)
            base_s, base_acc = seed004_loop(root, config, args.epochs)
            print(f"{sample}: seed 004's loop, {SCRATCH}: {base_s:.2f} s/epoch, best validation {base_acc:.1%}")
            print(f"{sample}: ours, {SCRATCH}: {our_s:.2f} s/epoch ({first_s:.2f} s to the first epoch's end, decoding included), "
                  f"{base_s / our_s:.1f}× seed 004's loop, best validation {our_acc:.1%}, "
                  f"90% {f'at epoch {reached}' if reached else 'not reached'} of {args.epochs}")
        root = Path(scratch) / args.samples[0]
        for transfer in ("features", "finetune") if args.transfer_epochs else ():
            run = TrainConfig(**{**PICTURES, "epochs": args.transfer_epochs, "lr": 1e-3, "model": TRANSFER},
                              dataset=f"folder:{root}", transfer=transfer, weights=args.weights)
            try:
                seconds, acc, _, _ = ours(run)
            except LocalizedError as error:
                print(f"ours, {TRANSFER} {transfer}: not run: {error}")
                continue
            print(f"{args.samples[0]}: ours, {TRANSFER} {transfer} ({args.weights} weights): {seconds:.1f} s/epoch, "
                  f"best validation {acc:.1%} after {args.transfer_epochs} epochs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
