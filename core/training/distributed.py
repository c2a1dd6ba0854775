"""Training on several processes at once: torchrun's environment, the process group and its collectives.

`torchrun --nproc_per_node=N -m core.train …` starts N copies of the CLI and tells each
who it is through RANK, WORLD_SIZE and LOCAL_RANK. Every rank holds the whole tensor
dataset, trains a DistributedDataParallel copy of the model on its own shard of each
epoch, and takes part in the same collectives (gradients, losses, test predictions), so
every rank makes the same decisions. Outside torchrun everything here is a no-op.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import timedelta

import torch
import torch.distributed as dist
from torch import nn

from core.common.device import pick_device
from core.common.i18n import LocalizedError
from core.common.threads import training_threads

# A collective that waits this long means a rank is gone: fail instead of hanging. Long
# enough for a slow node to load its dataset, short enough that a person is still waiting.
TIMEOUT_S = 300.0
TIMEOUT_VARIABLE = "TORCHLAB_DIST_TIMEOUT_S"  # overrides TIMEOUT_S (tests shorten it)
FAIL_RANK = "TORCHLAB_FAIL_RANK"  # test hook: the rank named here raises right after joining


class JoinFailed(LocalizedError, RuntimeError):
    """This rank could not form the process group with the others (a node missing, a wrong endpoint)."""


class UnsupportedDevice(LocalizedError, ValueError):
    """This device cannot host this rank: no collectives on it (MPS), or fewer GPUs than processes."""


class RankFailed(LocalizedError, RuntimeError):
    """Raised on purpose by the rank named in TORCHLAB_FAIL_RANK, to test that a job ends cleanly."""


@dataclass(frozen=True)
class World:
    """Who this process is among the ones training together; World() is a plain single process."""

    rank: int = 0  # 0..size-1 over every node; rank 0 prints and writes files
    size: int = 1  # processes in the job (nodes × processes per node)
    local_rank: int = 0  # index on this node: which GPU this process drives
    local_size: int = 1  # processes on this node: they share its CPU cores
    active: bool = False  # True inside a process group (even of one process, as a smoke test)

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    def place(self, device: torch.device) -> torch.device:
        """Each rank on a node drives its own GPU: "cuda" becomes "cuda:<local rank>"."""
        return torch.device("cuda", self.local_rank) if self.active and device.type == "cuda" else device


def launched_by_torchrun(env: dict | None = None) -> bool:
    env = os.environ if env is None else env
    return "RANK" in env and "WORLD_SIZE" in env


def world_from_env(env: dict | None = None) -> World:
    """The World that torchrun's variables describe (not yet joined: active=False)."""
    env = os.environ if env is None else env
    size = int(env["WORLD_SIZE"])
    return World(int(env["RANK"]), size, int(env.get("LOCAL_RANK", 0)), int(env.get("LOCAL_WORLD_SIZE", size)))


@contextmanager
def process_group(device_preference: str = "auto") -> Iterator[World]:
    """Join torchrun's process group for the block (NCCL on CUDA, gloo on CPU); World() outside torchrun."""
    if not launched_by_torchrun():
        yield World()
        return
    world = world_from_env()
    device = pick_device(device_preference)
    if device.type not in ("cuda", "cpu"):
        raise UnsupportedDevice("distributed.unsupported_device", device=device.type)
    if device.type == "cuda":
        if world.local_rank >= torch.cuda.device_count():
            raise UnsupportedDevice("distributed.too_few_gpus", processes=world.local_size,
                                    gpus=torch.cuda.device_count())
        torch.cuda.set_device(world.local_rank)  # before NCCL starts, so it never touches GPU 0 from every rank
    else:
        torch.set_num_threads(max(1, training_threads() // world.local_size))  # ranks share this node's cores
    timeout = timedelta(seconds=float(os.environ.get(TIMEOUT_VARIABLE, TIMEOUT_S)))
    try:
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo", timeout=timeout)
    except dist.DistError as exc:
        raise JoinFailed("distributed.join_failed", rank=world.rank, size=world.size, reason=exc) from exc
    try:
        if os.environ.get(FAIL_RANK) == str(world.rank):
            raise RankFailed("distributed.rank_failed", rank=world.rank, variable=FAIL_RANK)
        yield replace(world, active=True)
    finally:
        dist.destroy_process_group()


def wrap_model(model: nn.Module, world: World, device: torch.device) -> nn.Module:
    """The module to train: DDP around `model` in a process group (it averages gradients), else `model`.

    `model` itself stays the plain module: evaluate and save it, and no "module." prefix appears.
    """
    if not world.active:
        return model
    from torch.nn.parallel import DistributedDataParallel as DDP

    return DDP(model, device_ids=[device.index] if device.type == "cuda" else None)


def shard_indices(n: int, rank: int, world: int, seed: int, epoch: int) -> torch.Tensor:
    """This rank's rows of `range(n)` for one epoch, as DistributedSampler(shuffle=True) picks them.

    Every rank draws the same permutation from seed + epoch (so the shards are disjoint
    and a new epoch reshuffles), pads it by repeating its head to a multiple of `world`
    (so every rank takes the same number of steps and no collective waits forever),
    and takes every world-th row starting at its rank.
    """
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed + epoch))  # (n,)
    per_rank = math.ceil(n / world)
    padded = torch.cat([order, order[:per_rank * world - n]])  # (per_rank × world,)
    return padded[rank::world]  # (per_rank,)


def shard_rows(n: int, world: World) -> slice:
    """A contiguous block of rows of an evaluation set for this rank; see gather_rows."""
    per_rank = math.ceil(n / world.size)
    return slice(min(world.rank * per_rank, n), min((world.rank + 1) * per_rank, n))


def gather_rows(part: torch.Tensor, n: int, world: World) -> torch.Tensor:
    """Every rank's shard_rows block, in order, as one (n, …) tensor on every rank."""
    if not world.active:
        return part
    per_rank = math.ceil(n / world.size)
    padded = torch.zeros((per_rank, *part.shape[1:]), dtype=part.dtype, device=part.device)
    padded[:len(part)] = part  # only the last blocks are short, so padding sits past row n
    blocks = [torch.empty_like(padded) for _ in range(world.size)]
    dist.all_gather(blocks, padded)
    return torch.cat(blocks)[:n]


def all_reduce_sum(values: torch.Tensor, world: World) -> torch.Tensor:
    """Element-wise sum over all ranks (a new tensor); `values` itself outside a process group."""
    if not world.active:
        return values
    total = values.clone()
    dist.all_reduce(total, op=dist.ReduceOp.SUM)
    return total


def all_reduce_mean(values: torch.Tensor, world: World) -> torch.Tensor:
    """Element-wise mean over all ranks: what every rank prints or decides on is the same number."""
    return all_reduce_sum(values, world) / world.size if world.active else values
