"""Time to 99.0% MNIST test accuracy with the app's default "fast" preset, on this machine.
No baseline in the run: the time is compared with its target (≤ 15 s on 2 CPU cores, ≤ 1 s on one
H100; on a GPU, TORCHLAB_CUDA_GRAPHS=0 gives the eager figure to compare). Prints, per seed, the accuracy
reached, the epochs, the wall time and the training time, then the medians.

    python bench/time_to_99.py [--device auto] [--seeds 0 1 2] [--target 0.99]

Runs the same generator as the Train page and the CLI. Wall time counts everything
from the call (model, data from the cache, training and each epoch's evaluation);
training time counts only the training steps. On a GPU one short untimed run first
starts CUDA and cuDNN (seconds, once per process; the Train page's server pays it once). Prints one line per seed, then the median.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.machine import describe  # noqa: E402
from core.common.device import pick_device  # noqa: E402
from core.data.loading import load_split  # noqa: E402
from core.training.loop import seeded_model, train  # noqa: E402
from core.training.presets import preset  # noqa: E402
from core.training.records import EpochRecord, StartRecord  # noqa: E402


def time_to_target(seed: int, device: str, target: float) -> tuple[float | None, float, float, int, str]:
    """(wall s to target or None, training s, best accuracy, epochs run, precision)."""
    config = preset("fast", seed=seed, device=device)
    start, training_s, best, epochs, precision = time.perf_counter(), 0.0, 0.0, 0, "?"
    for record in train(config, seeded_model(config)):
        if isinstance(record, StartRecord):
            precision, train_size = record.precision, record.train_size
        if isinstance(record, EpochRecord):
            training_s += train_size / record.samples_per_s
            best, epochs = max(best, record.test_acc), record.epoch
            if record.test_acc >= target:
                return time.perf_counter() - start, training_s, best, epochs, precision
    return None, training_s, best, epochs, precision


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--device", default="auto", help="auto, cpu, cuda or mps")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2], help="one run per seed")
    parser.add_argument("--target", type=float, default=0.99, help="test accuracy to reach")
    args = parser.parse_args()
    device = pick_device(args.device)
    print(f"machine      {describe(device)}")
    config = preset("fast")
    print(f"preset       fast: {config.model}, {config.optimizer} lr {config.lr:g} {config.schedule}, "
          f"batch {config.batch_size}, up to {config.epochs} epochs, evaluated after each epoch")
    load_split("mnist", True), load_split("mnist", False)  # decode once: a cold cache is not training
    if device.type == "cuda":
        start = time.perf_counter()
        warm_up = preset("fast", device=args.device, epochs=1, train_subset=4096, test_subset=1000)
        for _ in train(warm_up, seeded_model(warm_up)):
            pass
        print(f"warm-up      CUDA context and cuDNN autotuning, untimed: {time.perf_counter() - start:.1f} s")
    walls, trains = [], []
    for seed in args.seeds:
        wall, training_s, best, epochs, precision = time_to_target(seed, args.device, args.target)
        if wall is None:
            print(f"seed {seed}       did not reach {args.target:.1%}: best {best:.2%} after {epochs} epochs "
                  f"({training_s:.1f} s of training, {precision})")
            continue
        walls.append(wall), trains.append(training_s)
        print(f"seed {seed}       {best:.2%} after {epochs} epochs: {wall:.1f} s wall, "
              f"{training_s:.1f} s of training ({precision})")
    if walls:
        print(f"time to {args.target:.1%}  median {statistics.median(walls):.1f} s wall, "
              f"{statistics.median(trains):.1f} s of training; {len(walls)}/{len(args.seeds)} seeds reached it")


if __name__ == "__main__":
    main()
