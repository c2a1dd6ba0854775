"""TensorBoard events from training records, as seed 002 writes them; the page's jobs and the CLI share them."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from core.training.records import EpochRecord, Record, StartRecord, StepRecord

STEPS_EVERY_S = 1.0  # how often the held-back step scalars are written


@contextmanager
def tensorboard_log(log_dir: Path | str | None, config) -> Iterator[Callable[[Record], None]]:
    """A function that logs each record into TensorBoard events in `log_dir` for the block
    (one that does nothing when log_dir is None); everything is written when the block ends.
    `config` (a TrainConfig) says which pictures the sample batch shows."""
    if log_dir is None:
        yield lambda record: None
        return
    from torch.utils.tensorboard import SummaryWriter  # imported here: costs ~1 s, only for training

    writer = SummaryWriter(str(log_dir))
    log = _RecordLog(writer, config)
    try:
        yield log
    finally:
        try:
            log.write_steps()
        finally:
            writer.close()


class _RecordLog:
    """Scalars per step and epoch, and a sample batch of the dataset once, at the start.

    Step scalars are held back and written a second's worth at a time, with the time each was
    made: every add_scalar wakes the writer's thread, which then competes with training for
    the GIL. One by one they cost the training thread 0.2 ms a step (1% of training), in
    bursts 0.08 ms. A step's loss and learning rate go in one event, a summary of two values,
    as TensorFlow's own writers do: two add_scalar calls cost the process 0.15 ms a step, this
    0.08 ms (the writer's thread checksums each event in pure Python)."""

    def __init__(self, writer, config, every_s: float = STEPS_EVERY_S):
        self._writer, self._config, self._every_s = writer, config, every_s
        self._steps: list[tuple[int, float, float, float]] = []  # step, loss, lr, wall time
        self._written = time.monotonic()

    def __call__(self, record: Record) -> None:
        if isinstance(record, StepRecord):
            self._steps.append((record.step, record.loss, record.lr, time.time()))
            if time.monotonic() - self._written < self._every_s:
                return
        self.write_steps()  # before an epoch's scalars, so the events stay in order
        if isinstance(record, StartRecord):
            _log_sample_batch(self._writer, self._config)
        elif isinstance(record, EpochRecord):
            for tag, value in (("test/accuracy", record.test_acc), ("test/loss", record.test_loss),
                               ("train/samples_per_s", record.samples_per_s)):
                self._writer.add_scalar(tag, value, record.epoch)

    def write_steps(self) -> None:
        from tensorboard.compat.proto.summary_pb2 import Summary  # what add_scalar builds, one value each

        for step, loss, lr, wall in self._steps:
            self._writer.file_writer.add_summary(Summary(value=[
                Summary.Value(tag="train/loss", simple_value=loss),
                Summary.Value(tag="train/lr", simple_value=lr)]), step, wall)
        self._steps.clear()
        self._written = time.monotonic()


def _log_sample_batch(writer, config) -> None:
    from torchvision.utils import make_grid

    from core.training.run_data import run_data

    images = run_data(config).train.images[:64]  # (64, C, H, W) uint8, decoded once for the run
    writer.add_image("train/sample_batch", make_grid(images, nrow=8, padding=2), 0)
