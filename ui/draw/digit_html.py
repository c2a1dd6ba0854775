"""Light HTML for the Draw page's result: a bar chart and strips of small pictures, sent as one
element each instead of a Plotly figure and a file per image. Pure functions: tested without Streamlit.

A 28×28 picture goes to the browser as a 28×28 PNG (a few hundred bytes) and is enlarged there
with `image-rendering: pixelated`, so every pixel stays a crisp square.
"""

from __future__ import annotations

from html import escape

import numpy as np

from core.common.visual import png_data_uri

WINNER, OTHERS = "#ee4c2c", "#9aa4b1"  # PyTorch orange for the prediction, grey for the rest

STYLE = """<style>
.tl-bars{font-family:inherit;font-size:.85rem;max-width:34rem}
.tl-bars-title{font-weight:600;margin-bottom:.3rem}
.tl-bars-plot{display:flex;align-items:flex-end;gap:.4rem;height:150px;border-bottom:1px solid rgba(128,128,128,.5)}
.tl-bar{flex:1;display:flex;flex-direction:column;justify-content:flex-end;align-items:center;height:100%}
.tl-bar span{font-size:.75rem;opacity:.8;min-height:1rem}
.tl-bar div{width:100%;border-radius:3px 3px 0 0}
.tl-bars-digits{display:flex;gap:.4rem}
.tl-bars-digits span{flex:1;text-align:center;font-weight:600}
.tl-bars-axis{text-align:center;opacity:.7;font-size:.75rem}
.tl-strip{display:flex;flex-wrap:wrap;gap:.6rem;align-items:flex-start}
.tl-strip figure{margin:0;text-align:center;font-size:.75rem;opacity:.95}
.tl-strip img{image-rendering:pixelated;display:block;background:#000;border-radius:4px;outline:1px solid rgba(128,128,128,.35)}
.tl-strip figcaption{margin-top:.2rem;line-height:1.2}
</style>"""


def probability_bars_html(probs: list[float], title: str, axis: str) -> str:
    """Ten bars, the winner in orange, each labelled with its percentage; readable by screen readers."""
    top = int(np.argmax(probs))
    described = ", ".join(f"{d}: {p:.1%}" for d, p in enumerate(probs))
    columns = "".join(
        f'<div class="tl-bar"><span>{f"{p:.0%}" if p >= 0.01 else ""}</span>'
        f'<div style="height:{max(p, 0.004) * 85:.1f}%;background:{WINNER if d == top else OTHERS}"></div></div>'
        for d, p in enumerate(probs))  # 85%: room above the tallest bar for its label
    digits = "".join(f"<span>{d}</span>" for d in range(len(probs)))
    return (f'{STYLE}<div class="tl-bars" role="img" aria-label="{escape(title)}: {described}">'
            f'<div class="tl-bars-title">{escape(title)}</div><div class="tl-bars-plot">{columns}</div>'
            f'<div class="tl-bars-digits">{digits}</div><div class="tl-bars-axis">{escape(axis)}</div></div>')


def picture_strip_html(pictures: list[tuple[np.ndarray, str]], size: int) -> str:
    """Small pictures side by side with captions, each drawn `size` px on its longer side."""
    figures = []
    for picture, caption in pictures:
        h, w = picture.shape[:2]
        scale = size / max(h, w)
        figures.append(f'<figure><img src="{png_data_uri(picture)}" alt="{escape(caption)}" '
                       f'width="{round(w * scale)}" height="{round(h * scale)}">'
                       f'<figcaption>{escape(caption)}</figcaption></figure>')
    return f'{STYLE}<div class="tl-strip">{"".join(figures)}</div>'
