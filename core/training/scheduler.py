"""One process-wide queue for training jobs, so a class on one server shares it fairly.

Every session submits through the same TrainingScheduler (the page keeps it in
st.cache_resource). At most `max_jobs` run at once; the rest wait first-in first-out,
each able to see its place and to leave. A job's own thread tells the scheduler when it
ends, and the next waiting job starts then: no polling thread, nothing to leak.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from core.common.host_limits import HostLimits
from core.common.i18n import LocalizedError
from core.training.config import TrainConfig
from core.training.jobs import TrainingJob
from core.training.live_feed import LiveFeed
from core.training.runs import RunStore

QUEUED, RUNNING, DONE, LEFT = "queued", "running", "done", "left"


class Ticket:
    """One session's request to train: waits in the queue, then holds the running job."""

    def __init__(self, config: TrainConfig, owner: str):
        self.id = secrets.token_urlsafe(12)
        self.config = config
        self.owner = owner
        self.state = QUEUED
        self.job: TrainingJob | None = None
        self.seen = time.monotonic()  # last time its page asked about it

    @property
    def active(self) -> bool:
        return self.state == QUEUED or (self.state == RUNNING and not self.job.done)


@dataclass(frozen=True)
class QueueStatus:
    running: int
    queued: int
    position: int  # 1 = next to start; 0 = not waiting
    limits: HostLimits


class TrainingScheduler:
    def __init__(self, limits: HostLimits, store: RunStore, feed_dir: Path | None = None):
        """`feed_dir`: where each job publishes its live feed (core.training.live_feed), under the ticket's
        unguessable id; None for no feeds (the CLI, tests of the queue)."""
        self.limits = limits
        self.store = store
        self.feed_dir = feed_dir
        self._lock = threading.RLock()
        self._queue: deque[Ticket] = deque()
        self._running: list[Ticket] = []

    def submit(self, config: TrainConfig, owner: str) -> Ticket:
        """Queue a job (it starts at once when a slot is free). One active job per owner."""
        if config.epochs > self.limits.max_epochs:
            raise LocalizedError("host.too_many_epochs", epochs=config.epochs, limit=self.limits.max_epochs)
        with self._lock:
            self._drop_forgotten()
            if any(t.owner == owner and t.active for t in [*self._queue, *self._running]):
                raise LocalizedError("host.one_job_each")
            if len(self._queue) >= self.limits.max_queue:
                raise LocalizedError("host.queue_full", limit=self.limits.max_queue)
            ticket = Ticket(config, owner)
            self._queue.append(ticket)
            self._start_waiting()
            return ticket

    def status(self, ticket: Ticket | None = None) -> QueueStatus:
        """Counts for everyone, and this ticket's place in line; asking keeps a waiting ticket alive."""
        with self._lock:
            position = 0
            if ticket is not None:
                ticket.seen = time.monotonic()
                if ticket.state == QUEUED:
                    position = 1 + next(i for i, t in enumerate(self._queue) if t is ticket)
            return QueueStatus(len(self._running), len(self._queue), position, self.limits)

    def leave(self, ticket: Ticket) -> None:
        """Leave the queue, or stop the running job (it saves what it has, as Stop does)."""
        with self._lock:
            if ticket.state == QUEUED:
                self._queue.remove(ticket)
                ticket.state = LEFT
                return
            job = ticket.job
        if job is not None:
            job.stop()

    def active_ticket(self, owner: str) -> Ticket | None:
        """The owner's queued or running job, e.g. for a page opened again after a refresh."""
        with self._lock:
            return next((t for t in [*self._running, *self._queue] if t.owner == owner and t.active), None)

    def _start_waiting(self) -> None:
        while self._queue and len(self._running) < self.limits.max_jobs:
            ticket = self._queue.popleft()
            ticket.state = RUNNING
            self._running.append(ticket)
            limits = self.limits
            feed = None if self.feed_dir is None else LiveFeed(self.feed_dir / f"{ticket.id}.json", ticket.config)
            ticket.job = TrainingJob(ticket.config, self.store, ticket.owner, threads=limits.train_threads,
                                     busy_threads=limits.busy_threads, nice=limits.train_nice, feed=feed,
                                     yield_factor=limits.train_yield, on_done=lambda t=ticket: self._finished(t)).start()

    def _finished(self, ticket: Ticket) -> None:
        """Called from the job's own thread as it ends: free the slot, start the next in line."""
        with self._lock:
            ticket.state = DONE
            if ticket in self._running:
                self._running.remove(ticket)
            self._drop_forgotten()
            self._start_waiting()

    def _drop_forgotten(self) -> None:
        """Waiting tickets whose page closed (nobody asked for a while) leave the queue."""
        cutoff = time.monotonic() - self.limits.queue_patience_s
        for ticket in [t for t in self._queue if t.seen < cutoff]:
            self._queue.remove(ticket)
            ticket.state = LEFT

