"""Named starting points for a training run: the Train page's preset picker, `python -m core.train
--preset NAME` and the benches use them.

Each is a full TrainConfig, so picking one and pressing Train is reproducible, and the
CLI's defaults are the "fast" one. "seed000" is seed 000 as written: every setting the tutorial
has, and nothing it does not (tests/test_seed000.py runs its loop beside ours).
"""

from __future__ import annotations

from dataclasses import replace

from core.training.config import TrainConfig

PRESETS: dict[str, TrainConfig] = {
    # ≥ 99% MNIST test accuracy in 3 epochs: batch 256 gives twice the steps of 512 for little
    # speed lost, a high Adam lr decayed to 0 by cosine (seeds 0-4: 99.2-99.3%).
    "fast": TrainConfig(),
    # seed 000 as written: its ConvNet, Adam() (lr 1e-3), batch 512, no schedule, MNIST's Normalize, 20 epochs in
    # fp32 (the tutorial reports 99%; here its own loop reached 99.02%, this preset 99.01%). The "fast" preset is
    # the same ConvNet with TorchLab's recipe: 99.2% in 3 epochs.
    "seed000": TrainConfig(lr=1e-3, batch_size=512, schedule="constant", epochs=20, precision="fp32"),
    # how checkpoints/mnist-convnet.pt was made (`make checkpoint`): augmented, 15 epochs, 99.4%
    "shipped": TrainConfig(lr=2e-3, batch_size=512, epochs=15, schedule="cosine", augment=True, precision="fp32"),
    # the fewest seconds to 99%: a small batch-norm net, one epoch, Adam 0.01 on OneCycle, label smoothing 0.1,
    # batch 256 (128 reached 99.08-99.26% over seeds 0-4 but took 0.8 s longer). What each ingredient is worth:
    # bench/speedrun.py, core/training/speedrun.py, docs/performance.md#speedrun.
    "speedrun": TrainConfig(model="speedrun-net", lr=1e-2, batch_size=256, epochs=1, schedule="onecycle",
                            warmup=0.2, label_smoothing=0.1),
}


# Your own pictures (folder:PATH), trained from scratch: a few hundred pictures give 18 steps an epoch at batch
# 16, so many epochs are cheap (0.1 s each for seed 002's net at 32 px on 2 cores); cropping and flipping
# (augment) is what keeps it from learning the pictures by heart: on 3 × 120 drawn shapes it reached 90-93%
# validation (seeds 0-2) against ~50% without (bench/own_images.py).
PICTURES = dict(model="cifar-net", optimizer="adam", lr=2e-3, batch_size=16, epochs=40, schedule="cosine",
                augment=True)


# Seconds per epoch (training + test) from `python -m core.train --preset NAME` on 2 otherwise idle CPU
# cores, AMD EPYC with AVX512-BF16, 2 threads: seed000 (fp32) 5.0-5.6 s, so 20 epochs ≈ 2 minutes (99.01%,
# best 99.17%); fast (bf16) ≈ 12 s for 3. The page quotes them so a person knows what Train will cost:
# measured, not derived — a busy machine, or a page job leaving a core to someone drawing, is slower.
EPOCH_SECONDS_2_CPU_CORES = {"fast": 4.0, "seed000": 5.5}


def preset(name: str, **changes) -> TrainConfig:
    """A copy of the named preset, with `changes` applied (e.g. device="cuda")."""
    try:
        return replace(PRESETS[name], **changes)
    except KeyError:
        raise ValueError(f"Unknown preset {name!r}; choose one of: {', '.join(PRESETS)}.") from None


def matching_preset(config: TrainConfig) -> str | None:
    """The preset `config` equals, ignoring seed and device (which do not change the recipe)."""
    for name, candidate in PRESETS.items():
        if replace(config, seed=candidate.seed, device=candidate.device) == candidate:
            return name
    return None
