"""How a training step runs fast on this device: number format and memory layout.

The model and the maths stay the same; only how the numbers are stored changes:
- bf16 autocast where the hardware multiplies bf16 natively (AVX512-BF16 or AMX
  CPUs, CUDA GPUs from Ampere on): matmuls and convolutions in bf16, weights,
  loss and optimizer state in fp32, so accuracy holds.
- channels_last (NHWC) images on CPUs, the layout oneDNN's convolutions prefer. On a GPU
  these 28×28 images are faster as NCHW (one H100: 206k vs 164k samples/s eager, bf16).
On a CPU the training step also runs seed 000's ConvNet through core.training.fast_convnet: its own
layers, ReLU + max-pool as one pass over the bits, the same numbers and gradients bit for bit.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import torch
from torch import nn

from core.training.config import PRECISIONS

CPU_BF16_UNITS = {"avx512_bf16": "_is_avx512_bf16_supported", "amx": "_is_amx_tile_supported"}  # torch.cpu probes


@dataclass(frozen=True)
class Engine:
    device: torch.device
    precision: str  # "fp32" or "bf16": what "auto" resolved to on this device
    channels_last: bool

    def autocast(self):
        """The forward pass's number format; a no-op context in fp32."""
        if self.precision == "bf16":
            return torch.autocast(device_type=self.device.type, dtype=torch.bfloat16)
        return contextlib.nullcontext()

    def prepare_model(self, model: nn.Module) -> nn.Module:
        """Move the model to the device in the layout its batches will come in (in place)."""
        model.to(self.device)
        if self.device.type == "cuda":
            torch.backends.cudnn.benchmark = True  # batches keep one shape: let cuDNN time its kernels once
        if self.channels_last:
            model.to(memory_format=torch.channels_last)
        return model

    def layout(self, batch: torch.Tensor) -> torch.Tensor:
        """(N, C, H, W) stays (N, C, H, W) to the code; only the order in memory becomes NHWC."""
        if self.channels_last and batch.dim() == 4:
            return batch.contiguous(memory_format=torch.channels_last)
        return batch


def native_bf16(device: torch.device) -> bool:
    """True where bf16 matmuls run at least as fast as fp32 ones instead of being emulated."""
    if device.type == "cuda":
        return torch.cuda.is_bf16_supported(including_emulation=False)
    if device.type == "cpu":
        return bool(cpu_bf16_units())
    return False  # MPS: bf16 support varies by macOS version; fp32 is the safe choice


def cpu_bf16_units() -> list[str]:
    """The bf16 matrix units this CPU has ("avx512_bf16", "amx"), as torch sees them."""
    cpu = getattr(torch, "cpu", None)
    return [unit for unit, probe in CPU_BF16_UNITS.items() if getattr(cpu, probe, lambda: False)()]


def pick_engine(precision: str, device: torch.device) -> Engine:
    """Resolve "auto" for this device; "bf16" is honoured even where it is emulated (slow but correct)."""
    if precision not in PRECISIONS:
        raise ValueError(f"Unknown precision {precision!r}; choose one of: {', '.join(PRECISIONS)}.")
    if precision == "auto":
        precision = "bf16" if native_bf16(device) else "fp32"
    if precision == "bf16" and device.type == "mps":
        precision = "fp32"  # autocast on MPS supports fp16 only in older releases
    return Engine(device, precision, channels_last=device.type == "cpu")
