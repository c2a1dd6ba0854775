"""How many CPU threads a piece of work may use, and who goes first when they compete."""

from __future__ import annotations

import os
import sys
import threading
from contextlib import contextmanager

import torch

TRAINING_NICENESS = 19  # the lowest priority: a training job only gets what interactive work leaves


def training_threads() -> int:
    """Threads for one training job: every core. The job also lowers its priority
    (`yield_to_interactive`), so a stroke on the Draw page still runs at once instead
    of queueing behind training; one thread fewer would cost training a third of its speed."""
    return max(1, os.cpu_count() or 1)


def yield_to_interactive() -> bool:
    """Lower the calling thread's CPU priority (Linux: nice is per thread); False where it cannot.

    Call it first thing in a training thread, before any torch op: the OpenMP workers
    that thread starts inherit its priority, so the whole job steps aside for inference
    and the web server, and takes the cores back the moment they are idle.
    """
    if not sys.platform.startswith("linux") or not hasattr(os, "setpriority"):
        return False
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), TRAINING_NICENESS)
    except OSError:
        return False
    return True


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
