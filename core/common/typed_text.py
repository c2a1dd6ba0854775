"""Text a learner typed: parsed within bounds, and echoed inside a Markdown message exactly as typed.

Catalog messages are Markdown (they use **bold** and `code`), so a typed `__class__` or
`2 * x * 3` dropped into one would turn bold or italic. A code span shows it literally:
no emphasis, no links, no emoji shortcodes, no LaTeX.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable


def literal(text: str) -> str:
    """`text` as a Markdown code span, fenced with more backticks than any run inside it."""
    text = " ".join(str(text).splitlines())  # a code span is one line
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    stripped = text.startswith(" ") and text.endswith(" ") and text.strip(" ")  # CommonMark drops one space a side
    pad = " " if not text or text.startswith("`") or text.endswith("`") or stripped else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def parse_typed(text: str, most_chars: int, most_nodes: int, refusal: Callable[..., Exception]) -> ast.Expression:
    """The syntax tree of one typed expression, never run: refused before parsing when empty or longer
    than most_chars, and after when it has more than most_nodes nodes. `refusal(reason, **params)` makes
    the page's error for reason "empty", "too_long" (most=) or "syntax" (column=). Besides SyntaxError,
    ast.parse raises ValueError for a NUL byte and MemoryError/RecursionError for deep nesting."""
    text = text.strip()
    if not text:
        raise refusal("empty")
    if len(text) > most_chars:
        raise refusal("too_long", most=most_chars)
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError, MemoryError, RecursionError) as error:
        raise refusal("syntax", column=getattr(error, "offset", None) or 1) from None
    if sum(1 for _ in ast.walk(tree)) > most_nodes:
        raise refusal("too_long", most=most_chars)
    return tree
