"""Does the Draw page read digits it was not tuned to? Ours against the textbook, cell by cell.
Measures the shipped model's accuracy through the Draw page's preprocessing against the textbook MNIST
recipe (and a plain resize), on a grid of sources, sizes, pens and polarities, then MNIST's test digits
through the whole pipeline against the raw tensors. Prints a line per cell, the overall figures and
what was refused as "no digit".

    python bench/drawn_digits.py [--n 60] [--mnist 1000] [--only pen] [--save DIR]

Every cell of tests/digit_sources.py's grid (source × size × pen × polarity) goes through
`core.vision.inference.predict` (load_image included, as an upload would) and through the textbook
MNIST preprocessing (tests/textbook_digit.py), with the shipped model, in the same run. Then
MNIST's own test digits as published, through the whole pipeline: as is, enlarged to 280×280,
and inverted as if on paper, beside the model on the raw tensors. `--save DIR` writes
failures.png (each miss: the image, what the model saw).
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from digit_sources import Cell, enlarged, full_grid, make_cell, mnist_test  # noqa: E402
from textbook_digit import textbook_input  # noqa: E402

TILE = 112


def read_both(data, model) -> list[tuple]:
    """(label, ours, textbook, resize only, what our model saw, a thumbnail of a miss) per image;
    -1: refused. "Resize only" is the picture squashed to 28×28, what the page shows for contrast."""
    from core.vision.inference import ImageError, load_image, predict, predict_naive

    rows = []
    for label, image in data:
        try:
            prediction = predict(load_image(_as_upload(image)), model)
            ours, seen = prediction.label, prediction.input
        except ImageError:
            ours, seen = -1, torch.zeros(1, 28, 28)
        try:
            with torch.no_grad():
                base = int(model(textbook_input(image).unsqueeze(0)).argmax())
        except ValueError:
            base = -1
        naive = predict_naive(image.convert("L"), model)[0]
        rows.append((label, ours, base, naive, seen, _thumb(image) if ours != label else None))
    return rows


def _as_upload(image: Image.Image) -> bytes:
    """The bytes a person would upload: PNG for drawings, JPEG as it came for photos."""
    import io

    out = io.BytesIO()
    image.save(out, "JPEG" if image.format == "JPEG" else "PNG", quality=95)
    return out.getvalue()


def accuracy(rows, column: int) -> float:
    return sum(r[0] == r[column] for r in rows) / max(1, len(rows))


def grid_report(cells: list[Cell], n: int, model) -> tuple[list, list]:
    """Print one line per cell; return every row and the cells' (name, ours, textbook)."""
    print(f"{'cell':44s} {'n':>4s} {'ours':>7s} {'textbook':>8s} {'ours-textbook':>13s} {'resize only':>11s}")
    every, table = [], []
    for cell in cells:
        rows = read_both(make_cell(cell, n), model)
        ours, base = accuracy(rows, 1), accuracy(rows, 2)
        flag = "  BELOW" if ours < base - 0.01 else ""
        print(f"{cell.name:44s} {len(rows):4d} {ours:7.1%} {base:8.1%} {100 * (ours - base):+13.1f} "
              f"{accuracy(rows, 3):11.1%}{flag}", flush=True)
        every += [(cell, *r) for r in rows]
        table.append((cell.name, ours, base))
    return every, table


def mnist_report(n: int, model) -> None:
    """MNIST's test digits as published, through the whole pipeline, beside the raw tensors."""
    images, labels = mnist_test()
    images, labels = images[:n], labels[:n]
    raw = (torch.from_numpy(images.copy()).float() / 255 - 0.1307) / 0.3081
    with torch.no_grad():
        tensors = (model(raw.unsqueeze(1)).argmax(1).numpy() == labels).mean()
    print(f"\nMNIST test digits 0..{n - 1}: raw tensors (no preprocessing) {tensors:.2%}")
    for size, polarity, what in ((28, "light", "as published (28×28 PNG)"), (280, "light", "enlarged to 280×280"),
                                 (280, "dark", "280×280, inverted as on paper")):
        rows = read_both([(int(y), enlarged(x, size, polarity)) for x, y in zip(images, labels)], model)
        print(f"  {what:32s} ours {accuracy(rows, 1):.2%}   textbook {accuracy(rows, 2):.2%}")


def save_failures(rows, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    misses = [r for r in rows if r[1] != r[2]][:240]
    sheet = Image.new("RGB", (6 * (2 * TILE + 6), max(1, -(-len(misses) // 6)) * (TILE + 16)), "white")
    draw = ImageDraw.Draw(sheet)
    for i, (cell, label, ours, base, _, seen, thumb) in enumerate(misses):
        x, y = (i % 6) * (2 * TILE + 6), (i // 6) * (TILE + 16)
        sheet.paste(thumb, (x, y))
        a = seen.reshape(28, 28).numpy()
        a = (a - a.min()) / max(float(np.ptp(a)), 1e-6) * 255
        sheet.paste(Image.fromarray(a.astype(np.uint8)).resize((TILE, TILE), Image.NEAREST).convert("RGB"), (x + TILE, y))
        draw.text((x + 2, y + TILE + 2), f"{cell.source} {cell.size} {cell.pen:g}: {label}->{ours} (tb {base})", fill="black")
    sheet.save(folder / "failures.png")
    print(f"failures sheet -> {folder / 'failures.png'}")


def _thumb(image: Image.Image, size: int = TILE) -> Image.Image:
    """Letterboxed RGB thumbnail on grey, so a black canvas stays visible."""
    image = image.convert("RGB")
    image.thumbnail((size - 4, size - 4))
    out = Image.new("RGB", (size, size), (128, 128, 128))
    out.paste(image, ((size - image.width) // 2, (size - image.height) // 2))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=60, help="images per cell (every digit equally often); 0: no grid")
    parser.add_argument("--mnist", type=int, default=1000, help="MNIST test digits through the whole pipeline")
    parser.add_argument("--only", help="only cells whose name starts with this (e.g. 'pen 280')")
    parser.add_argument("--save", type=Path, help="folder for failures.png")
    args = parser.parse_args()

    from core.common.device import list_devices
    from core.vision.inference import shipped_model

    torch.set_num_threads(1)  # one image at a time, as the page reads them
    model = shipped_model().eval()
    print(f"machine: {list_devices()[0].name}, torch {torch.__version__}, Python {platform.python_version()}; "
          f"shipped model; {args.n} images per cell")
    cells = [c for c in full_grid() if not args.only or c.name.startswith(args.only)]
    rows = []
    if args.n:  # --n 0: only the MNIST figures
        start = time.perf_counter()
        rows, table = grid_report(cells, args.n, model)
        ours, base = accuracy([r[1:] for r in rows], 1), accuracy([r[1:] for r in rows], 2)
        worst = min(table, key=lambda t: t[1] - t[2])
        print(f"\noverall: ours {ours:.2%}, textbook {base:.2%} over {len(rows)} images in "
              f"{time.perf_counter() - start:.0f} s; worst cell against the textbook: {worst[0]} "
              f"({100 * (worst[1] - worst[2]):+.1f} points)")
        refused = Counter(r[0].source for r in rows if r[2] == -1)
        print("ours refused as 'no digit': " + (", ".join(f"{k} {v}" for k, v in refused.items()) or "none"))
    if args.mnist:
        mnist_report(args.mnist, model)
    if args.save:
        save_failures(rows, args.save)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
