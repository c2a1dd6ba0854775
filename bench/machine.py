"""What machine a bench ran on, and what its matrix units can do: figures mean nothing without it."""

from __future__ import annotations

import platform
import time

import torch

from core.common.device import list_devices
from core.training.engine import cpu_bf16_units, native_bf16


def describe(device: torch.device) -> str:
    """One line: the chip, its bf16 support, the threads torch uses, the versions."""
    if device.type == "cuda":
        props = torch.cuda.get_device_properties(device)
        chip = f"{props.name} ({props.total_memory / 2**30:.0f} GiB), CUDA {torch.version.cuda}"
    else:
        cpu = list_devices()[0]
        features = cpu_bf16_units()
        isa = torch.backends.cpu.get_cpu_capability()
        chip = f"{cpu.name} ({isa}{', ' + ', '.join(features) if features else ''}), {torch.get_num_threads()} threads"
    bf16 = "native bf16" if native_bf16(device) else "no native bf16"
    return f"{chip}; {bf16}; torch {torch.__version__}, Python {platform.python_version()}"


def synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def matmul_peak_gflops(device: torch.device, dtype: torch.dtype = torch.float32) -> float:
    """The best square-matmul rate this device reaches, measured now (TF32 off: true fp32)."""
    sizes = (8192,) if device.type == "cuda" else (512, 1024, 2048)
    previous = torch.backends.cuda.matmul.allow_tf32
    torch.backends.cuda.matmul.allow_tf32 = False
    try:
        best = 0.0
        for n in sizes:
            a = torch.randn(n, n, device=device).to(dtype)
            b = torch.randn(n, n, device=device).to(dtype)
            for _ in range(3):
                a @ b  # warm-up: kernel selection, caches
            reps = max(3, int(2e10 / n**3)) if device.type == "cpu" else 20
            for _ in range(3):
                synchronize(device)
                start = time.perf_counter()
                for _ in range(reps):
                    a @ b
                synchronize(device)
                best = max(best, 2 * n**3 * reps / (time.perf_counter() - start) / 1e9)
        return best
    finally:
        torch.backends.cuda.matmul.allow_tf32 = previous
