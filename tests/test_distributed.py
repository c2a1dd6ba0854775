"""core.training.distributed: pure helpers checked against DistributedSampler, collectives in a 1-process gloo group."""

import socket

import pytest
import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DistributedSampler

from core.models import create_model
from core.training.config import TrainConfig
from core.training.distributed import (JoinFailed, RankFailed, UnsupportedDevice, World, all_reduce_mean, all_reduce_sum,
                              gather_rows, launched_by_torchrun, process_group, shard_indices, shard_rows,
                              world_from_env, wrap_model)
from core.training.loop import train
from core.training.records import EndRecord, StartRecord


def shards(n, world, seed=0, epoch=1):
    return [shard_indices(n, rank, world, seed, epoch).tolist() for rank in range(world)]


@pytest.mark.parametrize("n, world", [(60, 3), (12, 4), (7, 1)])
def test_shards_are_disjoint_covering_and_equal_when_the_world_divides_n(n, world):
    parts = shards(n, world)
    assert {len(p) for p in parts} == {n // world}
    flat = [i for p in parts for i in p]
    assert sorted(flat) == list(range(n))  # every row once: disjoint and covering


@pytest.mark.parametrize("n, world", [(10, 3), (10, 4), (3, 4)])
def test_uneven_shards_repeat_a_few_rows_so_every_rank_takes_as_many_steps(n, world):
    parts = shards(n, world)
    per_rank = -(-n // world)  # ceil
    assert {len(p) for p in parts} == {per_rank}
    flat = [i for p in parts for i in p]
    assert set(flat) == set(range(n)) and len(flat) - n == per_rank * world - n  # only the padding repeats


def test_every_epoch_reshuffles_and_every_rank_agrees_on_the_permutation():
    assert shards(100, 2, epoch=1) != shards(100, 2, epoch=2)
    assert shards(100, 2, seed=0) != shards(100, 2, seed=1)
    assert shards(100, 2, epoch=3) == shards(100, 2, epoch=3)  # what each rank computes alone


@pytest.mark.parametrize("n, world, rank, epoch", [(60, 2, 1, 0), (10, 3, 2, 5), (1000, 8, 3, 7)])
def test_shards_are_what_distributed_sampler_yields(n, world, rank, epoch):
    sampler = DistributedSampler(range(n), num_replicas=world, rank=rank, shuffle=True, seed=4)
    sampler.set_epoch(epoch)
    assert shard_indices(n, rank, world, seed=4, epoch=epoch).tolist() == list(sampler)


@pytest.mark.parametrize("n, size", [(10, 3), (9, 4), (10000, 2), (5, 1)])
def test_evaluation_blocks_cover_the_rows_in_order(n, size):
    blocks = [shard_rows(n, World(rank, size)) for rank in range(size)]
    assert [i for b in blocks for i in range(n)[b]] == list(range(n))


def test_torchruns_variables_describe_the_world():
    env = {"RANK": "3", "WORLD_SIZE": "8", "LOCAL_RANK": "1", "LOCAL_WORLD_SIZE": "2"}
    assert launched_by_torchrun(env) and not launched_by_torchrun({})
    assert world_from_env(env) == World(rank=3, size=8, local_rank=1, local_size=2, active=False)
    assert World(local_rank=1, active=True).place(torch.device("cuda")) == torch.device("cuda", 1)
    assert World(local_rank=1, active=True).place(torch.device("cpu")) == torch.device("cpu")
    assert World().place(torch.device("cuda")) == torch.device("cuda")  # one process: as chosen


def test_outside_torchrun_the_group_is_a_no_op(monkeypatch):
    for name in ("RANK", "WORLD_SIZE"):
        monkeypatch.delenv(name, raising=False)
    with process_group("cpu") as world:
        assert world == World() and world.is_main and not dist.is_initialized()
        x = torch.tensor([1.0, 3.0])
        assert all_reduce_sum(x, world) is x and all_reduce_mean(x, world) is x and gather_rows(x, 2, world) is x


def torchrun_env(monkeypatch, rank=0, size=1, timeout_s=None):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {"RANK": rank, "WORLD_SIZE": size, "LOCAL_RANK": rank, "LOCAL_WORLD_SIZE": size,
           "MASTER_ADDR": "127.0.0.1", "MASTER_PORT": port, "TORCHLAB_DIST_TIMEOUT_S": timeout_s}
    for name, value in env.items():
        if value is not None:
            monkeypatch.setenv(name, str(value))
    monkeypatch.setattr(torch, "set_num_threads", lambda n: None)  # keep this pytest process's threads


@pytest.fixture
def one_process_group(monkeypatch):
    torchrun_env(monkeypatch)
    with process_group("cpu") as world:
        yield world
    assert not dist.is_initialized()


def test_reductions_and_gather_in_a_one_process_gloo_group(one_process_group):
    world = one_process_group
    assert world.active and world.size == 1 and dist.get_backend() == "gloo"
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    total, mean = all_reduce_sum(x, world), all_reduce_mean(x, world)
    assert total is not x and torch.equal(total, x) and torch.equal(mean, x)
    assert torch.equal(gather_rows(x[shard_rows(3, world)], 3, world), x)


def test_training_in_a_group_wraps_in_ddp_and_leaves_the_model_plain(one_process_group, monkeypatch):
    import core.training.loop

    wrapped = []
    monkeypatch.setattr(core.training.loop, "wrap_model", lambda *a: wrapped.append(wrap_model(*a)) or wrapped[-1])
    config = TrainConfig(model="linear", train_subset=1000, test_subset=300, batch_size=100, epochs=1, device="cpu")
    model = create_model("linear")
    records = list(train(config, model, world=one_process_group))
    assert [type(m) for m in wrapped] == [DistributedDataParallel] and wrapped[0].module is model
    start, end = records[0], records[-1]
    assert isinstance(start, StartRecord) and start.world_size == 1 and start.total_steps == 10
    assert isinstance(end, EndRecord) and end.reason == "finished" and end.best_acc > 0.5
    assert not any(key.startswith("module.") for key in model.state_dict())


def test_the_failure_hook_raises_and_leaves_no_group_behind(monkeypatch):
    torchrun_env(monkeypatch)
    monkeypatch.setenv("TORCHLAB_FAIL_RANK", "0")
    with pytest.raises(RankFailed, match="Rank 0 failed on purpose"):
        with process_group("cpu"):
            pytest.fail("the block must not run")
    assert not dist.is_initialized()


def test_a_rank_whose_partners_never_come_fails_after_the_timeout(monkeypatch):
    torchrun_env(monkeypatch, rank=0, size=2, timeout_s=1)
    with pytest.raises(JoinFailed, match="Rank 0 could not join .* 2-process job"):
        with process_group("cpu"):
            pytest.fail("the block must not run")
    assert not dist.is_initialized()


def test_a_device_without_collectives_is_refused_in_words(monkeypatch):
    import core.training.distributed

    torchrun_env(monkeypatch)
    monkeypatch.setattr(core.training.distributed, "pick_device", lambda preference: torch.device("mps"))
    with pytest.raises(UnsupportedDevice, match="not on mps: pass --device cpu"):
        with process_group("auto"):
            pytest.fail("the block must not run")
    assert not dist.is_initialized()


def test_more_processes_than_gpus_is_refused_in_words(monkeypatch):
    import core.training.distributed

    torchrun_env(monkeypatch, rank=1, size=2)
    monkeypatch.setattr(core.training.distributed, "pick_device", lambda preference: torch.device("cuda"))
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 1)
    with pytest.raises(UnsupportedDevice, match=r"2 processes on this node, but PyTorch sees only 1 CUDA GPU\(s\)"):
        with process_group("cuda"):
            pytest.fail("the block must not run")
