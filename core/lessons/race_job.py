"""The optimizer race in a background thread, polled by the page; the thread never touches Streamlit.

The run is bounded three ways, so a student who leaves the page never leaves a thread
spinning: the race has a fixed number of steps, Stop (or a new race) sets a flag the
loop checks between steps, and a wall-clock limit ends it whatever happens.
"""

from __future__ import annotations

import copy
import math
import time
from dataclasses import dataclass, field

import torch

from core.common.background import BackgroundJob
from core.lessons.optimizer_race import RaceConfig, RaceEnd, RaceEpoch, RaceStart, RaceStep, race
from core.lessons.race_optimizers import NAMES
from core.lessons.race_outcome import RaceOutcome, read_outcome

RACE_SECONDS = 12.0  # a race is paced to last about this long: long enough to watch, short enough to wait for
MAX_PAUSE_S = 0.05  # never slower than 20 steps a second, however few steps there are
LIMIT_S = 180.0  # the thread ends after this long even if nobody presses Stop


@dataclass
class RaceSnapshot:
    """What the page draws, as plain lists (a copy: safe to read while the race goes on)."""

    status: str = "starting"  # starting, running, finished, stopped, failed
    reason: str = ""  # for "failed": the error, in English, as the page shows it in a code box
    total_steps: int = 0
    epoch: int = 0
    steps: list[int] = field(default_factory=list)
    losses: dict[str, list[float]] = field(default_factory=lambda: {name: [] for name in NAMES})
    after: dict[str, list[float]] = field(default_factory=lambda: {name: [] for name in NAMES})  # all points, per step
    start_loss: float = math.nan  # MSE on all points before the first step, the same for all four
    floor: float = math.nan  # the true curve's MSE on the data: the noise no fit should learn
    full_losses: dict[str, float] = field(default_factory=dict)  # after the last finished epoch
    xs: list[float] = field(default_factory=list)
    ys: list[float] = field(default_factory=list)
    grid: list[float] = field(default_factory=list)
    fits: dict[str, list[float]] = field(default_factory=dict)

    @property
    def done(self) -> bool:
        return self.status in ("finished", "stopped", "failed")

    def outcome(self) -> RaceOutcome | None:
        """What the race so far showed (core.lessons.race_outcome); None before its first step."""
        return read_outcome(self.start_loss, self.floor, self.after)


class RaceJob(BackgroundJob):
    def __init__(self, config: RaceConfig, pause_s: float | None = None):
        """pause_s: seconds between steps; None paces the race to about RACE_SECONDS, 0 runs flat out (tests)."""
        super().__init__("optimizer-race")
        self.config = config
        self.pause_s = min(RACE_SECONDS / config.total_steps, MAX_PAUSE_S) if pause_s is None else pause_s
        self._state = RaceSnapshot(total_steps=config.total_steps)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def snapshot(self) -> RaceSnapshot:
        with self._lock:
            return copy.deepcopy(self._state)

    def _work(self) -> None:
        torch.set_num_threads(1)  # this thread only: batches of ≤ 1000 × 20 are too small to split
        deadline = time.monotonic() + LIMIT_S
        try:
            for record in race(self.config, self._stop):
                self._update(record)
                if isinstance(record, RaceStep) and (self._stop.wait(self.pause_s) or time.monotonic() > deadline):
                    self._stop.set()  # the race sees it before its next step and says "stopped"
        except Exception as error:  # the page must learn why, never wait on "running" forever
            with self._lock:
                self._state.status, self._state.reason = "failed", f"{type(error).__name__}: {error}"

    def _update(self, record) -> None:
        with self._lock:
            s = self._state
            if isinstance(record, RaceStart):
                s.status, s.xs, s.ys, s.floor = "running", record.xs, record.ys, record.floor
            elif isinstance(record, RaceStep):
                s.steps.append(record.step)
                s.epoch = record.epoch
                for name, loss in record.losses.items():
                    s.losses[name].append(loss)
                    s.after[name].append(record.after[name])
            elif isinstance(record, RaceEpoch):
                s.full_losses, s.grid, s.fits = record.full_losses, record.grid, record.fits
                if record.epoch == 0:
                    s.start_loss = next(iter(record.full_losses.values()))  # one start, four copies
            elif isinstance(record, RaceEnd):
                s.status = record.reason
