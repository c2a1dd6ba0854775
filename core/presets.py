"""Named starting points for a training run: the Train page's preset picker and the benches use them.

Each is a full TrainConfig, so picking one and pressing Train is reproducible, and the
CLI's defaults are the "fast" one.
"""

from __future__ import annotations

from dataclasses import replace

from core.config import TrainConfig

PRESETS: dict[str, TrainConfig] = {
    # ≥ 99% MNIST test accuracy in 3 epochs: batch 256 gives twice the steps of 512 for little
    # speed lost, a high Adam lr decayed to 0 by cosine (seeds 0-4: 99.2-99.3%).
    "fast": TrainConfig(),
    # seed 000 as written: Adam 1e-3, batch 512, no schedule (≈ 98.7% after 3 epochs)
    "seed000": TrainConfig(lr=1e-3, batch_size=512, schedule="constant"),
    # how checkpoints/mnist-convnet.pt was made (`make checkpoint`): augmented, 15 epochs, 99.4%
    "shipped": TrainConfig(lr=2e-3, batch_size=512, epochs=15, schedule="cosine", augment=True, precision="fp32"),
}


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
