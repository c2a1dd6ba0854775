"""TensorBoard events from training records, as seed 002 writes them; the page's jobs and the CLI share them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from core.records import EpochRecord, Record, StartRecord, StepRecord


@contextmanager
def tensorboard_writer(log_dir: Path | str | None) -> Iterator:
    """A SummaryWriter for the block, closed after it; None (nothing written) when log_dir is None."""
    if log_dir is None:
        yield None
        return
    from torch.utils.tensorboard import SummaryWriter  # imported here: costs ~1 s, only for training

    writer = SummaryWriter(str(log_dir))
    try:
        yield writer
    finally:
        writer.close()


def log_record(writer, record: Record, dataset: str) -> None:
    """Scalars per step and epoch, and a sample batch of `dataset` once, at the start."""
    if isinstance(record, StartRecord):
        _log_sample_batch(writer, dataset)
    elif isinstance(record, StepRecord):
        writer.add_scalar("train/loss", record.loss, record.step)
        writer.add_scalar("train/lr", record.lr, record.step)
    elif isinstance(record, EpochRecord):
        writer.add_scalar("test/accuracy", record.test_acc, record.epoch)
        writer.add_scalar("test/loss", record.test_loss, record.epoch)
        writer.add_scalar("train/samples_per_s", record.samples_per_s, record.epoch)


def _log_sample_batch(writer, dataset: str) -> None:
    from torchvision.utils import make_grid

    from core.data import load_split

    images = load_split(dataset, True).images[:64]  # (64, C, H, W) uint8
    writer.add_image("train/sample_batch", make_grid(images, nrow=8, padding=2), 0)
