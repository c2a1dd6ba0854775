"""Preprocessing + forward time per image on one CPU core (target: ≤ 5 ms).

    python bench/inference.py [--repeat 200]

Measures a drawn 280×280 canvas and a 1200×900 paper photo (decoding excluded: the
page decodes an upload once), then Grad-CAM + saliency, which the Draw page adds.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageDraw, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from core.device import list_devices  # noqa: E402
from core.explain import grad_cam, saliency  # noqa: E402
from core.inference import load_image, predict, shipped_model  # noqa: E402
from core.preprocess import preprocess  # noqa: E402


def canvas_drawing() -> Image.Image:
    image = Image.new("RGBA", (280, 280), (0, 0, 0, 255))
    ImageDraw.Draw(image).line([(90, 60), (200, 60), (120, 240)], fill=(255, 255, 255, 255), width=20, joint="curve")
    return image


def paper_photo() -> Image.Image:
    rng = np.random.default_rng(0)
    yy, xx = np.mgrid[0:900, 0:1200]
    paper = 225 - 40 * xx / 1200 - 20 * yy / 900 + rng.normal(0, 6, (900, 1200))
    image = Image.fromarray(np.clip(paper, 0, 255).astype(np.uint8)).convert("RGB")
    ImageDraw.Draw(image).ellipse([480, 180, 720, 720], outline=(25, 30, 90), width=16)
    return image.filter(ImageFilter.GaussianBlur(1.0))


def time_ms(fn, repeat: int) -> tuple[float, float]:
    for _ in range(10):
        fn()  # warm-up: allocator, first-call dispatch
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), sorted(times)[int(0.95 * (len(times) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    torch.set_num_threads(1)  # the budget is per core: a class shares the server's cores
    model = shipped_model()
    print(f"machine: {list_devices()[0].name}, torch {torch.__version__}, Python {platform.python_version()}, 1 thread")
    for name, raw in (("canvas 280x280", canvas_drawing()), ("photo 1200x900", paper_photo())):
        image = load_image(raw)
        prep = time_ms(lambda: preprocess(image), args.repeat)
        total = time_ms(lambda: predict(image, model), args.repeat)
        x = predict(image, model)
        why = time_ms(lambda: (grad_cam(model, x.input, x.label), saliency(model, x.input, x.label)), args.repeat)
        print(f"{name}: preprocess {prep[0]:.2f} ms, preprocess+forward {total[0]:.2f} ms "
              f"(p95 {total[1]:.2f}; target <= 5 ms: {'ok' if total[0] <= 5 else 'MISSED'}), "
              f"Grad-CAM+saliency {why[0]:.2f} ms, predicted {x.label}")


if __name__ == "__main__":
    main()
