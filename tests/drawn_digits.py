"""Digits drawn the way people draw them, generated without any download.

Real MNIST test accuracy says little about the "Draw a digit" page: people draw on a 280×280
canvas with a fat brush, off-centre, slanted, in several styles (a 7 with a bar, an open 4),
or photograph a pen digit on paper. This module produces such images, deterministically,
so tests and `bench/drawn_digits.py` can measure what the app really reads.
"""

from __future__ import annotations

import io
from math import comb

import numpy as np
from PIL import Image, ImageChops, ImageDraw

CANVAS = 280
DESK = 0.2  # share of photos framed loosely enough to show a strip of the desk


# --- stroke primitives, in a box about 0.6 wide and 1 high (y grows downwards) -------------
def arc(cx, cy, rx, ry, a0, a1, n=32):
    """Elliptic arc; angles in degrees, 0 = right, 90 = down (screen coordinates)."""
    t = np.radians(np.linspace(a0, a1, n))
    return np.stack([cx + rx * np.cos(t), cy + ry * np.sin(t)], 1)


def bez(*pts, n=24):
    """Bézier curve of any degree through its control points."""
    p, k = np.asarray(pts, float), len(pts) - 1
    t = np.linspace(0, 1, n)[:, None]
    return sum(comb(k, i) * t**i * (1 - t) ** (k - i) * p[i] for i in range(k + 1))


def seg(*pts, n=10):
    """Polyline with enough points in each segment for the hand jitter to bend it."""
    out = [np.linspace(a, b, n, endpoint=False) for a, b in zip(pts[:-1], pts[1:])]
    return np.concatenate(out + [np.asarray(pts[-1:], float)])


def cat(*parts):
    return np.concatenate([np.asarray(p, float) for p in parts])


def gerono(top=0.85, w=0.3, start=225, turns=1.08):
    """One-stroke 8: a vertical lemniscate, started at the upper right like most people do."""
    t = np.radians(start - np.linspace(0, 360 * turns, 80))
    x, y = 0.3 + 2 * w * np.sin(t) * np.cos(t), np.sin(t)
    return np.stack([x, 0.5 + 0.5 * np.where(y < 0, y * top, y)], 1)


# Each digit: the styles people actually use; every style is a list of strokes (pen-down paths).
STYLES = {
    0: [lambda r: [arc(0.3, 0.5, 0.3, 0.5, -95, 280 + r.uniform(-25, 15))],
        lambda r: [arc(0.3, 0.5, 0.22, 0.5, -80, 270)],
        lambda r: [arc(0.3, 0.5, 0.36, 0.48, -100, 275)]],
    1: [lambda r: [bez((0.32, 0), (0.3, 0.5), (0.28 + r.uniform(-0.05, 0.05), 1))],
        lambda r: [seg((r.uniform(0.17, 0.23), r.uniform(0.2, 0.32)), (0.34, 0), (0.32, 1))],  # flag: steep, short
        lambda r: [seg((r.uniform(0.17, 0.23), r.uniform(0.2, 0.32)), (0.34, 0), (0.32, 1)), seg((0.1, 1), (0.54, 1))]],
    2: [lambda r: [cat(arc(0.3, 0.27, 0.27, 0.26, 195, 360), bez((0.57, 0.27), (0.55, 0.55), (0.02, 0.99)),
                       seg((0.02, 0.99), (0.62, 0.97)))],
        lambda r: [cat(arc(0.3, 0.26, 0.27, 0.26, 190, 360), bez((0.57, 0.26), (0.5, 0.6), (0.12, 0.86)),
                       arc(0.18, 0.9, 0.09, 0.08, -60, -380), bez((0.1, 0.93), (0.35, 1.03), (0.65, 0.93)))],
        lambda r: [cat(bez((0.02, 0.2), (0.3, -0.12), (0.8, 0.15), (0.3, 0.62), (0.0, 1.0)),
                       bez((0.0, 1.0), (0.3, 0.94), (0.62, 1.0)))]],
    3: [lambda r: [cat(arc(0.3, 0.25, 0.27, 0.25, -160, 110), arc(0.3, 0.74, 0.31, 0.26, -110, 155))],
        lambda r: [cat(seg((0.03, 0.0), (0.58, 0.0), (0.24, 0.38)), arc(0.3, 0.68, 0.3, 0.31, -105, 160))],
        lambda r: [cat(arc(0.28, 0.22, 0.22, 0.22, -170, 100), arc(0.3, 0.7, 0.34, 0.3, -105, 150))]],
    4: [lambda r: [seg((0.08, 0), (0.02, 0.62), (0.68, 0.62)), seg((0.5, r.uniform(0, 0.3)), (0.5, 1))],
        lambda r: [seg((0.5, 0), (0.0, 0.66), (0.7, 0.66)), seg((0.5, 0), (0.5, 1))],
        lambda r: [seg((0.12, 0), (0.04, 0.55), (0.25, 0.6), (0.66, 0.55)), seg((0.52, 0.08), (0.48, 1))]],
    5: [lambda r: [cat(seg((0.12, 0), (0.08, 0.45)), bez((0.08, 0.45), (0.5, 0.25), (0.75, 0.7), (0.45, 1.05),
                       (0.0, 0.88))), seg((0.12, 0), (0.6, -0.02))],
        lambda r: [cat(seg((0.6, 0), (0.14, 0), (0.1, 0.42)), bez((0.1, 0.42), (0.45, 0.3), (0.72, 0.65),
                       (0.5, 1.05), (0.02, 0.9)))],
        lambda r: [cat(seg((0.15, 0.02), (0.05, 0.5)), arc(0.3, 0.7, 0.28, 0.28, -150, 150)),
                   seg((0.15, 0.02), (0.58, 0.0))]],
    6: [lambda r: [cat(bez((0.55, 0.0), (0.1, 0.2), (-0.05, 0.8), (0.33, 1.0)),
                       arc(0.33, 0.74, 0.27, 0.26, 90, r.uniform(-200, -150)))],  # loop may stay open
        lambda r: [cat(seg((0.5, 0), (0.1, 0.6)), arc(0.32, 0.76, 0.25, 0.24, 200, -150))],
        lambda r: [cat(bez((0.6, 0.05), (0.2, 0.1), (0.0, 0.7), (0.3, 1.0)), arc(0.3, 0.8, 0.22, 0.2, 90, -170))]],
    7: [lambda r: [seg((0.0, 0.03), (0.62, 0.0), (0.22, 1))],
        lambda r: [seg((0.0, 0.14), (0.0, 0.0), (0.62, 0.0), (0.25, 1)), seg((0.1, 0.52), (0.6, 0.5))],
        lambda r: [cat(seg((0.02, 0.0), (0.62, 0.0)), bez((0.62, 0.0), (0.35, 0.4), (0.28, 1.0)))]],
    8: [lambda r: [gerono(r.uniform(0.7, 0.95), r.uniform(0.24, 0.32))],
        lambda r: [arc(0.3, 0.24, 0.2, 0.24, 0, 370), arc(0.3, 0.73, 0.27, 0.27, -90, 280)],
        lambda r: [cat(arc(0.3, 0.22, 0.24, 0.22, -20, -200), bez((0.06, 0.22), (0.1, 0.45), (0.6, 0.5),
                       (0.6, 1.05), (0.0, 1.05), (0.0, 0.55), (0.5, 0.4), (0.55, 0.1)))]],
    9: [lambda r: [cat(arc(0.3, 0.28, 0.27, 0.27, r.uniform(-10, 25), -350), seg((0.57, 0.33), (0.55, 1)))],
        lambda r: [cat(arc(0.3, 0.28, 0.28, 0.27, 10, -350), bez((0.57, 0.33), (0.6, 0.85), (0.3, 1.02), (0.1, 0.9)))],
        lambda r: [arc(0.3, 0.27, 0.27, 0.27, 0, -370), seg((0.58, 0.02), (0.52, 1))]],
}


def _glyph(digit, rng):
    """Strokes of one digit in a new hand: style, wobble, misplaced strokes, slant, tilt, shape."""
    styles = STYLES[digit]
    strokes = styles[rng.integers(len(styles))](rng)
    mid, flare = rng.uniform(-0.25, 0.25), rng.uniform(-0.2, 0.2)  # top/bottom proportions, trapezoid
    out = []
    for s in strokes:
        s = np.array(s, float)
        s[:, 0] = 0.3 + (s[:, 0] - 0.3) * (1 + flare * (s[:, 1] - 0.5))
        s[:, 1] += mid * s[:, 1] * (1 - s[:, 1])
        u = np.linspace(0, 1, len(s))[:, None]
        for _ in range(3):  # slow wobble of the hand along the stroke
            s += rng.normal(0, 0.018, 2) * np.sin(2 * np.pi * (rng.uniform(0.3, 1.5) * u + rng.uniform()))
        s += rng.normal(0, 0.003, s.shape)  # tremor
        if len(strokes) > 1:  # a second stroke never lands exactly where it should
            s = (s - s.mean(0)) * rng.uniform(0.9, 1.1) + s.mean(0) + rng.normal(0, 0.025, 2)
        out.append(s)
    shear = np.tan(np.radians(rng.uniform(-15, 15)))
    rot = np.radians(rng.uniform(-10, 10))
    c, s_ = np.cos(rot), np.sin(rot)
    m = np.array([[c, -s_], [s_, c]]) @ np.array([[rng.uniform(0.75, 1.3), -shear], [0, 1]])
    return [(p - 0.5) @ m.T for p in out]


def _fit(strokes, height, box_w, box_h, margin, rng):
    """Scale strokes to a digit height and place them anywhere fully inside the box."""
    pts = np.concatenate(strokes)
    lo, hi = pts.min(0), pts.max(0)
    k = min(height / (hi[1] - lo[1]), (box_w - 2 * margin) / (hi[0] - lo[0]), (box_h - 2 * margin) / (hi[1] - lo[1]))
    size = (hi - lo) * k
    off = margin + rng.uniform(0, 1, 2) * np.maximum(0, np.array([box_w, box_h]) - 2 * margin - size)
    return [(s - lo) * k + off for s in strokes]


def _ink(strokes, w, h, width, scale=1.0):
    """Stroke mask (float 0..1), round caps and joints, drawn 2× supersampled at `scale`:
    scale < 1 renders small and enlarges, which is the softness of an out-of-focus photo."""
    sw, sh = max(1, round(w * scale)), max(1, round(h * scale))
    im = Image.new("L", (2 * sw, 2 * sh), 0)
    d, k = ImageDraw.Draw(im), 2 * sw / w
    r = max(1.0, width * k / 2)
    for s in strokes:
        p = [tuple(q) for q in s * k]
        d.line(p, fill=255, width=round(2 * r))
        for x, y in p:
            d.ellipse((x - r, y - r, x + r, y + r), fill=255)
    im = im.resize((sw, sh), Image.BOX)
    return np.asarray(im.resize((w, h), Image.BILINEAR) if (sw, sh) != (w, h) else im, np.float32) / 255


def canvas_digit(digit: int, rng: np.random.Generator, width: float | None = None) -> Image.Image:
    """White brush on black, as streamlit-drawable-canvas hands it back (mostly RGBA).
    `width`: the pen slider's value; by default one a person might pick."""
    height = rng.uniform(0.35, 0.9) * CANVAS
    drawn = min(rng.uniform(8, 30), 0.22 * height)  # nobody draws a tiny 8 with a 30 px brush
    if width is not None:  # a fat pen: the digit drawn big enough to stay readable
        height = min(max(height, width / 0.22), 0.95 * CANVAS - width)
    width = drawn if width is None else width
    strokes = _fit(_glyph(digit, rng), height, CANVAS, CANVAS, width / 2 + 2, rng)
    a = (_ink(strokes, CANVAS, CANVAS, width) * 255).astype(np.uint8)
    rgb = np.repeat(a[..., None], 3, 2)
    if rng.random() < 0.7:
        return Image.fromarray(np.dstack([rgb, np.full_like(a, 255)]), "RGBA")
    return Image.fromarray(rgb, "RGB")


def _field(rng, w, h, cells, mean, sd):
    """Smooth random 'L' image (light, grain, pen pressure): small noise enlarged."""
    small = rng.normal(mean, sd, (max(2, round(h * cells / max(w, h))), max(2, round(w * cells / max(w, h)))))
    return Image.fromarray(small.clip(0, 255).astype(np.uint8)).resize((w, h), Image.BILINEAR)


PENS = {"black": (20, 22, 30), "blue": (25, 45, 140), "pencil": (70, 70, 78), "light pencil": (110, 110, 118)}


def paper_photo(digit: int, rng: np.random.Generator, long: int | None = None, paper: str | None = None,
                writing: str | None = None) -> Image.Image:
    """A pen digit on paper, photographed by a phone: light, shadow, texture, rules, desk, blur, JPEG.
    `long`: the photo's longer side in px (by default 560..1600); `paper` "plain", "lined" or "grid"
    and `writing` one of PENS (by default drawn at random, as everything else)."""
    drawn, ratio = int(rng.integers(560, 1601)), rng.choice([4 / 3, 16 / 9, rng.uniform(1.15, 1.6)])
    long = drawn if long is None else long
    long = max(long, int(np.ceil(400 * ratio)))  # a phone photo, at least 400 px each way
    w, h = (long, int(long / ratio)) if rng.random() < 0.5 else (int(long / ratio), long)
    yy, xx = np.linspace(-0.5, 0.5, 24)[:, None], np.linspace(-0.5, 0.5, 24)[None]
    ang = rng.uniform(0, 2 * np.pi)
    light = 1 + rng.uniform(0, 0.6) * (np.cos(ang) * xx + np.sin(ang) * yy)  # light from one side
    light -= rng.uniform(0, 0.7) * (xx**2 + yy**2)  # vignette
    light += np.asarray(_field(rng, 24, 24, 4, 128, 40), np.float32) / 128 * 0.03 - 0.03  # blotches
    if rng.random() < 0.3:  # shadow of the phone or the hand, soft-edged, from one side
        edge = np.cos(ang + rng.uniform(-1, 1)) * xx + np.sin(ang) * yy - rng.uniform(0.1, 0.4)
        light *= 1 - rng.uniform(0.15, 0.4) / (1 + np.exp(-edge * rng.uniform(10, 40)))
    light = Image.fromarray((light / light.max() * 255).astype(np.uint8)).resize((w, h), Image.BICUBIC)
    grain = _field(rng, w, h, max(w, h) / 2, 245, rng.uniform(1, 5))
    tint = rng.uniform(-0.06, 0.1)  # white balance: bluish (<0) to warm (>0)
    white = rng.uniform(215, 255)
    paper = tuple(int(white * c) for c in (1 - max(0, -tint), 1 - abs(tint) / 2, 1 - max(0, tint)))
    im = Image.new("RGB", (w, h), paper)
    paper_kind, d = rng.choice(["plain", "lined", "grid"], p=[0.5, 0.3, 0.2]), ImageDraw.Draw(im)
    paper_kind = paper or paper_kind
    if paper_kind != "plain":  # notebook paper: faint blue rules, or squares as in maths exercise books
        gap = int(rng.uniform(0.04, 0.09) * h if paper_kind == "lined" else rng.uniform(0.03, 0.06) * h)
        line = tuple(int(0.75 * p + 0.25 * b) for p, b in zip(paper, (150, 180, 230)))
        lw = max(1, int(rng.uniform(0.001, 0.003) * h))
        for y in range(int(rng.integers(0, gap)), h, gap):
            d.line([(0, y), (w, y)], fill=line, width=lw)
        for x in range(int(rng.integers(0, gap)), w, gap) if paper_kind == "grid" else ():
            d.line([(x, 0), (x, h)], fill=line, width=lw)
        if paper_kind == "lined" and rng.random() < 0.5:  # and the red margin
            x = int(rng.uniform(0.05, 0.15) * w)
            d.line([(x, 0), (x, h)], fill=tuple(int(0.75 * p + 0.25 * r) for p, r in zip(paper, (230, 120, 120))),
                   width=max(1, int(0.003 * w)))
    height = rng.uniform(0.2, 0.7) * min(w, h)
    pen = max(2.0, height * (rng.uniform(0.03, 0.07) if rng.random() < 0.6 else rng.uniform(0.07, 0.14)))
    strokes = _fit(_glyph(digit, rng), height, w, h, pen + 0.05 * min(w, h), rng)
    lo = np.floor(np.concatenate(strokes).min(0) - 2 * pen).astype(int).clip(0)
    hi = np.minimum(np.ceil(np.concatenate(strokes).max(0) + 2 * pen).astype(int), (w, h))
    blur = rng.uniform(0.5, 2.5) * max(w, h) / 1000  # focus and hand shake, in pixels
    a = _ink([s - lo for s in strokes], *(hi - lo), pen, 1 / max(1, blur))
    a *= np.asarray(_field(rng, *(hi - lo), 6, rng.uniform(200, 255), 25), np.float32) / 255  # pen pressure
    ink = list(PENS.values())[rng.integers(4)]
    ink = PENS[writing] if writing else ink
    im.paste(ink, (*lo, *hi), Image.fromarray((a * 255).astype(np.uint8)))
    room = [lo[0], lo[1], w - hi[0], h - hi[1]]  # free paper on each side of the digit
    side = int(rng.integers(4))
    if rng.random() < DESK and room[side] > 0.04 * min(w, h):  # the desk shows along one edge
        d1, d2 = rng.uniform(0.3, 1, 2) * min(room[side], 0.15 * min(w, h))
        desk = tuple(int(c) for c in rng.uniform(40, 150) * np.array([1, rng.uniform(0.8, 1), rng.uniform(0.6, 1)]))
        d.polygon([[(0, 0), (d1, 0), (d2, h), (0, h)], [(0, 0), (w, 0), (w, d2), (0, d1)],
                   [(w, 0), (w - d1, 0), (w - d2, h), (w, h)], [(0, h), (w, h), (w, h - d2), (0, h - d1)]][side],
                  fill=desk)
    shade = ImageChops.multiply(light, grain)
    if rng.random() < 0.3:
        im = ImageChops.multiply(im.convert("L"), shade)
    else:
        im = ImageChops.multiply(im, Image.merge("RGB", [shade] * 3))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=int(rng.integers(35, 92)))
    return Image.open(io.BytesIO(buf.getvalue())).copy()


def photo_on_desk(digit: int, rng: np.random.Generator) -> Image.Image:
    """The sheet of paper photographed whole on a wooden desk: the desk frames it on every side."""
    sheet = paper_photo(digit, rng).convert("RGB")
    w, h = sheet.size
    pad = int(rng.uniform(0.05, 0.12) * max(w, h))
    grain = 1 + 0.15 * np.sin(np.linspace(0, rng.uniform(20, 60), w + 2 * pad))[None, :, None]
    wood = np.array(rng.uniform([40, 30, 20], [110, 80, 60])) * grain + rng.normal(0, 6, (h + 2 * pad, w + 2 * pad, 3))
    desk = Image.fromarray(wood.clip(0, 255).astype(np.uint8))
    desk.paste(sheet.rotate(rng.uniform(-4, 4), expand=False, fillcolor=tuple(int(c) for c in wood[0, 0])), (pad, pad))
    buf = io.BytesIO()
    desk.save(buf, "JPEG", quality=int(rng.integers(60, 92)))
    return Image.open(io.BytesIO(buf.getvalue())).copy()


KINDS = {"canvas": canvas_digit, "paper": paper_photo}


def drawn_digit_set(n_per_digit: int = 30, seed: int = 0) -> list[tuple[str, int, Image.Image]]:
    """(kind, label, image) for every kind and digit; sample i is the same whatever n is."""
    return [(kind, d, make(d, np.random.default_rng([seed, k, d, i])))
            for k, (kind, make) in enumerate(KINDS.items()) for d in range(10) for i in range(n_per_digit)]
