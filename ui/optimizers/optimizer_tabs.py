"""The Optimizer race page's two tabs, of which only the open one runs (ui/common/lazy_tabs.py).

The surface tab's contour is the page's one Plotly chart: drawn in a hidden tab it still cost a fresh tab
about a second. A race keeps going while the surface tab is open: its thread lives in session_state
(ui/optimizers/race_view.py), not in the tab, and the race tab shows where it got to when it comes back.
"""

from __future__ import annotations

from ui.common import lazy_tabs

TABS = ("race", "surface")  # optimizers_page.tab_<name> labels them
TAB = "optimizers.tab"  # the widget's key: the open tab's label


def open_tab():
    """Draw the tab bar; returns the open tab's name and its container, for the caller to fill."""
    return lazy_tabs.open_tab(TAB, "optimizers_page.tab_", TABS)
