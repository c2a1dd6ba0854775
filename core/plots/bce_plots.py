"""The Losses page's two-class charts: BCELoss(sigmoid) and BCEWithLogitsLoss over the logit, with a dot at yours.

BCEWithLogitsLoss is the solid blue line underneath, BCELoss the dashed orange one on top, so
where they agree one sees both, and where BCELoss breaks away one sees the gap.
"""

from __future__ import annotations

import plotly.graph_objects as go

from core.plots.loss_plots import LEGEND_BELOW, TITLE_FONT
from core.plots.train_plots import MARGIN, ORANGE, ChartText

BLUE = "#1f77b4"
HEIGHT = 340


def binary_chart(logits: list[float], bce: list[float], with_logits: list[float], now: tuple[float, float, float],
                 text: ChartText, y_range: tuple[float, float] | None = None) -> go.Figure:
    """Two curves over the logit; `now` = (logit, BCELoss's value, BCEWithLogitsLoss's value) marks the slider.

    text.raw_name names BCELoss, text.smooth_name BCEWithLogitsLoss.
    """
    logit, bce_now, exact_now = now
    fig = go.Figure()
    for name, ys, y_now, colour, dash, width in ((text.smooth_name, with_logits, exact_now, BLUE, "solid", 5),
                                                  (text.raw_name, bce, bce_now, ORANGE, "dash", 2.5)):
        hover = "logit %{x:.2f}: %{y:.6g}<extra>" + name + "</extra>"
        fig.add_scatter(x=logits, y=ys, mode="lines", name=name, legendgroup=name, hovertemplate=hover,
                        line=dict(color=colour, width=width, dash=dash))
        fig.add_scatter(x=[logit], y=[y_now], mode="markers", name=name, legendgroup=name, showlegend=False,
                        hovertemplate=hover, marker=dict(color=colour, size=12, line=dict(color="white", width=1.5)))
    fig.update_layout(title=dict(text=text.title, font=TITLE_FONT), xaxis_title=text.x_title, yaxis_title=text.y_title,
                      height=HEIGHT, margin=MARGIN | dict(b=60), legend=LEGEND_BELOW, uirevision=True)
    fig.update_xaxes(zeroline=True, zerolinecolor="#9aa0a6")
    if y_range is not None:
        fig.update_yaxes(range=list(y_range))
    return fig
