"""TensorBoard started for one owner: it sees that owner's runs and nobody else's, starts and stops
cleanly, says why when it cannot start; and the lesson's "what TensorBoard shows" is what it shows."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import pytest

from core.common.i18n import LocalizedError
from core.lessons.tensorboard_events import after_restarts, write_scalars
from core.lessons.tensorboard_server import (
    TensorBoardServer,
    TensorBoardServers,
    link_runs,
    owner_events,
    server_command,
    shown_command,
)
from core.training.config import TrainConfig
from core.training.runs import RunStore
from fake_tensorboard import StandIn

PORT = 8611  # this test's own: TensorBoard moves to a free one if it is taken


def _store_with_runs(tmp_path, scenarios: dict[str, list[tuple[float, int]]]) -> tuple[RunStore, dict]:
    """Runs of "alice" (one per scenario, its events written as the scenario says) and one of "bob"."""
    store, written = RunStore(tmp_path / "runs"), {}
    for scenario in scenarios.values():
        run = store.create(TrainConfig(), "alice")
        written[run.id] = write_scalars(run.tensorboard_dir, scenario)
    bob = store.create(TrainConfig(), "bob")
    write_scalars(bob.tensorboard_dir, [(7, 3)])
    return store, {"written": written, "bob": bob.id}


def test_the_links_hold_the_owners_runs_and_follow_them(tmp_path):
    store, made = _store_with_runs(tmp_path, {"once": [(2, 3)], "twice": [(2, 3), (3, 2)]})
    view = tmp_path / "view"
    names = link_runs(view, owner_events(store, "alice"))
    assert names == sorted(made["written"]) and made["bob"] not in names
    assert {p.name for p in view.iterdir()} == set(names)
    for name in names:
        assert (view / name).resolve() == (store.root / name / "tensorboard").resolve()
    assert [len(run.files) for run in owner_events(store, "alice")] in ([1, 2], [2, 1])  # one file per writer
    gone = names[0]
    store.delete(gone, "alice")
    assert link_runs(view, owner_events(store, "alice")) == names[1:] and not (view / gone).exists()
    assert owner_events(store, "carol") == [] and link_runs(tmp_path / "empty", []) == []


class _Broken(StandIn):
    def __init__(self, command, stdout=None, **_):
        stdout.write(b"E0101 tensorboard: something went wrong\n")
        stdout.flush()
        self.command, self.returncode = command, 1


def test_start_runs_the_command_once_per_owner_and_stop_ends_it(tmp_path):
    store, _ = _store_with_runs(tmp_path, {"once": [(2, 3)]})
    started = []
    servers = TensorBoardServers(popen=lambda command, **kw: started.append(StandIn(command, **kw)) or started[-1],
                                 port=PORT)
    server = servers.start(store, "alice")
    assert server.running and servers.get("alice") is server and servers.get("bob") is None
    assert servers.start(store, "alice") is server and len(started) == 1  # once, however often asked
    command = started[0].command
    assert command == server_command(server.view, server.port)
    assert command[1:3] == ["-m", "tensorboard.main"] and command[command.index("--host") + 1] == "127.0.0.1"
    assert command[command.index("--logdir") + 1] == str(server.view)  # the owner's links, not the runs folder
    assert server.url == f"http://127.0.0.1:{server.port}/"
    assert server.command == shown_command(server.view, server.port, "127.0.0.1")
    view = server.view
    servers.stop_all()
    assert not server.running and started[0].returncode == -15 and not view.exists()
    assert servers.get("alice") is None


def test_runs_made_while_it_runs_are_linked_without_the_page(tmp_path):
    """While a run trains the Train page never draws its TensorBoard section: the links follow anyway."""
    store, made = _store_with_runs(tmp_path, {"once": [(2, 3)]})
    server = TensorBoardServer(store, "alice", PORT, popen=StandIn, follow_s=0.05)
    server.start()
    try:
        new = store.create(TrainConfig(), "alice").id
        store.create(TrainConfig(), "bob")
        _wait_for(lambda: list(server.view.iterdir()), 2, timeout_s=10)
        assert sorted(p.name for p in server.view.iterdir()) == sorted([*made["written"], new])  # not bob's
    finally:
        server.stop()
    assert not server.view.exists()


def test_a_tensorboard_that_will_not_start_says_why(tmp_path):
    store, _ = _store_with_runs(tmp_path, {"once": [(2, 3)]})
    server = TensorBoardServer(store, "alice", PORT, popen=_Broken)
    with pytest.raises(LocalizedError) as failed:
        server.start()
    assert "something went wrong" in failed.value.render("en") and not server.running
    assert "TensorBoard 没有启动" in failed.value.render("zh")
    server.stop()


def _get(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


def _wait_for(read, count: int, timeout_s: float = 20.0):
    """What `read` returns once it holds `count` items: TensorBoard answers before it has read every folder."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            found = read()
        except urllib.error.HTTPError:  # a run or tag it has not read yet
            found = []
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def test_a_real_tensorboard_shows_the_owners_runs_alone_as_the_lesson_says(tmp_path):
    """A real TensorBoard 2.21 (about 3 s): bob's run is not in it, and each scalar curve is
    `after_restarts` of the points written, however the writes went back and forth."""
    scenarios = {"rerun shorter": [(2, 10), (3, 5)], "rerun longer": [(2, 5), (3, 10)], "once": [(1, 6)],
                 "three times": [(1, 8), (2, 3), (3, 6)]}
    store, made = _store_with_runs(tmp_path, scenarios)
    server = TensorBoardServer(store, "alice", PORT)
    try:
        server.start()
        runs = _wait_for(lambda: _get(f"{server.url}data/runs"), len(made["written"]))
        assert sorted(runs) == sorted(made["written"]) and made["bob"] not in runs
        for run_id, demo in made["written"].items():
            points = _wait_for(lambda: _get(f"{server.url}data/plugin/scalars/scalars?run={run_id}&tag=y%3D2x"),
                               len(demo.shown))
            assert [(step, value) for _, step, value in points] == demo.shown == after_restarts(demo.written)
    finally:
        server.stop()
    assert not server.running
    with pytest.raises(OSError):
        _get(f"{server.url}data/runs")
