"""A training run in a background thread, polled by the page; the thread never touches Streamlit.

The thread consumes core.training.loop.train (the generator the CLI uses), saves the run
(metrics.jsonl, best/last checkpoints with best_acc, TensorBoard events) and keeps
a snapshot that a page can read at any moment under a lock.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace

import torch

from core.common.background import BackgroundJob
from core.common.i18n import LocalizedError, Message
from core.common.interactive import recently_waited
from core.common.threads import lower_priority, training_threads
from core.training.advice import NOT_LEARNED
from core.training.config import TrainConfig
from core.training.live_feed import LiveFeed
from core.training.loop import seeded_model, train
from core.training.records import EndRecord, EpochRecord, StartRecord, StepRecord, end_message, to_dict
from core.training.run_data import folder_facts
from core.training.runs import Run, RunStore
from core.training.tensorboard_log import tensorboard_log


@dataclass
class JobSnapshot:
    """Everything the page draws, as plain lists (copies: safe to use while training goes on)."""

    run_id: str
    status: str = "starting"  # starting, running, finished, stopped, diverged, failed
    message: Message | None = None  # why it ended, to render in the reader's language
    steps: list[int] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)
    lrs: list[float] = field(default_factory=list)
    epochs: list[int] = field(default_factory=list)
    accuracies: list[float] = field(default_factory=list)
    progress: float = 0.0
    samples_per_s: float = 0.0
    eta_s: float = 0.0
    total_steps: int = 0
    device: str = ""
    precision: str = ""  # "bf16" or "fp32" (core.training.engine)
    threads: int = 0  # CPU threads training uses; 0 on a GPU
    confusion: list[list[int]] = field(default_factory=list)
    mistakes: list[dict] = field(default_factory=list)
    best_acc: float = 0.0

    @property
    def done(self) -> bool:
        return self.status in ("finished", "stopped", "diverged", "failed")

    @property
    def learned(self) -> bool:
        """Finished and better than a guess: the one ending a page may show as a success."""
        return self.status == "finished" and (self.message is None or self.message.key not in NOT_LEARNED)


def copied(snap: JobSnapshot) -> JobSnapshot:
    """A copy that the job's later records cannot change. Its numbers and strings are immutable,
    so only the lists and dicts are copied: deepcopy visited every number (0.9 ms a copy after
    three epochs, every 1.5 s for the live feed, in the training thread)."""
    return replace(snap, **{f.name: _copied(getattr(snap, f.name)) for f in fields(snap)})


def _copied(value):
    if isinstance(value, list):
        return [_copied(v) for v in value] if value and isinstance(value[0], (list, dict)) else value.copy()
    if isinstance(value, dict):
        return {key: _copied(v) for key, v in value.items()}
    return value


class TrainingJob(BackgroundJob):
    def __init__(self, config: TrainConfig, store: RunStore, owner: str, threads: int | None = None,
                 nice: int = 0, yield_factor: float = 0.0, on_done: Callable[[], None] | None = None,
                 busy_threads: int | None = None, feed: LiveFeed | None = None):
        """`threads`: CPU threads for this job (default: every core, as the CLI); `busy_threads`:
        fewer threads while someone waits on inference (core.common.interactive), so a stroke has a
        core of its own; `nice`: how far to lower its CPU priority (core.common.threads.lower_priority);
        `yield_factor`: while someone waits, also pause this many step-times after each step;
        `on_done` is called from the job's thread once it has ended, whatever the reason;
        `feed`, if given, gets the snapshot about every 1.5 s for a browser to draw."""
        self.config = config
        self.run: Run = store.create(config, owner)
        super().__init__(f"train-{self.run.id}")
        self._threads = threads or training_threads()
        self._busy_threads = min(busy_threads or self._threads, self._threads)
        self._nice = nice
        self._yield_factor = yield_factor
        self._on_done = on_done
        self.feed = feed
        self._changed = threading.Condition(self._lock)  # notified after every record
        self._state = JobSnapshot(self.run.id)

    @property
    def done(self) -> bool:
        """Whether the run has ended, without copying everything it has recorded."""
        with self._lock:
            return self._state.done

    def snapshot(self) -> JobSnapshot:
        with self._lock:
            return copied(self._state)

    def wait_until(self, condition, timeout: float) -> bool:
        """Block until condition(snapshot) holds or the job is done; False on timeout."""
        with self._changed:
            return self._changed.wait_for(lambda: condition(self._state) or self._state.done, timeout)

    def _work(self) -> None:
        try:
            torch.set_num_threads(self._threads)  # this thread only (OpenMP): see core.common.threads
            lower_priority(self._nice)
            with (tensorboard_log(self.run.tensorboard_dir, self.config) as log_tensorboard,
                  self.run.metrics_log() as append_metrics):
                model = seeded_model(self.config)
                last = time.perf_counter()
                for record in train(self.config, model, self._stop):
                    append_metrics(to_dict(record))
                    log_tensorboard(record)
                    self._save(model, record)
                    self._update(record)
                    if self.feed is not None:  # epochs at once: accuracy and mistakes are what people wait for
                        self.feed.publish(self.snapshot, force=not isinstance(record, StepRecord))
                    if isinstance(record, StepRecord):
                        waited = recently_waited()
                        self._use_threads(self._busy_threads if waited else self._threads)
                        if waited and self._yield_factor:  # Stop still ends the pause
                            self._stop.wait(min(self._yield_factor * (time.perf_counter() - last), 1.0))
                    last = time.perf_counter()
        except LocalizedError as error:
            self._finish("failed", error.message)
        except Exception as error:  # the page must learn why, never hang on "running"
            self._finish("failed", Message("train.failed", {"reason": f"{type(error).__name__}: {error}"}))
        finally:
            try:
                if self.feed is not None:
                    self.feed.publish(self.snapshot, force=True)  # the ending, for the live view
            finally:
                if self._on_done is not None:
                    self._on_done()  # whatever happened above: the slot must be freed

    def _use_threads(self, threads: int) -> None:
        """Change this thread's OpenMP team between steps (cheap: the pool's threads are kept)."""
        if threads == torch.get_num_threads():
            return
        torch.set_num_threads(threads)
        with self._lock:
            if self._state.threads:  # 0 on a GPU: nothing to show
                self._state.threads = threads

    def _update(self, record) -> None:
        with self._lock:
            s = self._state
            if isinstance(record, StartRecord):
                s.status, s.total_steps, s.device = "running", record.total_steps, record.device
                s.precision, s.threads = record.precision, record.threads
            elif isinstance(record, StepRecord):
                s.steps.append(record.step)
                s.losses.append(record.loss)
                s.lrs.append(record.lr)
                s.progress, s.samples_per_s, s.eta_s = record.progress, record.samples_per_s, record.eta_s
            elif isinstance(record, EpochRecord):
                s.epochs.append(record.epoch)
                s.accuracies.append(record.test_acc)
                s.confusion, s.mistakes = record.confusion, record.mistakes
                s.best_acc = max(s.best_acc, record.test_acc)
                s.eta_s = record.eta_s
            self._changed.notify_all()
        if isinstance(record, EndRecord):
            self._finish(record.reason, end_message(record))

    def _finish(self, status: str, message: Message) -> None:
        self.run.update_info(status=status)  # on disk first: whoever wakes up finds it there
        with self._lock:
            self._state.status, self._state.message = status, message
            self._changed.notify_all()

    def _save(self, model, record) -> None:
        if not isinstance(record, EpochRecord):
            return
        best = self._state.best_acc
        meta = {"dataset": self.config.dataset, "config": self.config.to_dict(), "epoch": record.epoch,
                "test_acc": record.test_acc, "best_acc": max(best, record.test_acc), **folder_facts(self.config)}
        self.run.save_weights(model, "last", meta)
        if record.test_acc > best:
            self.run.save_weights(model, "best", meta)
        self.run.update_info(epochs_done=record.epoch, best_acc=meta["best_acc"])
