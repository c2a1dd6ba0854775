"""Plotly figures as pure functions of data, so pages only place them."""

from __future__ import annotations

import plotly.graph_objects as go

from core.models.summary import LayerRow


def parameters_per_layer(rows: list[LayerRow], title: str, axis_title: str) -> go.Figure:
    """Horizontal bars: where a model's parameters live (often almost all in one Linear layer)."""
    weighted = [r for r in rows if r.parameters]
    fig = go.Figure(go.Bar(
        x=[r.parameters for r in weighted],
        y=[f"{r.name} ({r.kind})" for r in weighted],
        orientation="h",
        text=[f"{r.parameters:,}" for r in weighted],
        textposition="auto",
        marker_color="#ee4c2c",  # PyTorch orange
    ))
    fig.update_layout(
        title=title,
        xaxis_title=axis_title,
        yaxis=dict(autorange="reversed"),
        height=max(220, 60 * len(weighted) + 100),
        margin=dict(l=10, r=10, t=40, b=10),
    )
    return fig


def probability_bars(probs: list[float], title: str, x_title: str) -> go.Figure:
    """Ten bars, the winner in PyTorch orange: how sure the model is, and of what else."""
    top = max(range(len(probs)), key=probs.__getitem__)
    fig = go.Figure(go.Bar(
        x=[str(d) for d in range(len(probs))],
        y=probs,
        marker_color=["#ee4c2c" if d == top else "#9aa4b1" for d in range(len(probs))],
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
