"""How many CPU threads a piece of work may use."""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager

import torch


def training_threads() -> int:
    """Threads for a training run that has the machine to itself: every core (the CLI, the
    benches, a TrainingJob given no count). Page jobs get theirs from core.common.host_limits:
    the cores shared among the jobs at once, one fewer while somebody waits on inference."""
    return max(1, os.cpu_count() or 1)


def lower_priority(nice: int) -> None:
    """Give the calling thread (and the OpenMP threads it starts) a lower CPU priority.

    Linux keeps a nice value per thread, so a training job can yield to the server's
    other threads (a stroke's inference, a page's script) without slowing them. Where
    that is not possible (another OS), the job simply runs at normal priority.
    """
    if nice <= 0:
        return
    try:
        me = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, me, max(nice, os.getpriority(os.PRIO_PROCESS, me)))  # never raise it
    except (AttributeError, OSError):
        pass  # no per-thread priorities here: nothing to lower, nothing lost


@contextmanager
def one_thread():
    """Run one small inference on the calling thread's core alone.

    A 28×28 forward pass is far too small to split: on a busy 2-core server, two
    intra-op threads wait on each other (0.3 ms becomes 20-40 ms). PyTorch's OpenMP
    thread count is per calling thread, so a training job elsewhere keeps its own.
    """
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(previous)
