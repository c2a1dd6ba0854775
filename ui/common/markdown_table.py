"""Small static tables and code spans as GitHub markdown, for st.markdown.

Streamlit's markdown code is on every page already, while a fresh tab fetches about 1 MB of Arrow code for
the first st.table or st.dataframe (a dataframe, more: +0.36 s on a fresh tab, docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Collection


def code_cell(text: str) -> str:
    """Text as a markdown code span for a table cell, in one piece: no line break inside `[5, 3]`."""
    return "`" + text.replace("`", "'").replace(" ", "\u00a0") + "`"


def inline_code(text: str) -> str:
    """Text as one markdown code span that may wrap (a long list, an error): monospaced, with no highlighter."""
    return "`" + text.replace("`", "'").replace("\n", " ") + "`"


def markdown_table(header: list[str], rows: list[list[str]], right: Collection[int] = ()) -> str:
    """The table; the columns numbered in `right` are right-aligned (numbers). A cell stays on its row: a line
    break in it becomes a space."""
    rule = ["---:" if i in right else "---" for i in range(len(header))]
    return "\n".join("| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in line) + " |"
                     for line in [header, rule, *rows])
