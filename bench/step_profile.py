"""Where a training step's time goes: core.training.loop under torch.profiler, summed by part of the net.

bench/train_speed.py --profile prints it. It profiles the loop itself (steps 5 to 24 of a run at
batch 512, batch-making included), takes the top-level events of each step and sorts them by the
layer they belong to, forward and backward apart. What no event covers is Python and PyTorch's
own bookkeeping between operations (the profiler adds a little to it).
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field

import torch
from torch.profiler import ProfilerActivity, profile

from core.training.config import TrainConfig
from core.training.loop import seeded_model, train
from core.training.records import StepRecord

BACKWARD = "autograd::engine::evaluate_function: "
# top-level event -> (part, "forward"/"backward"/"update"/"batch"); anything else is batch-making and the loop's ops
PARTS = {
    "aten::linear": ("linear layers (fc1, fc2)", "forward"),
    "AddmmBackward0": ("linear layers (fc1, fc2)", "backward"),
    "TBackward0": ("linear layers (fc1, fc2)", "backward"),
    "aten::conv2d": ("convolutions (conv1, conv2)", "forward"),
    "ConvolutionBackward0": ("convolutions (conv1, conv2)", "backward"),
    "ReluMaxPool2x2": ("ReLU + max-pool after conv1", "forward"),
    "ReluMaxPool2x2Backward": ("ReLU + max-pool after conv1", "backward"),
    "aten::max_pool2d": ("ReLU + max-pool after conv1", "forward"),
    "MaxPool2DWithIndicesBackward0": ("ReLU + max-pool after conv1", "backward"),
    "aten::relu": ("other ReLUs", "forward"),
    "ReluBackward0": ("other ReLUs", "backward"),
    "aten::log_softmax": ("log_softmax + loss", "forward"),
    "aten::cross_entropy_loss": ("log_softmax + loss", "forward"),
    "LogSoftmaxBackward0": ("log_softmax + loss", "backward"),
    "NllLossBackward0": ("log_softmax + loss", "backward"),
    "aten::flatten": ("flatten, bf16 casts, gradients stored", "forward"),
    "UnsafeViewBackward0": ("flatten, bf16 casts, gradients stored", "backward"),
    "ViewBackward0": ("flatten, bf16 casts, gradients stored", "backward"),
    "ToCopyBackward0": ("flatten, bf16 casts, gradients stored", "backward"),
    "torch::autograd::AccumulateGrad": ("flatten, bf16 casts, gradients stored", "backward"),
}
OPTIMIZER = ("optimizer (Adam)", "update")
BATCH = ("batch-making and the loop's ops", "batch")
OVERHEAD = "Python + PyTorch between ops"
LINEAR = "linear layers (fc1, fc2)"


@dataclass
class StepProfile:
    step_ms: float  # wall time per step inside the profiled window
    steps: int
    parts: dict[str, dict[str, float]] = field(default_factory=dict)  # part -> {"forward": ms, ...} per step

    def total(self, part: str) -> float:
        return sum(self.parts.get(part, {}).values())


def part_of(name: str) -> tuple[str, str]:
    if name.startswith("Optimizer."):
        return OPTIMIZER
    return PARTS.get(name.removeprefix(BACKWARD), BATCH)


def profile_steps(config: TrainConfig, first: int = 5, steps: int = 20) -> StepProfile:
    """Profile steps first..first+steps-1 of `config`'s run (each StepRecord arrives after its step on a CPU)."""
    profiler = profile(activities=[ProfilerActivity.CPU])
    seen, start, wall = 0, 0.0, 0.0
    for record in train(config, seeded_model(config)):
        if isinstance(record, StepRecord):
            seen += 1
            if seen == first - 1:
                profiler.start()  # after step first-1's record: the window holds steps first, first+1, ...
                start = time.perf_counter()
            elif seen == first - 1 + steps:
                wall = time.perf_counter() - start
                profiler.stop()
                break
    events = [e for e in profiler.events() if e.cpu_parent is None]
    parts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for event in events:
        part, phase = part_of(event.name)
        parts[part][phase] += event.cpu_time_total / 1e3 / steps  # µs -> ms per step
    step_ms = wall * 1e3 / steps
    covered = sum(sum(phases.values()) for phases in parts.values())
    parts[OVERHEAD]["between"] = max(step_ms - covered, 0.0)
    return StepProfile(step_ms, steps, {part: dict(phases) for part, phases in parts.items()})


def linear_flops_per_step(batch: int) -> float:
    """fc1 and fc2 of seed 000's ConvNet: forward, and backward's two products (input and weight gradients)."""
    return 3 * 2 * batch * (2000 * 500 + 500 * 10)


def describe_profile(result: StepProfile, batch: int, peak_gflops: float, precision: str) -> list[str]:
    """The printed lines: each part's ms per step, forward/backward split, share; the linear layers' rate."""
    header = (f"profile      {result.step_ms:.1f} ms per step at batch {batch} ({torch.get_num_threads()} threads; "
              f"steps of core.training.loop under torch.profiler, which adds a little):")
    lines = [header]
    order = sorted(result.parts, key=result.total, reverse=True)
    for part in order:
        phases = result.parts[part]
        split = ", ".join(f"{phase} {ms:.1f}" for phase, ms in phases.items() if phase in ("forward", "backward"))
        lines.append(f"  {part:40s} {result.total(part):5.1f} ms  {result.total(part) / result.step_ms:4.0%}"
                     + (f"  ({split})" if split else ""))
    linear_ms = result.total(LINEAR)
    if linear_ms > 0:
        rate = linear_flops_per_step(batch) / linear_ms / 1e6
        lines.append(f"  linear layers run at {rate:,.0f} GFLOP/s = {rate / peak_gflops:.0%} of this machine's "
                     f"{precision} matmul peak ({peak_gflops:,.0f} GFLOP/s)")
    return lines
