"""Text a learner typed, echoed inside a Markdown message exactly as typed.

Catalog messages are Markdown (they use **bold** and `code`), so a typed `__class__` or
`2 * x * 3` dropped into one would turn bold or italic. A code span shows it literally:
no emphasis, no links, no emoji shortcodes, no LaTeX.
"""

from __future__ import annotations

import re


def literal(text: str) -> str:
    """`text` as a Markdown code span, fenced with more backticks than any run inside it."""
    text = " ".join(str(text).splitlines())  # a code span is one line
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    stripped = text.startswith(" ") and text.endswith(" ") and text.strip(" ")  # CommonMark drops one space a side
    pad = " " if not text or text.startswith("`") or text.endswith("`") or stripped else ""
    return f"{fence}{pad}{text}{pad}{fence}"
