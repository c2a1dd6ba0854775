"""The Devices page's core: facts about this machine, .to(device), the mismatch error, a bounded matmul timing."""

import os

import pytest
import torch

from core.lessons.device_facts import (MISMATCH_MESSAGE, available_devices, cpu_facts, gpu_facts, mismatch_error, move_to,
                               time_matmul)

CUDA = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")


def test_cpu_facts_agree_with_torch_and_the_os():
    cpu = cpu_facts()
    assert cpu.torch_threads == torch.get_num_threads() and cpu.logical_cores == os.cpu_count()
    assert 1 <= cpu.usable_cores <= cpu.logical_cores
    assert cpu.capability == torch.backends.cpu.get_cpu_capability()
    assert cpu.native_bf16 == bool(cpu.bf16_units)


def test_the_device_list_starts_with_the_cpu_and_counts_every_gpu():
    devices = available_devices()
    assert devices[0] == "cpu"
    assert [d for d in devices if d.startswith("cuda")] == [g.device for g in gpu_facts()]
    assert len(gpu_facts()) == (torch.cuda.device_count() if torch.cuda.is_available() else 0)


def test_moving_to_the_cpu_keeps_the_same_tensor_and_the_same_model():
    report = move_to("cpu")
    assert (report.tensor_before, report.tensor_after, report.param_after) == ("cpu", "cpu", "cpu")
    assert not report.tensor_copied and report.model_same_object


def test_the_cpu_cannot_mismatch_itself_and_the_shown_message_names_two_devices():
    assert mismatch_error("cpu") == ""
    assert "cuda:0 and cpu" in MISMATCH_MESSAGE


def test_matmul_timing_is_self_consistent_and_bounded():
    timing = time_matmul("cpu", 256, budget_s=0.05)
    assert timing.device == "cpu" and timing.n == 256 and 1 <= timing.reps <= 20
    assert timing.gflops == pytest.approx(2 * 256**3 / (timing.ms / 1e3) / 1e9)


@CUDA
def test_on_a_gpu_tensors_are_copied_and_the_mismatch_is_real():
    report = move_to("cuda:0")
    assert report.tensor_copied and report.tensor_after == "cuda:0" and report.param_after == "cuda:0"
    assert "Expected all tensors to be on the same device" in mismatch_error("cuda:0")
    assert gpu_facts()[0].total_gib > gpu_facts()[0].free_gib > 0
    assert time_matmul("cuda:0", 1024).gflops > 0
