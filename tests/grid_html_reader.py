"""Reading a drawn tensor grid (core/lessons/tensor_grids.py's HTML) back as a browser's parser reads it: its
cells with their titles and colours, its captions and heading, and its sizes in pixels.

Works on the HTML string itself, so the page's own grids (AppTest's `st.html` bodies) are measured exactly
as they reach the browser.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from core.lessons.tensor_grids import CHAR_WIDTH, STYLE


def page_grids(at) -> list[Grid]:
    """Every tensor grid an AppTest page (or one of its tabs) drew, in page order."""
    return [Grid(h.value) for h in at.get("html") if 'class="tl-grid"' in h.value]


class Grid(HTMLParser):
    """What a drawn grid holds: its cells (attributes and text), its captions and headings, its sizes."""

    def __init__(self, html: str):
        super().__init__()
        self.cells, self.captions, self.titles, self.tables, self.root = [], [], [], [], {}
        self.cols, self._rows = 0, 0  # cells in the first row of the first slice: the slices' width in cells
        self._into = None
        self.feed(html.removeprefix(STYLE))
        sizes = dict(re.findall(r"--([\w-]+):(\d+)px", html))
        self.box, self.font = int(sizes["cell"]), int(sizes["font"])  # a cell's coloured square, its numbers
        self.gap, self.slice_gap = int(sizes["gap"]), int(sizes["slice-gap"])
        self.per_row = int(re.search(r"repeat\((\d+),", html).group(1))  # slices side by side

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "td":
            self.cells.append(attrs | {"text": ""})
            self._into = self.cells[-1]
            self.cols += len(self.tables) == 1 and self._rows == 1
        elif tag == "tr":
            self._rows += 1
        elif tag == "table":
            self.tables.append(attrs)
        elif tag == "caption":
            self.captions.append("")
        elif attrs.get("class") == "tl-grid":
            self.root = attrs
        elif attrs.get("class") == "tl-grid-title":
            self.titles.append("")

    def handle_endtag(self, tag):
        self._into = None

    def handle_data(self, data):
        if self._into is not None:
            self._into["text"] += data
        elif self.captions and self.lasttag == "caption":
            self.captions[-1] += data
        elif self.titles and self.lasttag == "div":
            self.titles[-1] += data

    @property
    def texts(self) -> list[str]:
        return [c["text"] for c in self.cells]

    @property
    def colours(self) -> list[str | None]:
        """Each cell's fill in drawing order (row by row, slice by slice); None: the faded left-out style."""
        return [c["style"].removeprefix("background:") if "style" in c else None for c in self.cells]

    @property
    def width(self) -> int:
        """Pixels the browser gives a row of slices: each slice's cells with a gap around each, then slice gaps."""
        return self.per_row * (self.cols * (self.box + self.gap) + self.gap) + (self.per_row - 1) * self.slice_gap

    def crowded(self) -> list[str]:
        """Every number printed wider than its coloured square; [] when all are legible."""
        return [text for text in self.texts if len(text) * CHAR_WIDTH * self.font > self.box]
