"""The Train page's TensorBoard section under AppTest: closed it costs nothing; open, each tab works in
both languages, lists only the visitor's own runs, and starts TensorBoard only for a visitor at the server."""

from __future__ import annotations

import pytest
from apptest_pages import APP
from streamlit.testing.v1 import AppTest

from core.lessons.tensorboard_events import after_restarts, write_scalars
from core.lessons.tensorboard_server import TensorBoardServers
from core.training.config import TrainConfig
from core.training.runs import RunStore
from core.training.tensorboard_log import EPOCH_TAGS, SAMPLE_TAG, STEP_TAGS
from fake_tensorboard import StandIn

OWNER, OTHER = "tbPageOwner00001", "tbPageOther00002"
TABS = {"en": ["Your runs", "add_scalar", "add_image", "add_images", "add_graph"],
        "zh": ["你的训练", "add_scalar", "add_image", "add_images", "add_graph"]}


@pytest.fixture
def runs(tmp_path, monkeypatch) -> dict[str, str]:
    monkeypatch.setenv("TORCHLAB_RUNS", str(tmp_path / "runs"))
    store = RunStore()
    mine, theirs = store.create(TrainConfig(), OWNER), store.create(TrainConfig(), OTHER)
    for run in (mine, theirs):
        write_scalars(run.tensorboard_dir, [(2, 5)])
    return {"mine": mine.id, "theirs": theirs.id}


def _train_page(lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"], at.query_params["user"] = lang, OWNER
    at.run()
    at.switch_page("pages/train.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _open(at: AppTest, tab: str | None = None) -> AppTest:
    at.session_state["train.tb"] = True
    if tab:
        at.session_state["train.tb.tab"] = tab
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _text(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [e.value for e in at.error]
                     + [i.value for i in at.info] + [w.value for w in at.warning])


def test_closed_it_shows_the_command_and_computes_nothing(runs):
    at = _train_page()
    assert "TensorBoard: what every run logs, and how" in [e.label for e in at.expander]
    assert not at.tabs and any("tensorboard --logdir" in c.value for c in at.caption)


def test_the_runs_tab_lists_what_is_logged_and_only_the_visitors_runs(runs, monkeypatch):
    monkeypatch.setattr("ui.train.tensorboard_runs.tensorboard_servers", lambda: servers)
    servers = TensorBoardServers(popen=StandIn, port=8612)
    at = _open(_train_page())
    assert [tab.label for tab in at.tabs] == TABS["en"]
    tables = {frame.value.columns[0]: frame.value for frame in at.dataframe}
    assert list(tables["Tag"]["Tag"]) == [*STEP_TAGS, *EPOCH_TAGS, SAMPLE_TAG, "(the Graphs tab)"]
    files = "\n".join(tables["File"]["File"])
    assert runs["mine"] in files and runs["theirs"] not in files and "events.out.tfevents." in files
    at.button(key="train.tb.start").click().run()
    assert not at.exception and not at.error
    (server,) = servers._servers.values()
    assert server.running and sorted(p.name for p in server.view.iterdir()) == [runs["mine"]]  # bob's not linked
    assert f"--logdir {server.view}" in _text(at) and at.get("link_button")
    at.button(key="train.tb.stop").click().run()
    assert not server.running and at.button(key="train.tb.start")


def test_a_visitor_who_may_not_name_server_folders_gets_the_command_not_a_button(runs, monkeypatch):
    monkeypatch.setenv("TORCHLAB_FOLDER_PATHS", "0")
    at = _open(_train_page())
    assert not [b for b in at.button if b.key == "train.tb.start"]
    assert "tensorboard --logdir runs --port 6006" in _text(at)
    assert str(RunStore().root) not in _text(at)  # the server's folders are not shown to them


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_tab_works(lang, runs):
    at = _open(_train_page(lang))
    for tab in TABS[lang][1:]:
        _open(at, tab)
        assert at.code, tab  # each shows its plain script
    assert at.get("graphviz_chart")


def test_a_second_run_into_the_same_folder_is_explained_with_the_counts(runs):
    at = _open(_train_page(), "add_scalar")
    at.slider(key="train.tb.steps").set_value(20).run()
    at.toggle(key="train.tb.again").set_value(True).run()
    at.slider(key="train.tb.steps2").set_value(10).run()
    written = [(s, 2.0 * s) for s in range(20)] + [(s, 3.0 * s) for s in range(10)]
    shown = len(after_restarts(written))
    assert f"{len(written)} points" in _text(at)
    assert f"it draws {shown} points, and {len(written) - shown} are gone" in _text(at)


def test_the_wrong_dataformats_shows_the_error_add_image_raises(runs):
    at = _open(_train_page(), "add_image")
    at.selectbox(key="train.tb.photo").set_value("chelsea").run()
    at.radio(key="train.tb.layout").set_value("hwc_uint8").run()
    at.radio(key="train.tb.dataformats").set_value("CHW").run()
    (error,) = at.error
    assert "TypeError: Cannot handle this data type" in error.value and "channels of" in error.value
    at.radio(key="train.tb.dataformats").set_value("HWC").run()
    assert not at.error and not at.warning and "(300, 451, 3)" in _text(at)  # chelsea, stored
    at.radio(key="train.tb.layout").set_value("hwc_float255").run()
    assert not at.error and "came out white" in at.warning[0].value


