"""torch's own words when it refuses something, as a page shows them: whole, but without C++ frames.

Some torch errors (a size that overflows int64, for one) append the C++ backtrace of where
they were raised: dozens of "frame #n: … 0x7f…" lines that differ from run to run and say
nothing to a learner. Everything torch wrote before that backtrace is kept, every line of it.
"""

from __future__ import annotations

BACKTRACE = "\nException raised from "  # c10::Error's marker: what follows is the C++ stack


def torch_words(error: BaseException) -> str:
    """str(error), every line, up to torch's C++ backtrace if it carries one."""
    return str(error).split(BACKTRACE, 1)[0].rstrip()
