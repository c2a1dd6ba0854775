"""Train-page figures as pure functions of data: every word on them comes in through ChartText.

The page redraws these about twice a second while a model trains, so each one only builds
lists and hands them to Plotly; per-step series go in as NumPy arrays, which Plotly checks
and serialises about ten times faster than long lists. uirevision stays constant so a user's zoom survives redraws.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import plotly.graph_objects as go

from core.training.evaluation import smooth

ORANGE = "#ee4c2c"  # PyTorch orange
LIGHT_ORANGE = "rgba(238, 76, 44, 0.25)"
MARGIN = dict(l=10, r=10, t=40, b=10)
FEW_EPOCHS = 20  # up to this many epochs, label every one
EXPLODED_SPAN = 100  # a loss that grew this many times over: drawn on a log axis
ACCURACY_PAD = 0.02  # 2 points of accuracy above and below the data: one point sits mid-chart, not on an edge


@dataclass(frozen=True)
class ChartText:
    """The words on one chart, already translated by the page (t("...")); empty means none."""

    title: str = ""
    x_title: str = ""
    y_title: str = ""
    raw_name: str = ""  # loss chart legend: the per-step values
    smooth_name: str = ""  # loss chart legend: the moving average


def _layout(fig: go.Figure, text: ChartText, height: int, **extra) -> go.Figure:
    fig.update_layout(
        title=text.title, xaxis_title=text.x_title, yaxis_title=text.y_title,
        height=height, margin=MARGIN, uirevision=True, **extra,
    )
    return fig


def _epoch_axis(count: int) -> dict:
    """Integer epochs counted from 1; every tick labelled while there are few."""
    if count <= FEW_EPOCHS:
        return dict(tick0=1, dtick=1, tickformat="d")
    return dict(tickformat="d")


def _epoch_range(count: int) -> dict:
    """Half an epoch either side of the first and last: Plotly's own guess for one point is 0..2."""
    return dict(range=[0.5, max(count, 1) + 0.5]) if count <= FEW_EPOCHS else {}


def _accuracy_axis(accuracies: list[float]) -> dict:
    """A y axis inside 0..100% that zooms to the accuracies reached; Plotly's own range for a single
    point is its value ± 1 (−50%..150% for 50%), and no accuracy lies outside 0..100%."""
    seen = [min(max(float(a), 0.0), 1.0) for a in accuracies if a is not None and math.isfinite(a)]
    if not seen:
        return dict(tickformat=".1%", range=[0, 1])  # before the first evaluation: a sane empty frame
    low, high = max(min(seen) - ACCURACY_PAD, 0.0), min(max(seen) + ACCURACY_PAD, 1.0)
    return dict(tickformat=".0%" if high - low > 0.2 else ".1%", range=[low, high])


def loss_chart(steps: list[int], losses: list[float], text: ChartText) -> go.Figure:
    """Training loss per step, faint, under its smoothed curve (EMA weight 0.9) in bold orange."""
    x, y = list(steps), [float(v) for v in losses]  # plain lists: Streamlit's plotly.js mis-reads binary arrays
    raw = go.Scatter(
        x=x, y=y, mode="lines", name=text.raw_name,
        line=dict(color=LIGHT_ORANGE, width=1), hovertemplate="%{x}: %{y:.4f}<extra></extra>",
    )
    smoothed = go.Scatter(
        x=x, y=smooth(y, 0.9), mode="lines", name=text.smooth_name,
        line=dict(color=ORANGE, width=3), hovertemplate="%{x}: %{y:.4f}<extra></extra>",
    )
    return _layout(
        go.Figure([raw, smoothed]), text, 300,
        legend=dict(x=1, xanchor="right", y=1, yanchor="top"),  # loss falls: top right stays clear
        yaxis=_loss_axis(y),
    )


def _loss_axis(losses: list[float]) -> dict:
    """Logarithmic once the loss spans more than EXPLODED_SPAN: a run that diverged to 1e20 would
    otherwise flatten every earlier point onto zero, and its last point is the one the message quotes."""
    seen = [v for v in losses if math.isfinite(v) and v > 0]
    return dict(type="log") if seen and max(seen) > EXPLODED_SPAN * min(seen) else {}


def accuracy_chart(epochs: list[int], accuracies: list[float], text: ChartText) -> go.Figure:
    """Test accuracy after each epoch, as a percentage."""
    fig = go.Figure(go.Scatter(
        x=list(epochs), y=list(accuracies), mode="lines+markers", name=text.y_title,
        line=dict(color=ORANGE, width=2), marker=dict(size=8),
        hovertemplate="%{x}: %{y:.2%}<extra></extra>",
    ))
    return _layout(
        fig, text, 300, showlegend=False,
        xaxis=_epoch_axis(len(epochs)) | _epoch_range(len(epochs)), yaxis=_accuracy_axis(list(accuracies)),
    )


def lr_chart(steps: list[int], lrs: list[float], text: ChartText) -> go.Figure:
    """Learning rate per step: flat, stepped or annealed, as the scheduler decides."""
    fig = go.Figure(go.Scatter(
        x=list(steps), y=[float(v) for v in lrs], mode="lines", name=text.y_title,
        line=dict(color=ORANGE, width=2), hovertemplate="%{x}: %{y:.3g}<extra></extra>",
    ))
    top = max(lrs, default=1.0) * 1.15  # from 0, so a constant rate reads as a flat line at its value
    return _layout(fig, text, 220, showlegend=False, yaxis=dict(exponentformat="e", range=[0, top]))


def confusion_heatmap(matrix: list[list[int]], class_names: list[str], text: ChartText) -> go.Figure:
    """Counts of (true, predicted): rows = true class (class 0 on top), columns = predicted."""
    names = [str(n) for n in class_names] or None
    fig = go.Figure(go.Heatmap(
        z=[list(row) for row in matrix], x=names, y=names,
        colorscale="Oranges", zmin=0, texttemplate="%{z}", showscale=False,
        hovertemplate="%{y} → %{x}: %{z}<extra></extra>",  # true → predicted
    ))
    side = max(300, 28 * len(matrix) + 80)  # about square in a half-page column: no empty band above
    return _layout(
        fig, text, side,
        xaxis=dict(type="category", constrain="domain"),
        yaxis=dict(type="category", autorange="reversed", scaleanchor="x", constrain="domain"),
    )


def runs_overlay(runs: dict[str, tuple[list[float], list[float]]], text: ChartText) -> go.Figure:
    """Test accuracy per epoch, one line per saved run, to compare runs from history.
    The view is reset whenever the set of runs changes, so a run just added is never zoomed out of sight."""
    fig = go.Figure([
        go.Scatter(
            x=list(epochs), y=list(accuracies), mode="lines+markers", name=name,
            hovertemplate="%{x}: %{y:.2%}<extra>%{fullData.name}</extra>",
        )
        for name, (epochs, accuracies) in runs.items()
    ])
    longest = max((max(epochs, default=0) for epochs, _ in runs.values()), default=0)
    fig = _layout(
        fig, text, 320, showlegend=True,
        xaxis=_epoch_axis(longest) | _epoch_range(longest),
        yaxis=_accuracy_axis([a for _, accuracies in runs.values() for a in accuracies]),
        legend=dict(x=1, xanchor="right", y=0, yanchor="bottom"),  # accuracy rises: bottom right stays clear
    )
    return fig.update_layout(uirevision=" | ".join(runs))
