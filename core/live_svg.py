"""Charts as small SVG strings, for the Train page while a model trains.

Shown as images (data URIs in one HTML element), a browser draws one in about a millisecond,
where a Plotly chart whose data changed costs ~80 ms of layout on a 2-core machine:
redrawn every second, the four Plotly charts took a third of a core away from training.
So the live view is SVG, and the interactive Plotly charts (core.train_plots) come back
when the run ends.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass
from html import escape

from core.train_plots import ChartText

INK = "#31333f"  # Streamlit's text colour: an SVG shown as an image inherits nothing from the page
AXIS = "#8a8a8a"
GRID = "rgba(138, 138, 138, 0.25)"
MAX_POINTS = 400  # more points than pixels across only cost bytes
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 62, 10, 30, 38


@dataclass(frozen=True)
class Series:
    xs: list[float]
    ys: list[float]
    color: str
    width: float = 2.0
    name: str = ""  # shown in the legend when not empty
    markers: bool = False  # a dot on every point (few points, e.g. one per epoch)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2 or 5 × 10^k apart) from the one at or below `low` to `high`."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return []
    if high <= low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step + 1e-9) * step  # from the tick at or below: a loss axis starts at 0
    ticks, value = [], first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 12))
        value += step
    return ticks


def line_chart(series: list[Series], text: ChartText, x_range: tuple[float, float] | None = None,
               y_range: tuple[float, float] | None = None, percent: bool = False,
               width: int = 400, height: int = 260) -> str:
    """A line chart: title, y and x ticks with grid, a polyline per series, a legend at the top right."""
    points = [(x, y) for s in series for x, y in zip(s.xs, s.ys) if math.isfinite(y)]
    xs = [p[0] for p in points] or [0.0, 1.0]
    ys = [p[1] for p in points] or [0.0, 1.0]
    x_low, x_high = x_range or (min(xs), max(xs))
    y_low, y_high = y_range or (min(ys), max(ys))
    if percent and not y_range:  # accuracies: a little room around them, never past 100%
        y_low, y_high = max(0.0, y_low - 0.005), min(1.0, y_high + 0.005)
    y_ticks = nice_ticks(y_low, y_high)
    if not y_range and not percent and y_ticks:  # widen to whole ticks: the curve never touches the frame
        y_low, y_high = min(y_low, y_ticks[0]), max(y_high, y_ticks[-1])
    x_high = x_high if x_high > x_low else x_low + 1
    y_high = y_high if y_high > y_low else y_low + 1
    plot_w, plot_h = width - PAD_LEFT - PAD_RIGHT, height - PAD_TOP - PAD_BOTTOM

    def px(x: float) -> float:
        return PAD_LEFT + (x - x_low) / (x_high - x_low) * plot_w

    def py(y: float) -> float:
        return PAD_TOP + plot_h - (y - y_low) / (y_high - y_low) * plot_h

    parts = [_open(width, height, text.title), _title(text.title)]
    percent_format = ".1%" if len(y_ticks) > 1 and y_ticks[1] - y_ticks[0] < 0.01 else ".0%"
    for tick in y_ticks:
        if y_low - 1e-12 <= tick <= y_high + 1e-12:
            label = format(tick, percent_format) if percent else _number(tick)
            parts.append(f'<line x1="{PAD_LEFT}" x2="{width - PAD_RIGHT}" y1="{py(tick):.1f}" y2="{py(tick):.1f}" '
                         f'stroke="{GRID}"/><text x="{PAD_LEFT - 6}" y="{py(tick) + 4:.1f}" text-anchor="end">'
                         f'{label}</text>')
    for tick in nice_ticks(x_low, x_high, 6):
        if x_low <= tick <= x_high:
            parts.append(f'<text x="{px(tick):.1f}" y="{PAD_TOP + plot_h + 16}" text-anchor="middle">'
                         f'{_number(tick)}</text>')
    parts.append(f'<rect x="{PAD_LEFT}" y="{PAD_TOP}" width="{plot_w}" height="{plot_h}" fill="none" '
                 f'stroke="{AXIS}"/>')
    parts.append(f'<text x="{PAD_LEFT + plot_w / 2:.1f}" y="{height - 4}" text-anchor="middle">'
                 f'{escape(text.x_title)}</text>')
    parts.append(f'<text transform="translate(12 {PAD_TOP + plot_h / 2:.1f}) rotate(-90)" text-anchor="middle">'
                 f'{escape(text.y_title)}</text>')
    for s in series:
        pairs = _thin([(x, y) for x, y in zip(s.xs, s.ys) if math.isfinite(y)])
        coords = " ".join(f"{px(x):.1f},{py(min(max(y, y_low), y_high)):.1f}" for x, y in pairs)
        if coords:
            parts.append(f'<polyline points="{coords}" fill="none" stroke="{s.color}" stroke-width="{s.width}" '
                         f'stroke-linejoin="round"/>')
        if s.markers:
            parts += [f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="4" fill="{s.color}"/>' for x, y in pairs]
    parts += _legend([s for s in series if s.name], width)
    return "".join(parts) + "</svg>"


def heatmap(matrix: list[list[int]], labels: list[str], text: ChartText, size: int = 320) -> str:
    """Counts as shaded cells with the number on each: rows = true class, columns = predicted."""
    n = len(matrix)
    if n == 0:
        return _open(size, size, text.title) + _title(text.title) + "</svg>"
    top, left = PAD_TOP + 6, 40
    cell = (size - left - 8) / n
    height = top + cell * n + 34
    biggest = max(max(row) for row in matrix) or 1
    parts = [_open(size, height, text.title), _title(text.title)]
    for i, row in enumerate(matrix):
        parts.append(f'<text x="{left - 6}" y="{top + (i + 0.5) * cell + 4:.1f}" text-anchor="end">'
                     f'{escape(labels[i])}</text>')
        for j, count in enumerate(row):
            share = math.sqrt(count / biggest)  # square root: the few mistakes still show next to the diagonal
            ink = "#ffffff" if share > 0.6 else "#333333"
            x, y = left + j * cell, top + i * cell
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{cell:.1f}" height="{cell:.1f}" '
                         f'fill="rgba(238, 76, 44, {0.06 + 0.94 * share:.3f})"/>'
                         f'<text x="{x + cell / 2:.1f}" y="{y + cell / 2 + 4:.1f}" text-anchor="middle" '
                         f'fill="{ink}" font-size="{min(12, cell / 3):.0f}">{count}</text>')
    for j in range(n):
        parts.append(f'<text x="{left + (j + 0.5) * cell:.1f}" y="{top + n * cell + 14:.1f}" '
                     f'text-anchor="middle">{escape(labels[j])}</text>')
    parts.append(f'<text x="{left + n * cell / 2:.1f}" y="{height - 4:.1f}" text-anchor="middle">'
                 f'{escape(text.x_title)}</text>')
    return "".join(parts) + "</svg>"


def svg_data_uri(svg: str) -> str:
    """An <img> src for one of these charts: standalone SVG needs its namespace declared."""
    standalone = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return "data:image/svg+xml;base64," + base64.b64encode(standalone.encode()).decode()


def _open(width: float, height: float, label: str) -> str:
    return (f'<svg viewBox="0 0 {width} {height:.0f}" width="{width}" height="{height:.0f}" role="img" '
            f'aria-label="{escape(label)}" font-family="Source Sans Pro, Noto Sans, DejaVu Sans, sans-serif" '
            f'font-size="12" fill="{INK}">')


def _title(title: str) -> str:
    return f'<text x="{PAD_LEFT}" y="18" font-size="15" font-weight="600">{escape(title)}</text>' if title else ""


def _legend(named: list[Series], width: int) -> list[str]:
    parts, y = [], PAD_TOP + 14
    for s in named:
        x = width - PAD_RIGHT - 8
        parts.append(f'<text x="{x - 26}" y="{y}" text-anchor="end">{escape(s.name)}</text>'
                     f'<line x1="{x - 20}" x2="{x}" y1="{y - 4}" y2="{y - 4}" stroke="{s.color}" '
                     f'stroke-width="{max(s.width, 2)}"/>')
        y += 16
    return parts


def _thin(pairs: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """At most MAX_POINTS, evenly spaced, always keeping the newest point."""
    if len(pairs) <= MAX_POINTS:
        return pairs
    stride = math.ceil(len(pairs) / MAX_POINTS)
    thinned = pairs[::stride]
    return thinned if thinned[-1] == pairs[-1] else thinned + [pairs[-1]]


def _number(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) < 1e-3 or abs(value) >= 1e5:
        return f"{value:.0e}"
    return f"{value:g}"
