"""What one TorchLab server lets its visitors do: limits a host sets by environment variable.

A teacher serving a class sets these before `streamlit run`; the home page shows them.
Defaults come from the machine, so a laptop and a GPU server both behave sensibly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import torch

from core.i18n import Message


@dataclass(frozen=True)
class HostLimits:
    max_jobs: int  # training jobs running at once: one per GPU, else one per 2 CPU cores
    max_queue: int  # jobs waiting for a free slot; more are refused with a message
    max_epochs: int  # per job: the Train page's slider stops here
    train_threads: int  # CPU threads per running job; the rest stay free for drawing and feature maps
    queue_patience_s: float  # a queued job whose page stopped asking for this long is dropped
    problems: tuple[Message, ...] = ()  # settings that were not numbers we could use (their defaults apply)


def host_limits(env: dict | None = None) -> HostLimits:
    """Limits from TORCHLAB_MAX_JOBS, TORCHLAB_MAX_QUEUE, TORCHLAB_MAX_EPOCHS, TORCHLAB_TRAIN_THREADS
    (each optional), the rest derived from this machine."""
    env = os.environ if env is None else env
    problems: list[Message] = []

    def positive(name: str, default: int) -> int:
        raw = env.get(name, "").strip()
        if not raw:
            return default
        if raw.isdigit() and int(raw) >= 1:
            return int(raw)
        problems.append(Message("host.bad_limit", {"name": name, "value": raw, "default": default}))
        return default  # a typo in a setting must not take the whole class offline

    cores = os.cpu_count() or 1
    gpus = torch.cuda.device_count() if torch.cuda.is_available() else 0
    max_jobs = positive("TORCHLAB_MAX_JOBS", gpus or max(1, cores // 2))
    spare = max(1, cores - 1)  # leave one core to inference: strokes stay quick while a class trains
    return HostLimits(
        max_jobs=max_jobs,
        max_queue=positive("TORCHLAB_MAX_QUEUE", 30),
        max_epochs=positive("TORCHLAB_MAX_EPOCHS", 20),
        train_threads=positive("TORCHLAB_TRAIN_THREADS", max(1, spare // max_jobs)),
        queue_patience_s=60.0,
        problems=tuple(problems),
    )
