"""A `tensorboard` process over one owner's runs, for a visitor at the server itself.

Runs of every visitor share one runs folder, and `tensorboard --logdir runs` would show them all.
So each owner gets a folder of their own holding one symbolic link per run of theirs
(`<run id>` -> `runs/<run id>/tensorboard`), and TensorBoard is started on that folder, bound to
127.0.0.1. TensorBoard looks for new subfolders every few seconds: links added for new runs
(and removed for deleted ones) show up without a restart.
"""

from __future__ import annotations

import atexit
import os
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from core.common.i18n import LocalizedError
from core.lessons.tensorboard_events import EventFile, event_files
from core.training.runs import RunNotFound, RunStore

HOST = "127.0.0.1"  # only this machine can open it: the page offers it to visitors at the server
PREFERRED_PORT = 6006  # TensorBoard's own default, when free (env TORCHLAB_TENSORBOARD_PORT: another)
RELOAD_S = 5  # how often TensorBoard looks for new runs and new events
START_TIMEOUT_S = 30.0  # TensorBoard answers in ~2 s here; a loaded machine may need many more
MAX_SERVERS = 4  # one per owner at most; the oldest stops when a fifth is asked for


class TensorBoardFailed(LocalizedError, RuntimeError):
    """TensorBoard did not start: the message carries the end of what it printed."""


@dataclass(frozen=True)
class RunEvents:
    run_id: str
    folder: Path  # the run's tensorboard folder
    files: list[EventFile]


def owner_events(store: RunStore, owner: str) -> list[RunEvents]:
    """The owner's runs (newest first) with the event files each has written so far."""
    found = []
    for summary in store.list(owner):
        try:
            folder = store.get(summary.id, owner).tensorboard_dir
        except RunNotFound:  # deleted between the listing and now
            continue
        found.append(RunEvents(summary.id, folder, event_files(folder) if folder.is_dir() else []))
    return found


def link_runs(view: Path, runs: list[RunEvents]) -> list[str]:
    """Make `view` hold exactly one link per run (named by its id), to the run's tensorboard folder."""
    view.mkdir(parents=True, exist_ok=True)
    wanted = {run.run_id: run.folder for run in runs}
    for entry in view.iterdir():
        if entry.name in wanted and entry.is_symlink() and entry.resolve() == wanted[entry.name].resolve():
            continue
        if entry.is_symlink() or not entry.is_dir():
            entry.unlink()
        else:
            shutil.rmtree(entry)
    for name, folder in wanted.items():
        if not (view / name).is_symlink():
            try:
                (view / name).symlink_to(folder.resolve(), target_is_directory=True)
            except FileExistsError:  # another thread linked it just now
                pass
    return sorted(wanted)


def preferred_port() -> int:
    """The port TensorBoard gets when it is free: env TORCHLAB_TENSORBOARD_PORT, else 6006."""
    value = os.environ.get("TORCHLAB_TENSORBOARD_PORT", "")
    return int(value) if value.isdigit() and 0 < int(value) < 65536 else PREFERRED_PORT


def free_port(preferred: int = PREFERRED_PORT, host: str = HOST) -> int:
    """`preferred` when nothing listens there, else one the system hands out."""
    for port in (preferred, 0):
        with socket.socket() as probe:
            try:
                probe.bind((host, port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise OSError("no free port")


def server_command(logdir: Path | str, port: int, host: str = HOST) -> list[str]:
    """The tensorboard command line, run with this Python (its tensorboard, whatever PATH says)."""
    return [sys.executable, "-m", "tensorboard.main", "--logdir", str(logdir), "--port", str(port),
            "--host", host, "--reload_interval", str(RELOAD_S)]


def shown_command(logdir: Path | str, port: int = PREFERRED_PORT, host: str | None = None) -> str:
    """The same as a person types it."""
    text = f"tensorboard --logdir {shlex.quote(str(logdir))} --port {port}"
    return text + (f" --host {host}" if host else "")


class TensorBoardServer:
    """One tensorboard process over one owner's runs: start() once, refresh() the links, stop()."""

    def __init__(self, store: RunStore, owner: str, port: int | None = None,
                 popen: Callable[..., subprocess.Popen] | None = None, follow_s: float = RELOAD_S):
        """`port`: the one to use when free (default: preferred_port()); `follow_s`: how often new runs
        are linked."""
        self.store, self.owner, self._preferred, self._follow_s = store, owner, port or preferred_port(), follow_s
        self._popen = popen or subprocess.Popen
        self.view = Path(tempfile.mkdtemp(prefix="torchlab-tensorboard-"))  # this owner's links, nothing else
        self.port: int | None = None
        self._process: subprocess.Popen | None = None
        self._log = None  # what the process prints, in a file beside the view
        self._lock = threading.RLock()  # start, stop and the links thread take turns
        self._stopped = threading.Event()  # ends the thread that keeps the links up to date

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def command(self) -> str:
        return shown_command(self.view, self.port or self._preferred, HOST)

    def refresh(self) -> list[str]:
        """Links for the owner's runs as they are now; the names TensorBoard lists them by."""
        with self._lock:
            if self._stopped.is_set():  # stopped: no folder to fill until it starts again
                return []
            return link_runs(self.view, owner_events(self.store, self.owner))

    def start(self, timeout_s: float = START_TIMEOUT_S) -> None:
        """Start TensorBoard unless it runs; return once it answers, or raise TensorBoardFailed."""
        with self._lock:
            if self.running:
                return
            self._stopped.clear()
            self.refresh()
            self.port = free_port(self._preferred)
            log = open(self.view.parent / f"{self.view.name}.log", "w+b")  # noqa: SIM115  (the process holds it)
            self._process = self._popen(server_command(self.view, self.port), stdout=log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL)
            self._log = log
            deadline = time.monotonic() + timeout_s
            while not _answers(self.port):
                if self._process.poll() is not None or time.monotonic() > deadline:
                    said = self._said()
                    self._stopped.set()
                    self._end()
                    raise TensorBoardFailed("errors.tensorboard_failed", reason=said)
                time.sleep(0.1)
            threading.Thread(target=self._follow_runs, name=f"tensorboard-links-{self.port}", daemon=True).start()

    def _follow_runs(self) -> None:
        """Link each new run (and unlink deleted ones) while TensorBoard runs, whatever the page is doing:
        while a run trains, the Train page never reaches its TensorBoard section."""
        while not self._stopped.wait(self._follow_s):
            try:
                self.refresh()
            except OSError:  # the runs folder changing under us: the next round sees it settled
                continue

    def stop(self) -> None:
        """End the process (and its data server) and forget the links."""
        self._stopped.set()
        with self._lock:
            self._end()
            shutil.rmtree(self.view, ignore_errors=True)

    def _end(self) -> None:
        if self._process is not None:
            if self._process.poll() is None:
                self._process.terminate()
                try:
                    self._process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self._process.kill()
                    self._process.wait(timeout=5)
            self._process = None
        if self._log is not None:
            self._log.close()
            Path(self._log.name).unlink(missing_ok=True)
            self._log = None

    def _said(self) -> str:
        """The last lines TensorBoard printed, for the error message."""
        try:
            self._log.flush()
            lines = Path(self._log.name).read_text(errors="replace").strip().splitlines()
        except OSError:
            return ""
        return " / ".join(lines[-3:]) or f"exit status {self._process.poll()}"


class TensorBoardServers:
    """At most MAX_SERVERS TensorBoards, one per owner, all stopped when Python exits."""

    def __init__(self, popen: Callable[..., subprocess.Popen] | None = None, port: int | None = None):
        self._popen, self._preferred = popen, port
        self._servers: dict[str, TensorBoardServer] = {}  # in the order they were started
        self._lock = threading.Lock()
        atexit.register(self.stop_all)

    def get(self, owner: str) -> TensorBoardServer | None:
        """The owner's server if it runs (its links refreshed), else None."""
        with self._lock:
            server = self._servers.get(owner)
        if server is None or not server.running:
            return None
        server.refresh()
        return server

    def start(self, store: RunStore, owner: str) -> TensorBoardServer:
        """The owner's server, started if it is not running (TensorBoardFailed if it will not)."""
        with self._lock:
            server = self._servers.get(owner)
            if server is None:
                if len(self._servers) >= MAX_SERVERS:
                    oldest = next(iter(self._servers))
                    self._servers.pop(oldest).stop()
                popen = self._popen or subprocess.Popen  # looked up now: a test may stand in for it
                server = self._servers[owner] = TensorBoardServer(store, owner, self._preferred, popen)
        server.start()
        return server

    def stop(self, owner: str) -> None:
        with self._lock:
            server = self._servers.pop(owner, None)
        if server is not None:
            server.stop()

    def stop_all(self) -> None:
        with self._lock:
            servers, self._servers = list(self._servers.values()), {}
        for server in servers:
            server.stop()


def _answers(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex((HOST, port)) == 0

