"""Plotly figures as pure functions of data, so pages only place them."""

from __future__ import annotations

import plotly.graph_objects as go

from core.plots.train_plots import ORANGE

OTHERS = "#9aa4b1"  # grey for every bar but the winner (the Draw page's too)


def probability_bars(probs: list[float], title: str, x_title: str) -> go.Figure:
    """Ten bars, the winner in PyTorch orange: how sure the model is, and of what else."""
    top = max(range(len(probs)), key=probs.__getitem__)
    fig = go.Figure(go.Bar(
        x=[str(d) for d in range(len(probs))],
        y=probs,
        marker_color=[ORANGE if d == top else OTHERS for d in range(len(probs))],
        text=[f"{p:.0%}" if p >= 0.01 else "" for p in probs],
        textposition="outside",
        hovertemplate="%{x}: %{y:.2%}<extra></extra>",
    ))
    fig.update_layout(
        title=title, xaxis_title=x_title, height=300,
        yaxis=dict(range=[0, 1.12], tickformat=".0%"), xaxis=dict(type="category"),
        margin=dict(l=10, r=10, t=40, b=10),
    )
    return fig


def class_probability_bars(ranked: list[tuple[str, float]], x_title: str) -> go.Figure:
    """One horizontal bar per class, as the Draw page's digits: the most likely in PyTorch orange, the
    rest grey, each with its percentage. The class names say what the bars are: only the x axis is titled."""
    names, probs = [name for name, _ in ranked], [p for _, p in ranked]
    top = max(range(len(probs)), key=probs.__getitem__)
    fig = go.Figure(go.Bar(
        x=probs, y=names, orientation="h",
        marker_color=[ORANGE if i == top else OTHERS for i in range(len(probs))],
        text=[f"{p:.0%}" if p >= 0.01 else "" for p in probs],
        textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:.1%}<extra></extra>",
    ))
    fig.update_layout(
        height=34 * len(names) + 70, margin=dict(l=10, r=10, t=10, b=10),
        xaxis=dict(title=x_title, range=[0, 1.12], tickformat=".0%", fixedrange=True),  # 1.12: room for "100%"
        yaxis=dict(type="category", autorange="reversed", fixedrange=True),  # the most likely on top
    )
    return fig
