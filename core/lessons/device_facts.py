"""What this machine offers PyTorch, moving things between devices, and a matmul timed on each.

The device list itself comes from core.common.device (the one place that chooses devices); this module
adds what a learner wants to see about each, and small experiments that return plain records.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

import torch
from torch import nn

from core.common.device import list_devices
from core.training.engine import cpu_bf16_units, native_bf16

# What PyTorch says when a layer's weights and its input live on different devices (torch 2.x wording).
MISMATCH_MESSAGE = ("Expected all tensors to be on the same device, but found at least two devices, "
                    "cuda:0 and cpu! (when checking argument for argument mat1 in method wrapper_CUDA_addmm)")
MATMUL_BUDGET_S = 1.0  # timed repetitions stop after about this long, per device: the machine is shared
MAX_REPS = 20


@dataclass(frozen=True)
class CpuFacts:
    name: str  # e.g. "AMD EPYC 9R14"
    logical_cores: int  # what the OS reports
    usable_cores: int  # what this process may run on (containers often allow fewer)
    torch_threads: int  # torch.get_num_threads(): intra-op threads for one matmul or conv
    capability: str  # the widest vector instructions PyTorch's kernels use here, e.g. "AVX512"
    bf16_units: tuple[str, ...]  # "avx512_bf16", "amx": hardware that multiplies bfloat16
    native_bf16: bool


@dataclass(frozen=True)
class GpuFacts:
    device: str  # "cuda:0"
    name: str
    total_gib: float
    free_gib: float
    capability: str  # compute capability, e.g. "9.0" (Hopper); bf16 needs 8.0+
    multiprocessors: int


@dataclass(frozen=True)
class MoveReport:
    device: str
    tensor_before: str
    tensor_after: str
    tensor_copied: bool  # tensor.to() returns a new tensor unless it is already there
    param_before: str
    param_after: str
    model_same_object: bool  # model.to() moves the parameters in place and returns the same module


@dataclass(frozen=True)
class MatmulTiming:
    device: str
    n: int  # (n, n) @ (n, n)
    reps: int
    ms: float  # per matmul
    gflops: float  # 2·n³ floating-point operations per matmul


def cpu_facts() -> CpuFacts:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return CpuFacts(list_devices()[0].name, os.cpu_count() or 1, usable, torch.get_num_threads(),
                    torch.backends.cpu.get_cpu_capability(), tuple(cpu_bf16_units()),
                    native_bf16(torch.device("cpu")))


def gpu_facts() -> list[GpuFacts]:
    found = []
    for index in range(torch.cuda.device_count() if torch.cuda.is_available() else 0):
        props = torch.cuda.get_device_properties(index)
        free, total = torch.cuda.mem_get_info(index)  # bytes, as the driver sees them (other processes too)
        found.append(GpuFacts(f"cuda:{index}", props.name, total / 2**30, free / 2**30,
                              f"{props.major}.{props.minor}", props.multi_processor_count))
    return found


def available_devices() -> list[str]:
    """What you can pass to .to(...) here: "cpu", then "cuda:0"…, then "mps"."""
    return [d.kind for d in list_devices()]


def move_to(device: str) -> MoveReport:
    """Move a small tensor and a small model from the CPU to `device`, noting where each lives."""
    tensor = torch.ones(2, 3)
    moved = tensor.to(device)
    model = nn.Linear(3, 2)
    before = str(next(model.parameters()).device)
    same = model.to(device) is model
    return MoveReport(device, str(tensor.device), str(moved.device), moved is not tensor, before,
                      str(next(model.parameters()).device), same)


def mismatch_error(device: str) -> str:
    """The real error for a model on `device` fed a CPU tensor; needs a device other than the CPU."""
    model = nn.Linear(3, 2).to(device)
    try:
        model(torch.ones(1, 3))
    except RuntimeError as error:
        return str(error)
    return ""  # the device shares memory with the CPU and accepted the input


def time_matmul(device: str, n: int, budget_s: float = MATMUL_BUDGET_S) -> MatmulTiming:
    """Time (n, n) @ (n, n) in fp32 honestly: warm-up first, synchronize before reading the clock."""
    dev = torch.device(device)
    a = torch.randn(n, n, device=dev)  # (n, n)
    b = torch.randn(n, n, device=dev)
    _sync(dev)
    a @ b  # warm-up: kernel choice, thread pool, GPU context and memory
    _sync(dev)
    elapsed, reps = 0.0, 0
    while reps < MAX_REPS and (reps == 0 or elapsed < budget_s):
        start = time.perf_counter()
        a @ b
        _sync(dev)  # GPU calls return before the work is done: wait for it, or the clock lies
        elapsed += time.perf_counter() - start
        reps += 1
    seconds = elapsed / reps
    return MatmulTiming(device, n, reps, seconds * 1e3, 2 * n**3 / seconds / 1e9)


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    elif device.type == "mps":
        torch.mps.synchronize()
