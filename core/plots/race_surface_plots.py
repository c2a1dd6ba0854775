"""The optimizer race's 2-D loss surface as a Plotly figure: contours, each optimizer's path, start and minimum.

It stays Plotly while the race tab's charts are ECharts (core/plots/race_plots.py): its contour lines are the
lesson (a valley's walls, a saddle's two slopes) and ECharts draws none. Its page tab runs only when
opened (ui/common/lazy_tabs.py), so a fresh tab of the page loads no Plotly.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from core.lessons.loss_surface import Path, Surface
from core.lessons.race_optimizers import OPTIMIZERS
from core.plots.train_plots import MARGIN, ChartText

TITLE_FONT = dict(size=15)  # the race tab's chart titles are the same size (core.plots.echarts_base.TITLE_STYLE)
LEGEND_BELOW = dict(orientation="h", x=0.5, xanchor="center", y=-0.14, yanchor="top")  # the title keeps the top


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
    fig.update_layout(title=dict(text=text.title, font=TITLE_FONT), xaxis_title="x", yaxis_title="y", height=520,
                      margin=MARGIN | dict(b=60), legend=LEGEND_BELOW, uirevision=surface.name,
                      xaxis=dict(range=list(surface.x_range)), yaxis=dict(range=list(surface.y_range)))
    return fig
