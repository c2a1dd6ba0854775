"""A piece of work in its own thread that a page can start, ask to stop, and wait for.

The thread never touches Streamlit; the page polls a snapshot. Subclasses write `_work`
and check `self._stop` between steps, so Stop takes effect within one step.
"""

from __future__ import annotations

import threading


class BackgroundJob:
    def __init__(self, name: str):
        self._stop = threading.Event()
        self._lock = threading.Lock()  # guards what the page reads while the thread writes
        self._thread = threading.Thread(target=self._work, name=name, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self) -> None:
        """Ask the loop to end; it checks between steps, so it ends within one step."""
        self._stop.set()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the thread; True once it has ended."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _work(self) -> None:
        raise NotImplementedError
