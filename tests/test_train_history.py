"""AppTest of the Train page's "Your runs": the chips and the chart show the same runs, accuracy axes stay
inside 0..100%, Delete asks first, no cell reads None, every setting has a column, optimizers read as
people write them. Runs are written straight into TORCHLAB_RUNS (fast) except the one a test trains."""

import json
import secrets
import time

import pytest
from streamlit.testing.v1 import AppTest

from core.common.i18n import catalog, translate
from core.training.config import TrainConfig
from core.training.runs import Run, RunStore

APP = "../streamlit_app.py"  # relative to this file, as AppTest resolves it


def new_owner() -> str:
    return secrets.token_urlsafe(12)  # 16 characters: a token ui.common.identity accepts from the URL


def open_history(owner: str, lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.query_params["user"] = owner  # this browser's runs, as a refreshed page finds them
    at.run()
    at.switch_page("pages/train.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def past_run(owner: str, minutes_ago: float, accuracies=(0.9,), status="finished", **settings) -> Run:
    """A run as the page leaves one, started `minutes_ago` (its id sorts by that time, as a real one does)."""
    created = time.time() - 60 * minutes_ago
    run = Run(RunStore().root / (time.strftime("%Y%m%d-%H%M%S", time.localtime(created)) + "-"
                                 + secrets.token_urlsafe(8)))
    run.path.mkdir(parents=True)
    config = TrainConfig(**{"model": "linear", "epochs": len(accuracies) or 1, **settings})
    best = max(accuracies) if accuracies else None  # NaN when a run's only evaluation was NaN
    run.write_info({"id": run.id, "owner": owner, "created": created, "status": status, "config": config.to_dict(),
                    "best_acc": best, "epochs_done": len(accuracies)})
    with run.metrics_log() as append:
        for epoch, acc in enumerate(accuracies, 1):
            append({"event": "epoch", "epoch": epoch, "test_acc": acc})
    return run


def chips_shown(at: AppTest) -> list[str]:
    """The labels a browser shows in "Compare runs" when the widget mounts again after the training
    layout hid it: the values the server sends with it, else the widget's default."""
    proto = at.multiselect(key="train.compare").proto
    return list(proto.raw_values) if proto.set_value else [proto.options[i] for i in proto.default]


def compare_chart(at: AppTest) -> dict:
    return next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if "train-history-chart" in c.proto.id)


def history_table(at: AppTest):
    return at.dataframe[0].value


def test_after_a_run_the_chart_plots_the_runs_its_chips_show():
    owner = new_owner()
    for minutes, acc in ((30, 0.5), (20, 0.6), (10, 0.7)):
        past_run(owner, minutes, (acc,))
    at = open_history(owner)
    assert [t["name"] for t in compare_chart(at)["data"]] == chips_shown(at)
    at.selectbox(key="train.model").select("linear")
    at.select_slider(key="train.subset").set_value(1000)
    at.slider(key="train.epochs").set_value(1)
    at.button(key="train.start").click().run()  # the lean training layout: no history drawn
    assert at.session_state["train.job"].join(timeout=120)
    at.run()  # the run ended: the page comes back with the history
    assert not at.exception
    chips, traces = chips_shown(at), [t["name"] for t in compare_chart(at)["data"]]
    assert traces == chips, "the chart plots exactly the runs its chips show"
    newest = at.session_state["train.job"].run.id
    assert len(chips) == 3 and at.multiselect(key="train.compare").value[0] == newest, "the new run is compared"
    assert at.selectbox(key="train.pick").value == newest, "the picker (and its Delete) act on the new run"


def test_chips_edited_by_hand_keep_their_runs_and_the_chart_follows():
    owner = new_owner()
    runs = [past_run(owner, minutes, (acc,)) for minutes, acc in ((30, 0.5), (20, 0.6), (10, 0.7))]
    at = open_history(owner)
    at.multiselect(key="train.compare").set_value([runs[0].id]).run()
    assert [t["name"] for t in compare_chart(at)["data"]] == chips_shown(at) and len(chips_shown(at)) == 1
    late = past_run(owner, 1, (0.8,))  # a run that ended meanwhile joins the learner's choice
    at.run()
    assert at.multiselect(key="train.compare").value == [late.id, runs[0].id]
    assert [t["name"] for t in compare_chart(at)["data"]] == chips_shown(at)


def test_accuracy_axis_stays_inside_0_to_100_and_zooms_to_one_epoch():
    owner = new_owner()
    past_run(owner, 5, (0.5,))
    layout = compare_chart(open_history(owner))["layout"]
    assert "range" in layout["yaxis"], "left to Plotly, one point at 50% gets an axis from −50% to 150%"
    low, high = layout["yaxis"]["range"]
    assert 0 <= low < 0.5 < high <= 1 and high - low <= 0.1, "zoomed on the one point, inside 0..100%"
    assert layout["xaxis"]["range"][0] < 1 < layout["xaxis"]["range"][1] <= 2


def test_delete_asks_first_and_removes_the_files_only_when_confirmed():
    owner = new_owner()
    keep, doomed = past_run(owner, 20), past_run(owner, 10)
    at = open_history(owner)
    assert at.selectbox(key="train.pick").value == doomed.id
    at.button(key=f"del-{doomed.id}").click().run()
    assert doomed.path.exists() and doomed.id in [r.id for r in RunStore().list(owner)], "nothing gone yet"
    label = at.selectbox(key="train.pick").format_func(doomed.id)
    assert any(label in m.value and "removed from this server for good" in m.value for m in at.markdown)
    at.button(key="train.delete_cancel").click().run()
    assert doomed.path.exists() and "train.delete_confirm" not in [b.key for b in at.button], "kept, dialog closed"
    at.button(key=f"del-{doomed.id}").click().run()
    at.button(key="train.delete_confirm").click().run()
    assert not at.exception
    assert not doomed.path.exists() and keep.path.exists()
    assert [r.id for r in RunStore().list(owner)] == [keep.id]
    assert at.multiselect(key="train.compare").value == [keep.id] and at.selectbox(key="train.pick").value == keep.id
    assert any("Deleted the run" in toast.value for toast in at.toast)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_cell_reads_none_or_nan(lang):
    owner = new_owner()
    past_run(owner, 30, (), status="diverged", optimizer="sgd", lr=10.0)
    past_run(owner, 20, (float("nan"),), status="diverged")
    legacy = past_run(owner, 10, (0.9,))
    info = legacy.read_info()
    for name in ("batch_size", "normalization", "seed", "schedule", "train_subset"):
        del info["config"][name]  # a run from before TorchLab recorded these
    legacy.write_info(info)
    at = open_history(owner, lang)
    assert not at.exception
    table = history_table(at)
    for header in table.columns:
        for cell in table[header]:
            assert cell is not None and cell == cell, (header, cell)  # None, or NaN (the one value unequal to itself)
            assert str(cell).strip().lower() not in ("", "none", "nan", "null") and "nan" not in str(cell), (header, cell)
    best = table[translate(lang, "train_page.col_best")]
    assert best.iloc[2] == translate(lang, "train_page.no_eval_diverged")
    assert best.iloc[1] == translate(lang, "train_page.no_eval_diverged"), "NaN is no accuracy"
    chips = at.multiselect(key="train.compare")
    blank = translate(lang, "common.list_separator").join(chips.format_func(r) for r in chips.value[1:])
    assert translate(lang, "train_page.compare_no_points", runs=blank) in [c.value for c in at.caption]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_setting_that_tells_runs_apart_has_a_column_with_one_style_of_header(lang):
    owner = new_owner()
    past_run(owner, 20, (0.9, 0.95), batch_size=64, lr=1e-3, normalization="0.5", seed=7)
    past_run(owner, 10, (0.97,), batch_size=512, epochs=3, status="stopped")
    table = history_table(open_history(owner, lang))
    headers = list(table.columns)
    if lang == "en":
        assert all(h == h.lower() for h in headers), headers
    else:
        assert not [h for h in headers if any(c.isascii() and c.isalpha() for c in h)], headers
    for key in ("col_run", "col_model", "col_dataset", "col_optimizer", "col_lr", "col_schedule", "col_batch",
                "col_epochs", "col_normalization", "col_seed", "col_best", "col_status"):
        assert catalog(lang).get(f"train_page.{key}") in headers, key
    row = dict(zip(headers, table.iloc[1]))
    assert row[translate(lang, "train_page.col_batch")] == "64" and row[translate(lang, "train_page.col_lr")] == "0.001"
    assert row[translate(lang, "train_page.col_epochs")] == "2" and row[translate(lang, "train_page.col_seed")] == "7"
    stopped = dict(zip(headers, table.iloc[0]))
    assert stopped[translate(lang, "train_page.col_epochs")] == translate(lang, "train_page.epochs_of",
                                                                           done=1, planned=3)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_optimizers_read_as_people_write_them(lang):
    owner = new_owner()
    for minutes, optimizer in enumerate(("sgd", "momentum", "rmsprop", "adam", "adamw"), 1):
        past_run(owner, 10 * minutes, optimizer=optimizer)
    at = open_history(owner, lang)
    names = [translate(lang, f"train_page.opt_{o}") for o in ("sgd", "momentum", "rmsprop")]  # the newest three
    assert list(history_table(at)[translate(lang, "train_page.col_optimizer")]) == [
        translate(lang, f"train_page.opt_{o}") for o in ("sgd", "momentum", "rmsprop", "adam", "adamw")]
    for label, name in zip(chips_shown(at), names):
        assert f"· {name} 0.004" in label, label
    pick = at.selectbox(key="train.pick")
    assert f"· {translate(lang, 'train_page.opt_sgd')} 0.004" in pick.format_func(pick.value)
    text = " ".join([str(at.multiselect(key="train.compare").proto.options), str(compare_chart(at)["data"])])
    for lowercase in ("· adam ", "· sgd ", "· momentum ", "· rmsprop ", "· adamw "):
        assert lowercase not in text


def test_which_runs_are_compared():
    from ui.train.run_compare import compared_runs

    ids = ["e", "d", "c", "b", "a"]  # newest first
    assert compared_runs(ids, [], None, False) == ["e", "d", "c"], "a first visit: the newest three"
    assert compared_runs(ids, ["e"], ["d", "c", "b"], False) == ["e", "d", "c"], "untouched chips follow the newest"
    assert compared_runs(ids, ["e"], ["b", "zz"], True) == ["e", "b"], "hand-picked: kept, gone ones dropped, new added"
    assert compared_runs(ids, [], [], True) == [], "emptied by hand stays empty"


def test_the_downloaded_config_leaves_out_the_private_owner_token(monkeypatch):
    """config.json was offered as stored, with the per-browser token from the URL that opens its owner's runs."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    downloads = {}
    store = MemoryMediaFileStorage.load_and_get_id

    def kept(self, path_or_data, mimetype, kind, filename=None):
        downloads[filename] = path_or_data
        return store(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", kept)
    owner = new_owner()
    run = past_run(owner, 5, (0.9,))
    open_history(owner)
    config = downloads[f"{run.id}-config.json"]
    text = config.decode() if isinstance(config, bytes) else config
    assert owner not in text
    assert json.loads(text)["config"]["model"] == "linear", "the rest of the run's config is all there"
