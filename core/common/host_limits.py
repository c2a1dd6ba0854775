"""What one TorchLab server lets its visitors do: limits a host sets by environment variable.

A teacher serving a class sets these before `streamlit run`; the home page shows them.
Defaults come from the machine, so a laptop and a GPU server both behave sensibly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import torch

from core.common.i18n import Message


@dataclass(frozen=True)
class HostLimits:
    max_jobs: int  # training jobs running at once: one per GPU, else one per 2 CPU cores
    max_queue: int  # jobs waiting for a free slot; more are refused with a message
    max_epochs: int  # per job: the Train page's slider stops here
    train_threads: int  # CPU threads per running job while nobody waits on inference: every core, as the CLI
    busy_threads: int  # the same while somebody draws or looks inside: one core stays free for them
    train_nice: int  # OS priority of a job's threads (0 normal, 19 lowest): a stroke never waits on training
    train_yield: float  # while someone draws or looks inside, a job pauses this many step-times per step
    queue_patience_s: float  # a queued job whose page stopped asking for this long is dropped
    folder_paths: str = "local"  # who may type a server folder path: "all", "local" (loopback visitors) or "none"
    set_max_per_class: int = 200  # pictures in one class of a picture set (core.data.picture_sets)
    set_max_mb: int = 100  # megabytes one picture set may hold on the server's disk, all classes together
    problems: tuple[Message, ...] = ()  # settings we could not use (their defaults apply)


def host_limits(env: dict | None = None) -> HostLimits:
    """Limits from TORCHLAB_MAX_JOBS, _MAX_QUEUE, _MAX_EPOCHS, _TRAIN_THREADS (the most a job
    uses; fewer while people wait on inference), _TRAIN_NICE,
    _TRAIN_YIELD (0 turns these two off), _FOLDER_PATHS (1 all, 0 none), _SET_MAX_PER_CLASS and
    _SET_MAX_MB (a picture set's pictures per class and megabytes), each optional;
    the rest derived from this machine."""
    env = os.environ if env is None else env
    problems: list[Message] = []

    def whole(name: str, default: int, least: int = 1) -> int:
        raw = env.get(name, "").strip()
        if not raw:
            return default
        if raw.isdigit() and int(raw) >= least:
            return int(raw)
        problems.append(Message("host.bad_limit", {"name": name, "value": raw, "default": default, "least": least}))
        return default  # a typo in a setting must not take the whole class offline

    folder_paths = {"1": "all", "0": "none", "": "local"}.get(env.get("TORCHLAB_FOLDER_PATHS", "").strip())
    if folder_paths is None:
        problems.append(Message("host.bad_switch", {"name": "TORCHLAB_FOLDER_PATHS",
                                                    "value": env["TORCHLAB_FOLDER_PATHS"]}))
        folder_paths = "local"
    cores = os.cpu_count() or 1
    gpus = torch.cuda.device_count() if torch.cuda.is_available() else 0
    max_jobs = whole("TORCHLAB_MAX_JOBS", gpus or max(1, cores // 2))
    spare = max(1, cores - 1)  # while people wait on inference, one core is theirs: strokes stay quick
    train_threads = whole("TORCHLAB_TRAIN_THREADS", max(1, cores // max_jobs))
    return HostLimits(
        max_jobs=max_jobs,
        max_queue=whole("TORCHLAB_MAX_QUEUE", 30),
        max_epochs=whole("TORCHLAB_MAX_EPOCHS", 20),
        train_threads=train_threads,
        busy_threads=min(train_threads, max(1, spare // max_jobs)),
        train_nice=min(19, whole("TORCHLAB_TRAIN_NICE", 10, least=0)),
        train_yield=whole("TORCHLAB_TRAIN_YIELD", 2, least=0),  # 2: at most a third of its time while people wait
        queue_patience_s=60.0,
        folder_paths=folder_paths,
        set_max_per_class=whole("TORCHLAB_SET_MAX_PER_CLASS", 200, least=2),  # a class needs 2: one to validate on
        set_max_mb=whole("TORCHLAB_SET_MAX_MB", 100),
        problems=tuple(problems),
    )
