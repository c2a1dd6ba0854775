"""`torchrun -m core.train` for real: 2 CPU processes with gloo on loopback, one training run and one failing run."""

import json
import os
import re
import subprocess
import signal
import sys
from pathlib import Path

import pytest
import torch

from core.common.threads import training_threads
from core.data.datasets import get_spec
from core.data.loading import load_split
from core.models.checkpoints import load_checkpoint, read_metadata
from core.training.evaluation import accuracy, predict_all

REPO_ROOT = Path(__file__).resolve().parents[1]
TORCHRUN = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2", "-m", "core.train"]


def torchrun(args: list[str], timeout: float, **env) -> subprocess.CompletedProcess:
    """Run torchrun with a hard timeout: a hanging job fails its test, and all its processes are killed."""
    with subprocess.Popen(TORCHRUN + args, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env={**os.environ, **env}, start_new_session=True) as job:
        try:
            stdout, stderr = job.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(job.pid, signal.SIGKILL)  # torchrun and every rank it started: they share its session
            job.communicate()
            pytest.fail(f"torchrun {' '.join(args)} still ran after {timeout} s: a rank hangs")
    return subprocess.CompletedProcess(job.args, job.returncode, stdout, stderr)


@pytest.fixture(scope="module")
def two_ranks(tmp_path_factory):
    """One epoch of the seed ConvNet on all of MNIST, 2 ranks × the Fast preset's batch of 256."""
    folder = tmp_path_factory.mktemp("ddp")
    out = folder / "convnet.pt"
    done = torchrun(["--epochs", "1", "--device", "cpu", "--log-every", "50", "--out", str(out),
                     "--tensorboard", str(folder / "tensorboard")], timeout=300)
    assert done.returncode == 0, done.stderr[-4000:]
    return [json.loads(line) for line in done.stdout.splitlines()], out


@pytest.mark.slow
def test_two_ranks_print_once_and_reach_the_one_process_accuracy(two_ranks):
    lines, out = two_ranks
    # only rank 0 prints: one line per event, 118 steps of 2 × 256 → steps 50 and 100 logged once each
    assert [r["event"] for r in lines] == ["start", "step", "step", "epoch", "end", "saved"]
    start, epoch, end = lines[0], lines[3], lines[4]
    assert start["world_size"] == 2 and start["train_size"] == 60000 and start["total_steps"] == 118
    assert start["threads"] == max(1, training_threads() // 2)  # the 2 ranks share the cores
    assert epoch["test_acc"] >= 0.97 and end["reason"] == "finished"
    assert sum(map(sum, epoch["confusion"])) == 10000  # every test digit, gathered from both ranks
    assert len(list((out.parent / "tensorboard").glob("events.out.tfevents.*"))) == 1  # rank 0's alone


@pytest.mark.slow
def test_the_distributed_checkpoint_loads_into_the_plain_model(two_ranks):
    lines, out = two_ranks
    state = torch.load(out, weights_only=True)["state_dict"]
    assert state and not any(key.startswith("module.") for key in state)  # saved from the unwrapped model
    meta = read_metadata(out)  # what the Draw page lists: an MNIST model with its accuracy
    assert meta["dataset"] == "mnist" and meta["model"] == "convnet" and meta["world_size"] == 2
    assert meta["command"].startswith("torchrun --nnodes=1 --nproc_per_node=2 -m core.train")
    loaded = load_checkpoint(out)
    test = load_split("mnist", False)
    acc = accuracy(predict_all(loaded.model, test.images, get_spec("mnist")), test.labels)
    assert acc == pytest.approx(lines[3]["test_acc"], abs=1e-3) and acc == pytest.approx(meta["test_acc"], abs=1e-3)


@pytest.mark.slow
def test_a_failing_rank_ends_the_whole_job_with_its_message(tmp_path):
    out = tmp_path / "never.pt"
    done = torchrun(["--model", "linear", "--train-subset", "2000", "--test-subset", "500", "--epochs", "1",
                     "--device", "cpu", "--out", str(out)], timeout=120,
                    TORCHLAB_FAIL_RANK="1", TORCHLAB_DIST_TIMEOUT_S="600")  # ends by torchrun, not by the timeout
    assert done.returncode != 0
    assert "Rank 1 failed on purpose" in done.stderr  # the rank's own message reaches torchrun's summary
    assert re.search(r"Root Cause[\s\S]*rank\s*: 1 ", done.stderr)  # torchrun names the failed rank
    assert not out.exists()
