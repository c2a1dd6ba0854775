"""Speedrun: seconds from `python -m core.train --preset speedrun` starting to its first evaluation ≥ 99.0%
on MNIST's test set, and what each ingredient of the recipe is worth. No baseline loop: the time is
compared with its target (≤ 5 s on 2 CPU cores, median of seeds 0-4, every seed ≥ 99.0% by the end) and
with the Fast preset's time to 99% measured in the same run.

    python bench/speedrun.py [--device auto] [--seeds 0 1 2 3 4] [--ablation-seeds 0 1 2] [--save]

Prints, per seed, the launch-to-99% time (the clock starts before the process is spawned, so Python's
start, `import torch` and loading MNIST from the cache all count), the epoch and the final accuracy;
then their median; then the Fast preset's time to 99% in this process; then, for each ingredient
(core.training.speedrun.INGREDIENTS), the median time to 99% without it and the seconds it saves.
On a GPU it prints training seconds to 99% instead of launch times (after an untimed warm-up that
starts CUDA). --save writes the figures to core/training/speedrun_measured.json, which the Train page shows.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.machine import describe  # noqa: E402
from core.common.device import pick_device  # noqa: E402
from core.data.loading import load_split  # noqa: E402
from core.training.presets import preset  # noqa: E402
from core.training.speedrun import (INGREDIENTS, TARGET, as_row, median_seconds, save_measured, shares,  # noqa: E402
                                    time_to_target, time_without)


def launch_to_target(seed: int, device: str, target: float) -> dict:
    """Seconds from spawning the CLI to its start line (imports and data done) and to the epoch line at
    the target, that epoch, and the run's best accuracy."""
    command = [sys.executable, "-m", "core.train", "--preset", "speedrun", "--seed", str(seed),
               "--device", device, "--log-every", "0"]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               env=os.environ | {"PYTHONUNBUFFERED": "1"})
    seconds, epoch, best, started = None, None, 0.0, None
    for line in process.stdout:
        event = json.loads(line)
        if event.get("event") == "start":
            started = time.perf_counter() - start
        elif event.get("event") == "epoch":
            best = max(best, event["test_acc"])
            if seconds is None and event["test_acc"] >= target:
                seconds, epoch = time.perf_counter() - start, event["epoch"]
        elif event.get("event") == "end":
            best = max(best, event["best_acc"])
    process.wait()
    return {"seed": seed, "seconds": seconds, "epoch": epoch, "best_acc": best, "first_record_s": started}


def import_seconds(statement: str, before: str = "pass") -> float:
    """Median of 3 fresh processes: seconds `statement` takes after `before` (e.g. import torch)."""
    code = (f"import time\n{before}\nstart = time.perf_counter()\n{statement}\n"
            "print(time.perf_counter() - start)")
    return statistics.median(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                                  check=True).stdout) for _ in range(3))


def gpu_training_seconds(seed: int, device: str, target: float) -> tuple[float | None, float]:
    """(training seconds to the target from the run's own records, best accuracy) in this process."""
    from core.training.loop import seeded_model, train
    from core.training.records import EpochRecord, StartRecord
    config = preset("speedrun", seed=seed, device=device)
    training_s, best, reached, size = 0.0, 0.0, None, 0
    for record in train(config, seeded_model(config)):
        if isinstance(record, StartRecord):
            size = record.train_size
        if isinstance(record, EpochRecord):
            training_s += size / record.samples_per_s
            best = max(best, record.test_acc)
            if reached is None and record.test_acc >= target:
                reached = training_s
    return reached, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--device", default="auto", help="auto, cpu, cuda or mps")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4], help="launch-to-99%% runs")
    parser.add_argument("--ablation-seeds", type=int, nargs="*", default=[0, 1, 2, 3, 4],
                        help="seeds for each ingredient left out (none: skip the ablation)")
    parser.add_argument("--target", type=float, default=TARGET, help="test accuracy to reach")
    parser.add_argument("--save", action="store_true", help="write core/training/speedrun_measured.json")
    args = parser.parse_args()
    device = pick_device(args.device)
    print(f"machine      {describe(device)}")
    config = preset("speedrun")
    print(f"preset       speedrun: {config.model}, {config.optimizer} lr {config.lr:g} {config.schedule} "
          f"(warm-up {config.warmup:.0%}), batch {config.batch_size}, label smoothing {config.label_smoothing:g}, "
          f"{config.epochs} epoch")
    load_split("mnist", True), load_split("mnist", False)  # a cold cache is decoding, not training
    facts = {"machine": describe(device), "measured": datetime.date.today().isoformat(), "target": args.target}

    if device.type == "cuda":
        for _ in range(2):  # untimed: CUDA's start, cuDNN's autotuning
            gpu_training_seconds(0, args.device, args.target)
        runs = [gpu_training_seconds(seed, args.device, args.target) for seed in args.seeds]
        for seed, (seconds, best) in zip(args.seeds, runs):
            print(f"seed {seed}       {_seconds(seconds)} of training to {args.target:.1%}; best {best:.2%}")
        times = [s for s, _ in runs if s is not None]
        print(f"training     median {statistics.median(times):.2f} s" if times else "training     never reached")
        return

    launches = []
    for seed in args.seeds:
        run = launch_to_target(seed, args.device, args.target)
        launches.append(run)
        print(f"seed {seed}       launch → {args.target:.1%}: {_seconds(run['seconds'])} (epoch {run['epoch']}; "
              f"first record at {_seconds(run['first_record_s'])}); best {run['best_acc']:.2%}", flush=True)
    times = [run["seconds"] for run in launches if run["seconds"] is not None]
    median = statistics.median(times) if len(times) == len(launches) else None
    worst = min(run["best_acc"] for run in launches)
    print(f"launch       median {_seconds(median)} (target ≤ 5 s); every seed's best ≥ {worst:.2%}")
    facts["launch"] = {"seconds": median, "runs": launches}
    facts["startup"] = {"import_torch_s": import_seconds("import torch"),
                        "import_compiler_s": import_seconds("import torch._dynamo", "import torch"),
                        "first_record_s": statistics.median(r["first_record_s"] for r in launches)}
    print(f"start-up     import torch {facts['startup']['import_torch_s']:.2f} s; torch._dynamo, which TorchLab "
          f"does not import, would add {facts['startup']['import_compiler_s']:.2f} s; the run's first record "
          f"{facts['startup']['first_record_s']:.2f} s after launch (median)", flush=True)

    fast = [time_to_target(preset("fast", seed=seed, device=args.device), args.target) for seed in args.seeds[:3]]
    facts["fast"] = as_row(fast)
    print(f"fast preset  median {_seconds(median_seconds(fast))} to {args.target:.1%} in this process "
          f"(model, training, every epoch's evaluation)", flush=True)
    if args.ablation_seeds:
        own = [time_to_target(preset("speedrun", seed=seed, device=args.device), args.target)
               for seed in args.ablation_seeds]
        row = facts["speedrun"] = as_row(own, args.target)
        print(f"speedrun     median {_seconds(row['seconds'])} in this process; {row['in_one_epoch']}/{row['seeds']} "
              f"seeds at {args.target:.0%} (lowest {row['lowest_one_epoch_acc']:.2%})", flush=True)
        facts["without"] = {}
        for name in INGREDIENTS:
            runs = [time_without(name, seed, args.device, args.target) for seed in args.ablation_seeds]
            row = facts["without"][name] = as_row(runs, args.target)
            print(f"without {name:<15} {_seconds(row['seconds'])}; {row['in_one_epoch']}/{row['seeds']} seeds at "
                  f"{args.target:.0%} after one epoch (lowest {row['lowest_one_epoch_acc']:.2%}), the rest in "
                  f"{max(r.epochs for r in runs)} at most", flush=True)
        for name, saved in shares(facts).items():
            print(f"saves        {name:<15} {'more than it can be timed' if saved is None else f'{saved:+.2f} s'}")
    if args.save:
        save_measured(facts)
        print("saved        core/training/speedrun_measured.json")


def _seconds(value: float | None) -> str:
    return "never" if value is None else f"{value:.2f} s"


if __name__ == "__main__":
    main()
