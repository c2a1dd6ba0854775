"""Read the static tables a page draws as markdown (ui/common/markdown_table.py) back into rows."""

import re


def tables(at) -> list[list[list[str]]]:
    """The page's markdown tables in page order, each a list of rows (header first), code spans unwrapped."""
    found = []
    for block in (m.value for m in at.markdown if m.value.startswith("| ") and "\n| --- |" in m.value):
        lines = [line.removeprefix("| ").removesuffix(" |") for line in block.splitlines()]
        cells = [re.split(r"(?<!\\) \| ", line) for line in [lines[0], *lines[2:]]]  # "\|": a | inside a cell
        found.append([[c.replace("\\|", "|").replace("\u00a0", " ").strip("`") for c in row] for row in cells])
    return found
