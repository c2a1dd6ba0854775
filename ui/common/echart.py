"""Show an ECharts option from core/plots (see core/plots/echarts_base.py for why not plotly here)."""

from __future__ import annotations

import streamlit as st


def show_echart(option: dict, key: str, height: int = 340, where=st) -> None:
    """Draw `option` at the column's width; `key` keeps the chart (and its zoom) across reruns."""
    where.echarts_chart(option, key=key, height=height, alt=option.get("title", {}).get("text") or None)
