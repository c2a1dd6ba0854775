"""When did somebody last wait on this server? Training jobs yield to them.

A stroke on the Draw page or a feature-map view is someone waiting for an answer; a
training job is not. Inference calls `someone_waiting()`; a page's training job asks
`recently_waited()` between steps and, if so, pauses for a while (core.training.jobs). On a
server whose cores are all busy (a class, or browsers on the same machine), the
drawing stays quick and training takes what is left.
"""

from __future__ import annotations

import time

_last = -1e9  # monotonic seconds of the last interactive request; a float write is atomic


def someone_waiting() -> None:
    """Mark now as a moment a person waited on an answer."""
    global _last
    _last = time.monotonic()


def recently_waited(window_s: float = 2.0) -> bool:
    """Whether a person waited on an answer within the last `window_s` seconds."""
    return time.monotonic() - _last < window_s
