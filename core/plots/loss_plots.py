"""Losses-page figures as pure functions of numbers: loss and slope curves, probabilities, gradients.

Words come in through ChartText (translated by the page); colours name one loss each
everywhere on the page, so L1 is always blue, MSE always orange, SmoothL1 always green.
"""

from __future__ import annotations

import plotly.graph_objects as go

from core.plots.train_plots import MARGIN, ORANGE, ChartText

LOSS_COLOURS = {"L1": "#1f77b4", "MSE": ORANGE, "SmoothL1": "#2ca02c"}
GREY = "#9aa0a6"
TITLE_FONT = dict(size=15)  # two charts side by side: titles of ~50 characters must fit
LEGEND_BELOW = dict(orientation="h", x=0.5, xanchor="center", y=-0.3, yanchor="top")  # titles keep the top
CURVE_HEIGHT = 320


def curve_chart(errors: list[float], curves: dict[str, list[float]], marks: dict[str, tuple[list[float], list[float]]],
                text: ChartText, y_range: tuple[float, float] | None = None,
                x_range: tuple[float, float] | None = None) -> go.Figure:
    """One line per loss over the error e = prediction − target; `marks` are the current predictions' points.

    x_range and y_range are the least the view shows; each grows to keep every mark in sight (an
    outlier's MSE is the point), and the curves must reach as far as the marks can go.
    """
    fig = go.Figure()
    for name, ys in curves.items():
        colour = LOSS_COLOURS[name]
        hover = "e=%{x:.2f}: %{y:.3f}<extra>" + name + "</extra>"
        fig.add_scatter(x=errors, y=ys, mode="lines", name=name, legendgroup=name,
                        line=dict(color=colour, width=2.5), hovertemplate=hover)
        xs, ys_now = marks.get(name, ([], []))
        fig.add_scatter(x=list(xs), y=list(ys_now), mode="markers", name=name, legendgroup=name, showlegend=False,
                        marker=dict(color=colour, size=11, line=dict(color="white", width=1.5)), hovertemplate=hover)
    fig.update_layout(title=dict(text=text.title, font=TITLE_FONT), xaxis_title=text.x_title,
                      yaxis_title=text.y_title, height=CURVE_HEIGHT, margin=MARGIN | dict(b=60), legend=LEGEND_BELOW,
                      uirevision=True)
    if y_range is not None:  # MSE's parabola would squash the others: the page clips the view
        fig.update_yaxes(range=_covering(y_range, [y for _, ys_now in marks.values() for y in ys_now]))
    if x_range is not None:
        fig.update_xaxes(range=_covering(x_range, [x for xs, _ in marks.values() for x in xs]))
    fig.update_xaxes(zeroline=True, zerolinecolor=GREY)
    return fig


def _covering(least: tuple[float, float], shown: list[float]) -> list[float]:
    """The range `least`, grown on the side a shown point passes it, with a margin so its dot is whole."""
    low, high = min([least[0], *shown]), max([least[1], *shown])
    pad = 0.06 * (high - low)
    return [low - (pad if low < least[0] else 0), high + (pad if high > least[1] else 0)]


def probability_chart(probabilities: list[float], target: int, text: ChartText) -> go.Figure:
    """softmax(logits) as bars, the true class in orange."""
    labels = [str(i) for i in range(len(probabilities))]
    colours = [ORANGE if i == target else GREY for i in range(len(probabilities))]
    fig = go.Figure(go.Bar(x=labels, y=probabilities, marker_color=colours,
                           text=[f"{p:.2f}" for p in probabilities], textposition="outside",
                           hovertemplate="%{x}: %{y:.4f}<extra></extra>"))
    fig.update_layout(title=dict(text=text.title, font=TITLE_FONT), xaxis_title=text.x_title,
                      yaxis_title=text.y_title, height=300, margin=MARGIN,
                      yaxis=dict(range=[0, 1.12], tickformat=".0%"), showlegend=False)
    return fig


def gradient_chart(grad: list[float], expected: list[float], text: ChartText) -> go.Figure:
    """Autograd's d CE / d logits next to softmax − one_hot: two bars that should be the same height."""
    labels = [str(i) for i in range(len(grad))]
    fig = go.Figure([
        go.Bar(x=labels, y=grad, name=text.raw_name, marker_color=ORANGE,
               hovertemplate="%{x}: %{y:.4f}<extra></extra>"),
        go.Bar(x=labels, y=expected, name=text.smooth_name, marker_color="#1f77b4",
               hovertemplate="%{x}: %{y:.4f}<extra></extra>"),
    ])
    fig.update_layout(title=dict(text=text.title, font=TITLE_FONT), xaxis_title=text.x_title,
                      yaxis_title=text.y_title, height=300, margin=MARGIN | dict(b=60), barmode="group",
                      yaxis=dict(range=[-1.05, 1.05]), legend=LEGEND_BELOW)
    return fig
