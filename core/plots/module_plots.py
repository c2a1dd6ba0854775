"""The Models page's "Build your own nn.Module" figures: a weight's histogram before and after nn.init,
with the counts each formula expects, and the spread of the activations layer by layer.

PyTorch's default init is grey and the chosen scheme PyTorch orange on both charts.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from core.plots.bars import OTHERS
from core.plots.train_plots import MARGIN, ORANGE, ChartText

LEGEND_BELOW = dict(orientation="h", x=0.5, xanchor="center", y=-0.28, yanchor="top")  # the title keeps the top
HEIGHT = 400
BOTTOM = 110  # room for the axis title and a legend of two rows under it
MANY_TICKS = 12  # above this many 1-2-5 ticks, only the powers of ten are labelled


def weight_histogram(limit: float, counts: dict[str, list[int]], expected: dict[str, list[float]],
                     text: ChartText) -> go.Figure:
    """Bars of each weight tensor's values over the same bins of [-limit, limit], overlaid; `counts` and
    `expected` are keyed by their legend names, the first grey (before), the second orange (after)."""
    bins = len(next(iter(counts.values())))
    width = 2 * limit / bins
    centres = [-limit + width * (i + 0.5) for i in range(bins)]
    fig = go.Figure()
    for (name, values), colour in zip(counts.items(), (OTHERS, ORANGE)):
        fig.add_bar(x=centres, y=values, width=width, name=name, marker_color=colour, opacity=0.65,
                    hovertemplate="%{x:.3f}: %{y}<extra>" + name + "</extra>")
    for (name, values), colour in zip(expected.items(), (OTHERS, ORANGE)):
        if values:
            fig.add_scatter(x=centres, y=values, mode="lines", name=name, line=dict(color=colour, width=2, dash="dot"),
                            line_shape="hvh", hovertemplate="%{x:.3f}: %{y:.1f}<extra>" + name + "</extra>")
    fig.update_layout(barmode="overlay", bargap=0, title=text.title, xaxis_title=text.x_title,
                      yaxis_title=text.y_title, height=HEIGHT, margin=MARGIN | dict(b=BOTTOM), legend=LEGEND_BELOW)
    return fig


def spread_chart(layers: list[str], before: list[float], after: list[float], names: tuple[str, str],
                 text: ChartText) -> go.Figure:
    """The std of each layer's output for one batch, before and after: on a log axis, since a bad init
    makes it shrink or grow by a factor at every layer (a std of exactly 0 cannot be drawn there)."""
    fig = go.Figure()
    for values, name, colour in ((before, names[0], OTHERS), (after, names[1], ORANGE)):
        fig.add_scatter(x=layers, y=[v if v > 0 else None for v in values], mode="lines+markers", name=name,
                        line=dict(color=colour, width=2.5), marker=dict(size=8),
                        hovertemplate="%{x}: %{y:.4g}<extra>" + name + "</extra>")
    ticks = log_ticks([v for v in (*before, *after) if v > 0])
    fig.update_layout(title=text.title, xaxis_title=text.x_title, yaxis_title=text.y_title, height=HEIGHT,
                      margin=MARGIN | dict(b=BOTTOM), legend=LEGEND_BELOW, xaxis=dict(type="category"),
                      yaxis=dict(type="log", tickvals=ticks, ticktext=[f"{v:g}" for v in ticks]))
    return fig


def log_ticks(values: list[float]) -> list[float]:
    """1, 2, 5 × each power of ten the values span (only the powers when that is too many): Plotly's own
    labels for a log axis under one decade are bare digits (2, 5) beside 10⁻¹."""
    if not values:
        return []
    bottom, top = min(values) / 2.5, max(values) * 2.5  # a tick a little beyond each end
    low, high = math.floor(math.log10(bottom)), math.ceil(math.log10(top))
    ticks = [c * 10.0 ** k for k in range(low, high + 1) for c in (1, 2, 5)]
    ticks = [v for v in ticks if bottom <= v <= top]
    return ticks if len(ticks) <= MANY_TICKS else [10.0 ** k for k in range(low, high + 1)]
