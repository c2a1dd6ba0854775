"""Every page TorchLab has or will have, and whether it is ready; words come from locales/."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageEntry:
    key: str  # catalog section pages.<key> holds its title and what it teaches
    icon: str  # a Material icon name, shown in the sidebar and on the home page
    seeds: str  # which tutorials it grows from, e.g. "000, 001"
    path: str | None  # the page script; None while the page is still coming


PAGES = (
    PageEntry("draw", ":material/draw:", "000", "pages/draw.py"),
    PageEntry("train", ":material/model_training:", "000, 001, 002, 004", "pages/train.py"),
    PageEntry("inside", ":material/layers:", "002", "pages/inside.py"),
    PageEntry("transforms", ":material/tune:", "002, 003", "pages/transforms.py"),
    PageEntry("data", ":material/dataset:", "002, 004", "pages/data.py"),
    PageEntry("fundamentals", ":material/functions:", "001, 002, 003, 004", None),
    PageEntry("models", ":material/account_tree:", "000–003", "pages/models.py"),
)


def ready_pages() -> list[PageEntry]:
    return [p for p in PAGES if p.path]
