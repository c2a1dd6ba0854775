"""Every page TorchLab has or will have, and whether it is ready; words come from locales/."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageEntry:
    key: str  # catalog section pages.<key> holds its title and what it teaches
    icon: str  # a Material icon name, shown in the sidebar and on the home page
    seeds: str  # which tutorials it grows from, e.g. "000, 001"
    path: str | None  # the page script; None while the page is still coming
    section: str = "explore"  # sections.<section> names its group in the sidebar and on the home page


SECTIONS = ("explore", "fundamentals")  # sidebar order

PAGES = (
    PageEntry("draw", ":material/draw:", "000", "pages/draw.py"),
    PageEntry("train", ":material/model_training:", "000, 001, 002, 004", "pages/train.py"),
    PageEntry("inside", ":material/layers:", "002", "pages/inside.py"),
    PageEntry("transforms", ":material/tune:", "002, 003", "pages/transforms.py"),
    PageEntry("data", ":material/dataset:", "002, 004", "pages/data.py"),
    PageEntry("models", ":material/account_tree:", "000–003", "pages/models.py"),
    PageEntry("tensors", ":material/grid_on:", "003", "pages/tensors.py", "fundamentals"),
    PageEntry("autograd", ":material/function:", "003", "pages/autograd.py", "fundamentals"),
    PageEntry("losses", ":material/show_chart:", "002", "pages/losses.py", "fundamentals"),
    PageEntry("optimizers", ":material/speed:", "001", "pages/optimizers.py", "fundamentals"),
    PageEntry("save_load", ":material/save:", "002, 004", "pages/save_load.py", "fundamentals"),
    PageEntry("devices", ":material/memory:", "002, 004", "pages/devices.py", "fundamentals"),
)


def ready_pages() -> list[PageEntry]:
    """Pages that exist, in sidebar order (section by section)."""
    return [p for section in SECTIONS for p in PAGES if p.path and p.section == section]


def pages_in(section: str) -> list[PageEntry]:
    """Every page of one section, ready or coming."""
    return [p for p in PAGES if p.section == section]
