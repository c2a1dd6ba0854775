"""How well does the app read digits people draw? `python bench/drawn_digits.py [--n 30] [--save DIR]`

Runs `core.inference.predict` (the shipped model) on `tests/drawn_digits.py`'s canvas drawings
and paper photos and prints what fails, so preprocessing and model can be fixed where it hurts.
`--save DIR` writes failures.png (original + the 28×28 the model saw); `--samples PNG` only draws
a sheet of generated images, to check by eye that they look like real people's digits.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from drawn_digits import drawn_digit_set  # noqa: E402

TILE = 112


def thumb(im: Image.Image, size: int = TILE) -> Image.Image:
    """Letterboxed RGB thumbnail, grey border so a black canvas stays visible."""
    im = im.convert("RGB")
    im.thumbnail((size - 4, size - 4))
    out = Image.new("RGB", (size, size), (128, 128, 128))
    out.paste(im, ((size - im.width) // 2, (size - im.height) // 2))
    return out


def model_view(x) -> Image.Image:
    """The 1×28×28 input, rescaled to 0..255 whatever normalisation it carries."""
    a = np.asarray(x, np.float32).reshape(28, 28)
    a = (a - a.min()) / max(float(a.max() - a.min()), 1e-6) * 255
    return Image.fromarray(a.astype(np.uint8)).resize((TILE, TILE), Image.NEAREST).convert("RGB")


def sheet(tiles: list[tuple[list[Image.Image], str]], cols: int, size: int = TILE) -> Image.Image:
    """Grid of captioned groups of square tiles."""
    per = len(tiles[0][0]) if tiles else 1
    cw, ch = per * size + 6, size + 16
    rows = max(1, -(-len(tiles) // cols))
    out = Image.new("RGB", (cols * cw, rows * ch), (255, 255, 255))
    d = ImageDraw.Draw(out)
    for i, (ims, caption) in enumerate(tiles):
        x, y = (i % cols) * cw, (i // cols) * ch
        for j, im in enumerate(ims):
            out.paste(im, (x + j * size, y))
        d.text((x + 2, y + size + 2), caption, fill=(0, 0, 0))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=30, help="images per digit and kind")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--save", type=Path, help="folder for failures.png")
    ap.add_argument("--samples", type=Path, help="write a sheet of generated images here and stop")
    args = ap.parse_args()

    t0 = time.perf_counter()
    data = drawn_digit_set(args.n, args.seed)
    t_gen = time.perf_counter() - t0
    if args.samples:  # two random images of each digit and kind, one row of 0..9 after another
        rng = np.random.default_rng(args.seed)
        n, kinds = args.n, list(dict.fromkeys(k for k, _, _ in data))
        pick = [k * 10 * n + d * n + int(i) for k in range(len(kinds)) for i in rng.choice(n, min(2, n), replace=False)
                for d in range(10)]
        tiles = [([thumb(data[i][2], 160)], f"{data[i][0]} {data[i][1]} {data[i][2].mode} {data[i][2].size}")
                 for i in pick]
        sheet(tiles, 10, 160).save(args.samples)
        print(f"{len(pick)} samples -> {args.samples} (generated {len(data)} in {t_gen:.1f}s)")
        return 0

    import torch
    from core.inference import ImageError, predict

    torch.set_num_threads(1)  # batch of one: more threads only add contention on a busy 2-core machine
    t1 = time.perf_counter()
    results = []
    for kind, label, im in data:
        try:
            p = predict(im)
            results.append((kind, label, int(p.label), float(max(p.probs)), p.input, im))
        except ImageError:  # "no digit found" is a failure too, shown as -1 with a blank input
            results.append((kind, label, -1, 0.0, torch.zeros(1, 28, 28), im))
    t_pred = time.perf_counter() - t1

    def acc(rows):
        return sum(r[1] == r[2] for r in rows) / max(1, len(rows))

    print(f"{len(results)} images: generated in {t_gen:.1f}s, predicted in {t_pred:.1f}s")
    print(f"overall   {acc(results):6.1%}")
    kinds = sorted({r[0] for r in results})
    for kind in kinds:
        print(f"  {kind:7s} {acc([r for r in results if r[0] == kind]):6.1%}")
    print("per digit " + " ".join(f"{k:>13s}" for k in ["all"] + kinds))
    for d in range(10):
        cells = [acc([r for r in results if r[1] == d and (k == "all" or r[0] == k)]) for k in ["all"] + kinds]
        print(f"  {d}       " + " ".join(f"{c:13.1%}" for c in cells))
    fails = [r for r in results if r[1] != r[2]]
    pairs = Counter((r[1], r[2]) for r in fails)
    print("most frequent failures (true -> predicted: count [canvas/paper]):")
    for (t, p), c in pairs.most_common(12):
        by = Counter(r[0] for r in fails if (r[1], r[2]) == (t, p))
        print(f"  {t} -> {p}: {c}  [" + "/".join(str(by.get(k, 0)) for k in kinds) + "]")
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        fails.sort(key=lambda r: (r[0], r[1]))
        tiles = [([thumb(r[5]), model_view(r[4])], f"{r[0]} {r[1]}->{r[2]} p={r[3]:.2f}") for r in fails[:200]]
        path = args.save / "failures.png"
        sheet(tiles or [([thumb(Image.new("L", (8, 8)))], "no failures")], 6).save(path)
        print(f"failures sheet -> {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
