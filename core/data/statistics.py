"""Per-channel statistics of a uint8 image set: what Normalize needs, computed without a float copy.

The Transforms page shows them (core.lessons.pixel_stats) and a folder of pictures is
normalised with them (core.data.folder_dataset), so they live below both.
"""

from __future__ import annotations

import torch


def dataset_mean_std(images: torch.Tensor) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Per-channel mean and std of a uint8 (N, C, H, W) set scaled to 0..1, as Normalize wants them."""
    levels = torch.arange(256, dtype=torch.float64) / 255
    means, stds = [], []
    for c in range(images.shape[1]):
        counts = torch.bincount(images[:, c].flatten(), minlength=256).to(torch.float64)  # uint8: 256 levels
        mean = (counts * levels).sum() / counts.sum()
        means.append(round(float(mean), 4))
        stds.append(round(float(((counts * (levels - mean).square()).sum() / counts.sum()).sqrt()), 4))
    return tuple(means), tuple(stds)
