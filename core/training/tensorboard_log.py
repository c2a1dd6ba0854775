"""TensorBoard events from training records, as seed 002 writes them; the page's jobs and the CLI share them.

The tags below are what every run writes; the Train page's plain-PyTorch script writes the same ones
(core.code.training_code) and its TensorBoard lesson lists them (core.lessons.tensorboard_files).
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from core.training.records import EndRecord, EpochRecord, Record, StartRecord, StepRecord

STEPS_EVERY_S = 1.0  # how often the held-back step scalars are written
STEP_TAGS = ("train/loss", "train/lr")  # every training step, x = the global step (1-based)
EPOCH_TAGS = ("test/accuracy", "test/loss", "train/samples_per_s")  # every epoch, x = the epoch (1-based)
SAMPLE_TAG = "train/sample_batch"  # add_images of the first pictures of the training set, at step 0
SAMPLE_SIZE = 64  # pictures in it: add_images lays them out 8 to a row
# torch 2.14's add_graph traces with torch.jit.trace, which now warns on every call that it is deprecated
warnings.filterwarnings("ignore", message=r"`torch\.jit\.trace", category=FutureWarning)


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
    """Scalars per step and epoch; a sample batch of the dataset once, at the start; the model's graph
    once, at the end (whether the run finished, stopped or diverged).

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
            for tag, value in zip(EPOCH_TAGS, (record.test_acc, record.test_loss, record.samples_per_s)):
                self._writer.add_scalar(tag, value, record.epoch)
        elif isinstance(record, EndRecord):  # traced after training (0.5-1.5 s): nobody waits for the first step
            _log_graph(self._writer, self._config)

    def write_steps(self) -> None:
        from tensorboard.compat.proto.summary_pb2 import Summary  # what add_scalar builds, one value each

        for step, loss, lr, wall in self._steps:
            self._writer.file_writer.add_summary(Summary(value=[
                Summary.Value(tag=STEP_TAGS[0], simple_value=loss),
                Summary.Value(tag=STEP_TAGS[1], simple_value=lr)]), step, wall)
        self._steps.clear()
        self._written = time.monotonic()


def _log_sample_batch(writer, config) -> None:
    from core.training.run_data import run_data

    images = run_data(config).train.images[:SAMPLE_SIZE]  # (64, C, H, W) uint8, decoded once for the run
    writer.add_images(SAMPLE_TAG, images, 0)  # uint8 is taken as 0..255, floats as 0..1


def _log_graph(writer, config) -> None:
    """The model's graph (TensorBoard's Graphs tab), traced from a fresh copy on the CPU: the graph
    depends on the architecture alone, and tracing the training model would hold it (and a GPU)
    up. The copy's random draws are undone so that the run trains exactly as without TensorBoard."""
    import torch

    from core.data.folder_dataset import is_folder
    from core.models import create_model
    from core.models.heads import with_classes
    from core.models.transfer import RANDOM, is_transfer, transfer_model
    from core.training.run_data import class_count, dataset_shape

    try:
        with torch.random.fork_rng(devices=[]):  # the CPU generator only: the copy lives there
            if is_transfer(config.model):  # random weights: the same graph, and nothing to download
                model = transfer_model(config.model, class_count(config), RANDOM)
            else:
                model = create_model(config.model)
                model = with_classes(model, class_count(config)) if is_folder(config.dataset) else model
            writer.add_graph(model.eval(), torch.zeros(1, *dataset_shape(config)))  # (1, C, H, W): one input
    except Exception as error:  # a model jit.trace cannot follow: the run goes on, and TensorBoard says why
        writer.add_text("graph/not_traced", f"add_graph failed: {type(error).__name__}: {error}", 0)
