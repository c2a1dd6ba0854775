"""Training speed: the seed 000 loop against TorchLab's engine, in one run on this machine.
Measures samples/s of seed 000's own loop (DataLoader, per-sample transforms, fp32; the baseline), a
plain loop on preloaded tensors, and ours. Prints each, the ratio to the seed loop, and ours as a % of
this machine's fp32 matmul peak.

    python bench/train_speed.py [--device auto] [--samples 60000] [--rounds 16] [--accuracy] [--profile]

Same model (seed 000's ConvNet), batch 512, Adam, one epoch of MNIST's 60k training
images, one process. Each loop's first steps are left out of its time: the seed and plain
loops skip two, ours reports its second epoch (a GPU spends its first steps autotuning
cuDNN and capturing CUDA graphs). Prints the seed-loop figure, ours, the ratio and the % of this
machine's own fp32 matmul peak (and bf16 peak, where the engine trains in bf16), one line each.
On a CPU it then runs the seed loop, ours, and ours calling model(x) instead of the fused ReLU + pool
(TORCHLAB_FAST_KERNELS=0) in turns, a few steps each, for `--rounds` rounds, and prints the p50 of
each and of the rounds' ratios: on a shared machine one epoch after another can meet different
loads, and rounds in turn meet the same.
`--accuracy` also trains 3 epochs in fp32 and in the engine's precision and prints both test accuracies;
`--profile` then profiles 20 of our steps and prints each part's share of the step (bench/step_profile.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from unittest import mock

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.machine import describe, matmul_peak_gflops, synchronize  # noqa: E402
from bench.step_profile import describe_profile, profile_steps  # noqa: E402
from core.common.device import pick_device  # noqa: E402
from core.data.loading import load_split, torchvision_dataset  # noqa: E402
from core.models import create_model  # noqa: E402
from core.models.summary import flops_per_sample  # noqa: E402
from core.training.config import TrainConfig  # noqa: E402
from core.training.engine import pick_engine  # noqa: E402
from core.training.loop import seeded_model, train  # noqa: E402
from core.training.records import EpochRecord, StepRecord  # noqa: E402
from core.training.step import graphs_fit  # noqa: E402

BATCH = 512  # seed 000's batch size


def seed_steps(device: torch.device) -> Iterator[tuple[int, float]]:
    """(samples, seconds) of each step of the tutorial's loop (per-sample PIL -> ToTensor -> Normalize in a
    DataLoader), fetching its batch included, epoch after epoch, after two untimed warm-up steps."""
    from torch.utils.data import DataLoader
    from torchvision import transforms

    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
    torch.manual_seed(0)
    model = create_model("convnet").to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    with torchvision_dataset("mnist", train=True, transform=transform) as dataset:
        loader = DataLoader(dataset, batch_size=BATCH, shuffle=True, num_workers=0)
        batches, step = iter(loader), 0
        while True:
            start = time.perf_counter()  # the clock runs only while this generator does (others interleave)
            try:
                data, target = next(batches)
            except StopIteration:
                batches = iter(loader)
                continue
            data, target = data.to(device), target.to(device)
            optimizer.zero_grad()
            loss = F.nll_loss(model(data), target)
            loss.backward()
            optimizer.step()
            synchronize(device)
            step += 1
            if step % 30 == 0:
                print(f"    seed loop step {step}: loss {loss.item():.4f}", file=sys.stderr)
            if step > 2:  # two untimed warm-up steps, so first-call costs don't count against it
                yield len(data), time.perf_counter() - start


def seed_loop(device: torch.device, samples: int) -> float:
    """Samples/s of the tutorial's loop over `samples` images."""
    seen = seconds = 0.0
    for count, took in seed_steps(device):
        seen, seconds = seen + count, seconds + took
        if seen >= samples:
            return seen / seconds


def preloaded_loop(device: torch.device, samples: int) -> float:
    """The first thing anyone tries: the whole set as one normalised float tensor, plain fp32 loop."""
    train_set = load_split("mnist", True)
    images, labels = train_set.images.to(device), train_set.labels.to(device)
    x = (images.float() / 255 - 0.1307) / 0.3081  # (60000, 1, 28, 28)
    torch.manual_seed(0)
    model = create_model("convnet").to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    order = torch.randperm(len(x), device=device)
    seen, start = 0, None
    for step, first in enumerate(range(0, len(x), BATCH)):
        if step == 2:
            synchronize(device)
            start, seen = time.perf_counter(), 0
        idx = order[first:first + BATCH]
        optimizer.zero_grad()
        loss = F.nll_loss(model(x[idx]), labels[idx])
        loss.backward()
        optimizer.step()
        seen += len(idx)
        if start is not None and seen >= samples:
            break
    synchronize(device)
    return seen / (time.perf_counter() - start)


def our_steps(config: TrainConfig, warm_up: int = 3) -> Iterator[tuple[int, float]]:
    """(samples, seconds) of each step of core.training.loop (its batch-making included, its evaluations not),
    on a CPU, where each StepRecord comes as its step ends. Full batches only: train_subset a multiple of BATCH."""
    run = train(config, seeded_model(config))
    while True:
        start = time.perf_counter()
        record = next(run)
        if isinstance(record, StepRecord) and record.step > warm_up:
            yield config.batch_size, time.perf_counter() - start


def interleaved(sources: dict[str, tuple[Iterator[tuple[int, float]], int]], rounds: int) -> dict[str, list[float]]:
    """Samples/s of each source, round after round, each running its number of steps in turn: a machine
    that others share speeds up and slows down over seconds, and every round sees the same weather.
    Turns of ~0.4 s each, so that a turn's first step, which finds the caches full of another loop's
    data, weighs little."""
    rates: dict[str, list[float]] = {name: [] for name in sources}
    for _ in range(rounds):
        for name, (steps, count) in sources.items():
            timed = [next(steps) for _ in range(count)]
            rates[name].append(sum(n for n, _ in timed) / sum(t for _, t in timed))
    return rates


def prepend(first, rest: Iterator) -> Iterator:
    yield first
    yield from rest


def engine_epoch(config: TrainConfig) -> tuple[float, float]:
    """(samples/s, test accuracy) of core.training.loop's last epoch: the generator the app and CLI run."""
    epochs = [r for r in train(config, seeded_model(config)) if isinstance(r, EpochRecord)]
    return epochs[-1].samples_per_s, epochs[-1].test_acc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--device", default="auto", help="auto, cpu, cuda or mps")
    parser.add_argument("--samples", type=int, default=60000, help="training samples timed per loop")
    parser.add_argument("--accuracy", action="store_true", help="also compare 3-epoch accuracy, fp32 vs engine")
    parser.add_argument("--profile", action="store_true", help="also print where our step's time goes, part by part")
    parser.add_argument("--rounds", type=int, default=None,
                        help="CPU: rounds of the loops in turn (0: none; default 16, 2 when --samples is under an epoch)")
    args = parser.parse_args()
    if args.rounds is None:
        args.rounds = 16 if args.samples >= 60000 else 2
    device = pick_device(args.device)
    engine = pick_engine("auto", device)
    subset = args.samples if args.samples < 60000 else 0
    ours_config = TrainConfig(epochs=2, batch_size=BATCH, lr=1e-3, schedule="constant", device=args.device,
                              train_subset=subset, test_subset=1000)

    print(f"machine      {describe(device)}")
    peak = matmul_peak_gflops(device)
    bf16_peak = matmul_peak_gflops(device, torch.bfloat16) if engine.precision == "bf16" else None
    seed = seed_loop(device, args.samples)
    plain = preloaded_loop(device, args.samples)
    ours, _ = engine_epoch(ours_config)
    eager = rates = None
    if device.type == "cuda":  # the same engine with its step launched op by op, to show what graphs add
        with mock.patch.dict(os.environ, {"TORCHLAB_CUDA_GRAPHS": "0"}):
            eager, _ = engine_epoch(ours_config)
    if device.type == "cpu" and args.rounds:
        steps_config = replace(ours_config, epochs=1000, train_subset=BATCH * 100, test_subset=500)
        with mock.patch.dict(os.environ, {"TORCHLAB_FAST_KERNELS": "0"}):  # read as the run builds its step
            plain_kernels = our_steps(steps_config)
            first = next(plain_kernels)
        rates = interleaved({"seed": (seed_steps(device), 4), "ours": (our_steps(steps_config), 20),
                             "model(x)": (prepend(first, plain_kernels), 16)}, args.rounds)
    flops = flops_per_sample(create_model("convnet"), (1, 28, 28))
    model_gflops = ours * flops / 1e9
    print(f"seed loop    {seed:,.0f} samples/s  (seed 000: DataLoader, per-sample ToTensor + Normalize, fp32)")
    print(f"plain loop   {plain:,.0f} samples/s  (preloaded normalised tensors, fp32: {plain / seed:.2f}× seed)")
    graphs = "CUDA graphs, " if graphs_fit(device, False, ours_config.optimizer) else ""
    print(f"ours         {ours:,.0f} samples/s  (core.training.loop, second epoch: {engine.precision}, {graphs}"
          f"{'channels_last, ' if engine.channels_last else ''}uint8 tensors on {device.type})")
    if eager is not None:
        print(f"ours, eager  {eager:,.0f} samples/s  (the same with TORCHLAB_CUDA_GRAPHS=0: {ours / eager:.2f}× from graphs)")
    print(f"ratio        {ours / seed:.2f}× the seed loop")
    if rates is not None:
        p50 = {name: statistics.median(values) for name, values in rates.items()}
        ratios = sorted(o / s for o, s in zip(rates["ours"], rates["seed"]))
        quartiles = f"{ratios[len(ratios) // 4]:.2f}–{ratios[3 * len(ratios) // 4]:.2f}×"
        print(f"interleaved  p50 of {args.rounds} rounds, the loops in turn: seed {p50['seed']:,.0f}, ours "
              f"{p50['ours']:,.0f} samples/s = {statistics.median(ratios):.2f}× the seed loop (rounds' p25–p75 "
              f"{quartiles}); ours calling model(x) (TORCHLAB_FAST_KERNELS=0) {p50['model(x)']:,.0f} = "
              f"{statistics.median(m / s for m, s in zip(rates['model(x)'], rates['seed'])):.2f}×")
    bf16 = f", {model_gflops / bf16_peak:.0%} of its bf16 peak ({bf16_peak:,.0f} GFLOP/s)" if bf16_peak else ""
    print(f"peak         {flops / 1e6:.2f} MFLOP/sample × {ours:,.0f}/s = {model_gflops:,.0f} GFLOP/s "
          f"= {model_gflops / peak:.0%} of this machine's fp32 matmul peak ({peak:,.0f} GFLOP/s){bf16}")
    if args.accuracy:
        accs = {}
        for precision in ("fp32", engine.precision):
            config = TrainConfig(epochs=3, batch_size=BATCH, lr=1e-3, schedule="constant", device=args.device,
                                 precision=precision)
            accs[precision] = engine_epoch(config)[1]
        diff = (accs[engine.precision] - accs["fp32"]) * 100
        print(f"accuracy     3 epochs: fp32 {accs['fp32']:.2%}, {engine.precision} {accs[engine.precision]:.2%} "
              f"({diff:+.2f} pt)")
    if args.profile:
        config = replace(ours_config, epochs=1, train_subset=BATCH * 30)  # 30 steps: 4 to warm up, 20 profiled
        for line in describe_profile(profile_steps(config), BATCH, bf16_peak or peak, engine.precision):
            print(line)


if __name__ == "__main__":
    main()
