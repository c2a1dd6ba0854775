"""Where tensors run: the one place that chooses a compute device."""

from __future__ import annotations

import os
from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class DeviceInfo:
    """One compute device as a learner would want it described."""

    kind: str  # "cpu", "cuda" or "mps": what you pass to .to(...)
    name: str  # human name: CPU model or GPU name
    detail: str  # threads or memory


def pick_device(preference: str = "auto") -> torch.device:
    """Return the device to train on: CUDA, then Apple MPS, then CPU, unless told otherwise."""
    if preference != "auto":
        if preference.startswith("cuda") and not torch.cuda.is_available():
            raise ValueError("CUDA was asked for, but PyTorch sees no CUDA GPU on this machine.")
        if preference == "mps" and not _mps_available():
            raise ValueError("MPS was asked for, but this is not an Apple-silicon Mac with MPS.")
        return torch.device(preference)
    if torch.cuda.is_available():
        return torch.device("cuda")
    if _mps_available():
        return torch.device("mps")
    return torch.device("cpu")


def _mps_available() -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend and backend.is_available())


def list_devices() -> list[DeviceInfo]:
    """Every device PyTorch can use here, CPU first."""
    devices = [DeviceInfo("cpu", _cpu_name(), f"{torch.get_num_threads()} threads")]
    for index in range(torch.cuda.device_count() if torch.cuda.is_available() else 0):
        props = torch.cuda.get_device_properties(index)
        devices.append(DeviceInfo(f"cuda:{index}", props.name, f"{props.total_memory / 2**30:.0f} GiB"))
    if _mps_available():
        devices.append(DeviceInfo("mps", "Apple GPU (Metal)", "unified memory"))
    return devices


def _cpu_name() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return os.uname().machine if hasattr(os, "uname") else "CPU"
