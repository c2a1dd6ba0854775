"""How many CPU threads a piece of work may use."""

from __future__ import annotations

from contextlib import contextmanager

import torch


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
