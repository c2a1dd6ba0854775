"""A page's simple bar chart as light HTML instead of a plotly figure. Pure functions: tested without Streamlit.

Plotly's code is 4.7 MB of JavaScript that a fresh browser tab must compile before its first chart: on a
2-core machine a page whose only chart was a handful of bars settled 1.1 s later than without it
(bench/page_times.py). Bars in HTML cost the browser next to nothing, and each bar's `title` keeps its
number on hover.
"""

from __future__ import annotations

from html import escape

NAMED_UP_TO = 30  # columns with their name under each; more keep their names on hover only

STYLE = """<style>
.tl-chart{font-size:.8rem;line-height:1.25;margin-bottom:.5rem}
.tl-chart-title{font-weight:600;margin-bottom:.35rem}
.tl-chart-axis{text-align:center;opacity:.65;font-size:.75rem;margin-top:.2rem}
.tl-cols{display:flex;align-items:flex-end;gap:3px;height:190px;border-bottom:1px solid rgba(128,128,128,.45)}
.tl-cols>div{flex:1;min-width:0;height:100%;display:flex;flex-direction:column;justify-content:flex-end;align-items:center}
.tl-cols>div>span{font-size:.7rem;opacity:.8;white-space:nowrap}
.tl-cols>div>b{width:100%;border-radius:2px 2px 0 0}
.tl-names{display:flex;gap:3px}
.tl-names span{flex:1;min-width:0;text-align:center;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.tl-rows{display:grid;grid-template-columns:minmax(0,auto) minmax(0,1fr);gap:4px 8px;align-items:center}
.tl-rows>span{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;max-width:16rem}
.tl-rows>div{display:flex;align-items:center;gap:6px;min-width:0}
.tl-rows>div>b{height:1.1rem;border-radius:0 2px 2px 0;flex:none}
.tl-rows>div>i{font-style:normal;font-size:.75rem;opacity:.8;white-space:nowrap}
</style>"""


def column_bars_html(names: list[str], values: list[float], title: str, axis: str, unit: str, colour: str) -> str:
    """Upright bars, each with its number above and its name below (hover: "name: number unit")."""
    top = max(max(values, default=0), 1e-12)
    columns = "".join(
        f'<div title="{escape(name)}: {value:,} {escape(unit)}"><span>{value:,}</span>'
        f'<b style="height:{max(value / top, 0.004) * 88:.1f}%;background:{colour}"></b></div>'  # 88%: room for the number
        for name, value in zip(names, values))
    named = len(names) <= NAMED_UP_TO
    labels = f'<div class="tl-names">{"".join(f"<span>{escape(n)}</span>" for n in names)}</div>' if named else ""
    return (f'{STYLE}<div class="tl-chart" role="img" aria-label="{escape(title)}">'
            f'<div class="tl-chart-title">{escape(title)}</div><div class="tl-cols">{columns}</div>{labels}'
            f'<div class="tl-chart-axis">{escape(axis)}</div></div>')


def row_bars_html(names: list[str], values: list[float], title: str, axis: str, colour: str) -> str:
    """Bars lying down, one row each, the name on the left and the number after the bar."""
    top = max(max(values, default=0), 1e-12)
    rows = "".join(
        f'<span title="{escape(name)}">{escape(name)}</span><div title="{escape(name)}: {value:,} {escape(axis)}">'
        f'<b style="width:max(2px, calc((100% - 5rem) * {value / top:.4f}));background:{colour}"></b>'
        f'<i>{value:,}</i></div>'
        for name, value in zip(names, values))
    return (f'{STYLE}<div class="tl-chart" role="img" aria-label="{escape(title)}">'
            f'<div class="tl-chart-title">{escape(title)}</div><div class="tl-rows">{rows}</div>'
            f'<div class="tl-chart-axis">{escape(axis)}</div></div>')
