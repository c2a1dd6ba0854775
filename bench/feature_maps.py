"""How long See inside's server takes to capture and picture every layer of the shipped model for one input.
No baseline: the time is compared with its target (< 300 ms in all). Prints the median and p90 of the
forward pass with hooks, building the pictures, serialising them, and the total.

    python bench/feature_maps.py [--repeat 30]

One forward pass with a forward hook on every layer (on a private copy of the model, as
the page does), the page's pictures for all layers (coloured PNGs with their numbers, bars)
plus the closer look's three, and json.dumps of what each sends to the browser. The page
caches this per model and input (ui/inside/view_cache.py): a repeat visit pays none of it.
The browser's side is bench/page_times.py's. Target: < 300 ms in all.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import json
from dataclasses import asdict

import plotly
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from core.common.device import list_devices  # noqa: E402
from core.data.loading import DatasetMissing, load_split  # noqa: E402
from core.plots.map_pictures import MapPicture, layer_pictures, map_picture  # noqa: E402
from core.vision.activations import feature_maps  # noqa: E402
from core.vision.inference import shipped_model  # noqa: E402
from core.vision.model_inputs import example_picture, from_pixels  # noqa: E402

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
    pictures = [p for p in layer_pictures(maps, [str(d) for d in range(10)]) if p is not None]
    conv = maps.layers[0]  # the closer look opens on conv1, channel 0
    pictures += [map_picture(conv.output[0, :1]), map_picture(conv.input[0]), map_picture(model.conv1.weight[0])]
    drawn = time.perf_counter()
    size = sum(len(json.dumps(p.data() if isinstance(p, MapPicture) else asdict(p))) for p in pictures)
    done = time.perf_counter()
    return {"forward + hooks": captured - start, "pictures": drawn - captured, "to json": done - drawn,
            "total": done - start, "bytes": size, "picture count": len(pictures)}


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
    print(f"{runs[0]['picture count']} pictures, {runs[0]['bytes'] / 1024:.0f} KiB of JSON per run")
    for part in ("forward + hooks", "pictures", "to json", "total"):
        times = sorted(r[part] * 1000 for r in runs)
        p90 = times[int(0.9 * (len(times) - 1))]
        print(f"{part:<16} median {statistics.median(times):7.1f} ms   p90 {p90:7.1f} ms")


if __name__ == "__main__":
    main()
