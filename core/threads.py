"""How many CPU threads a piece of work may use."""

from __future__ import annotations

import os
from contextlib import contextmanager

import torch


def training_threads() -> int:
    """Threads for one training job: every core, as the CLI uses. One thread fewer cost a
    page job a third of its speed on 2 cores, while a stroke's one-thread inference next to
    a running job still takes under 10 ms (measured: 5 ms idle). A lower CPU priority for
    the job (nice 19) kept strokes at 5 ms but let any background load slow training ~10%."""
    return max(1, os.cpu_count() or 1)


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
