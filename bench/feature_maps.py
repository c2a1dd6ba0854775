"""How long See inside takes to capture and draw every layer of the shipped model for one input.
No baseline: the time is compared with its target (< 300 ms in all). Prints the median and p90 of the
forward pass with hooks, building the figures, serialising them, and the total.

    python bench/feature_maps.py [--repeat 30]

One forward pass with a forward hook on every layer (on a private copy of the model, as
the page does), the page's figures for all layers plus the closer look's three, and
fig.to_json() as a stand-in for what Streamlit serialises. Target: < 300 ms in all.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import plotly
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from core.common.device import list_devices  # noqa: E402
from core.data.loading import DatasetMissing, load_split  # noqa: E402
from core.plots.feature_plots import HoverWords, channel_grid, channel_heatmap, layer_figures  # noqa: E402
from core.vision.activations import feature_maps  # noqa: E402
from core.vision.inference import shipped_model  # noqa: E402
from core.vision.model_inputs import example_picture, from_pixels  # noqa: E402

WORDS = HoverWords("channel", "value", "kernel", "row", "column", "click to look closer")


def digit():
    try:
        mnist = load_split("mnist", train=False)
        return from_pixels(mnist.images[0], mnist.spec).tensor  # (1, 28, 28): a 7
    except DatasetMissing:
        return example_picture((1, 28, 28)).tensor


def once(model, x) -> dict[str, float]:
    start = time.perf_counter()
    maps = feature_maps(model, x)
    captured = time.perf_counter()
    figures = [f for f in layer_figures(maps, WORDS, [str(d) for d in range(10)]) if f is not None]
    conv = maps.layers[0]  # the closer look opens on conv1, channel 0
    figures += [channel_heatmap(conv.output[0, 0], WORDS, width=360), channel_grid(conv.input[0], WORDS, width=420),
                channel_heatmap(model.conv1.weight.detach()[0, 0], WORDS, width=300)]
    drawn = time.perf_counter()
    size = sum(len(f.to_json()) for f in figures)
    done = time.perf_counter()
    return {"forward + hooks": captured - start, "figures": drawn - captured, "to_json": done - drawn,
            "total": done - start, "bytes": size, "figure count": len(figures)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=30, help="timed runs after three warm-up runs")
    args = parser.parse_args()
    model, x = shipped_model(), digit()
    for _ in range(3):  # warm-up: plotly's validators, torch's first-call costs
        once(model, x)
    runs = [once(model, x) for _ in range(args.repeat)]
    print(f"machine: {list_devices()[0].name}, {os.cpu_count()} cores, torch {torch.__version__}, "
          f"plotly {plotly.__version__}, Python {platform.python_version()}, {args.repeat} runs")
    print(f"{runs[0]['figure count']} figures, {runs[0]['bytes'] / 1024:.0f} KiB of JSON per run")
    for part in ("forward + hooks", "figures", "to_json", "total"):
        times = sorted(r[part] * 1000 for r in runs)
        p90 = times[int(0.9 * (len(times) - 1))]
        print(f"{part:<16} median {statistics.median(times):7.1f} ms   p90 {p90:7.1f} ms")


if __name__ == "__main__":
    main()
