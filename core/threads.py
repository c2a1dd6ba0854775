"""How many CPU threads a piece of work may use."""

from __future__ import annotations

from contextlib import contextmanager

import os

import torch


def training_threads() -> int:
    """Threads for one training job: every core but one, which stays free for the page,
    the browser and other users' inference (on 2 cores two OpenMP threads competing with
    the UI ran ~20× slower than one thread that has its core to itself)."""
    return max(1, (os.cpu_count() or 2) - 1)


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
