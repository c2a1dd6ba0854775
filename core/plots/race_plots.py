"""Optimizer-race figures as pure functions: loss curves overlaid, fitted curves on the data, paths on contours.

Each optimizer keeps its colour (core.lessons.race_optimizers) on every chart; words come in
through ChartText, translated by the page.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from core.lessons.loss_surface import Path, Surface
from core.lessons.race_optimizers import OPTIMIZERS
from core.plots.loss_plots import LEGEND_BELOW, TITLE_FONT
from core.plots.train_plots import MARGIN, ChartText
from core.training.evaluation import smooth

DATA_GREY = "rgba(120, 120, 120, 0.35)"


def _finite(values: list[float]) -> list[float | None]:
    """NaN and inf as gaps: plotly would otherwise stretch the axis to nothing."""
    return [v if math.isfinite(v) else None for v in values]


def race_loss_chart(steps: list[int], losses: dict[str, list[float]], total_steps: int, text: ChartText) -> go.Figure:
    """Each optimizer's batch loss per step, faint, under its smoothed curve (EMA 0.9); log y like a race."""
    fig = go.Figure()
    for name, values in losses.items():
        colour = OPTIMIZERS[name].colour
        clean = _finite(values)
        fig.add_scatter(x=steps, y=clean, mode="lines", name=name, legendgroup=name, showlegend=False, opacity=0.25,
                        line=dict(color=colour, width=1), hoverinfo="skip")
        fig.add_scatter(x=steps, y=smooth([v if v is not None else 0.0 for v in clean], 0.9) if values else [],
                        mode="lines", name=name, legendgroup=name, line=dict(color=colour, width=3),
                        hovertemplate="%{x}: %{y:.4f}<extra>" + name + "</extra>")
    fig.update_layout(title=dict(text=text.title, font=TITLE_FONT), xaxis_title=text.x_title,
                      yaxis_title=text.y_title, height=360,
                      margin=MARGIN | dict(b=60), legend=LEGEND_BELOW, uirevision=True,
                      xaxis=dict(range=[0, max(total_steps, 1)]), yaxis=dict(type="log"))
    if not steps:  # before the start: the losses this race usually spans (0.001–1), not plotly's empty 0.1–10k
        fig.update_yaxes(range=[-3, 0])  # log10 units
    return fig


def fit_chart(xs: list[float], ys: list[float], grid: list[float], fits: dict[str, list[float]],
              text: ChartText) -> go.Figure:
    """The data points in grey and each optimizer's net drawn over them."""
    fig = go.Figure(go.Scatter(x=xs, y=ys, mode="markers", name=text.raw_name,
                               marker=dict(color=DATA_GREY, size=4), hoverinfo="skip"))
    for name, values in fits.items():
        fig.add_scatter(x=grid, y=_finite(values), mode="lines", name=name,
                        line=dict(color=OPTIMIZERS[name].colour, width=3),
                        hovertemplate="x=%{x:.2f}: %{y:.3f}<extra>" + name + "</extra>")
    fig.update_layout(title=dict(text=text.title, font=TITLE_FONT), xaxis_title=text.x_title,
                      yaxis_title=text.y_title, height=360,
                      margin=MARGIN | dict(b=60), legend=LEGEND_BELOW, uirevision=True,
                      yaxis=dict(range=[-0.3, 1.4]))
    return fig


def surface_chart(surface: Surface, grid: tuple[list[float], list[float], list[list[float]]], paths: list[Path],
                  text: ChartText) -> go.Figure:
    """Contours of the loss, each optimizer's path from the shared start ○ to where it ended ●, and the minimum ★."""
    xs, ys, z = grid
    shown = [[math.log1p(max(v, 0.0)) for v in row] for row in z] if surface.log_colours else z
    fig = go.Figure(go.Contour(x=xs, y=ys, z=shown, colorscale="Blues", reversescale=True, ncontours=30,
                               showscale=False, hoverinfo="skip", contours=dict(coloring="heatmap"),
                               line=dict(width=0.5, color="rgba(255,255,255,0.5)")))
    for path in paths:
        colour = OPTIMIZERS[path.name].colour
        fig.add_scatter(x=path.xs, y=path.ys, mode="lines+markers", name=path.name,
                        line=dict(color=colour, width=2.5),
                        marker=dict(size=4), hovertemplate="(%{x:.3f}, %{y:.3f})<extra>" + path.name + "</extra>")
        fig.add_scatter(x=path.xs[-1:], y=path.ys[-1:], mode="markers", showlegend=False, hoverinfo="skip",
                        marker=dict(color=colour, size=13, line=dict(color="white", width=2)))
    fig.add_scatter(x=[surface.start[0]], y=[surface.start[1]], mode="markers", name=text.raw_name,
                    marker=dict(symbol="circle-open", size=16, color="black", line=dict(width=3)))
    fig.add_scatter(x=[surface.minimum[0]], y=[surface.minimum[1]], mode="markers", name=text.smooth_name,
                    marker=dict(symbol="star", size=16, color="gold", line=dict(color="black", width=1)))
    fig.update_layout(title=dict(text=text.title, font=TITLE_FONT), xaxis_title="x", yaxis_title="y",
                      height=520,
                      margin=MARGIN | dict(b=60), legend=LEGEND_BELOW | dict(y=-0.14), uirevision=surface.name,
                      xaxis=dict(range=list(surface.x_range)), yaxis=dict(range=list(surface.y_range)))
    return fig
