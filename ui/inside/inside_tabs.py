"""See inside's three tabs, of which only the open one runs (ui/common/lazy_tabs.py).

Hidden tabs' charts used to be built and drawn with the open one's: the kernels' and the lab's seven
charts kept the browser busy while the feature maps waited.
"""

from __future__ import annotations

from ui.common import lazy_tabs

TABS = ("maps", "kernels", "lab")  # inside.tab_<name> labels them
TAB = "inside.tab"  # the widget's key: the open tab's label


def open_tab():
    """Draw the tab bar; returns the open tab's name and its container, for the caller to fill."""
    return lazy_tabs.open_tab(TAB, "inside.tab_", TABS)
