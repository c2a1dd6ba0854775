"""Reading a drawn tensor grid back in pixels: how wide the figure is, how big each cell, how wide each number.

Works on a figure as a dict (Figure.to_dict(), or the JSON AppTest holds), so the page's own charts
can be measured exactly as they would reach the browser.
"""

from __future__ import annotations

MONOSPACE_EM = 0.6  # a monospace character is about 0.6 of the font size wide


def cell_px(layout: dict, axis: str) -> float:
    """Pixels per cell of the subplot on x axis `axis` ("x", "x2", …): its share of the plot, per unit of range.

    The y axis is anchored to the x axis's scale, so cells are square; the smaller of the two wins."""
    margin = layout.get("margin", {})
    plot_w = layout["width"] - margin.get("l", 80) - margin.get("r", 80)
    plot_h = layout["height"] - margin.get("t", 100) - margin.get("b", 80)
    suffix = axis[1:]
    xa, ya = layout[f"xaxis{suffix}"], layout[f"yaxis{suffix}"]
    x_px = (xa.get("domain", [0, 1])[1] - xa.get("domain", [0, 1])[0]) * plot_w / abs(xa["range"][1] - xa["range"][0])
    y_px = (ya.get("domain", [0, 1])[1] - ya.get("domain", [0, 1])[0]) * plot_h / abs(ya["range"][1] - ya["range"][0])
    return min(x_px, y_px)


def crowded_numbers(figure: dict) -> list[str]:
    """Every number printed wider than its cell (a tight fit leaves 2 px); [] when all are legible."""
    layout, crowded = figure["layout"], []
    for trace in figure["data"]:
        if "text" not in trace.get("mode", "") or not trace.get("text"):
            continue
        room = cell_px(layout, trace.get("xaxis", "x")) - 2
        size = trace["textfont"]["size"]
        crowded += [text for text in trace["text"] if len(text) * MONOSPACE_EM * size > room]
    return crowded


def smallest_font(figure: dict) -> float:
    sizes = [t["textfont"]["size"] for t in figure["data"] if "text" in t.get("mode", "") and t.get("text")]
    return min(sizes, default=float("inf"))
