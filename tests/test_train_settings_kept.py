"""The Train page's controls come back as they were left: a knob the optimizer or schedule hides keeps its
value (never its slider's minimum), and after a page switch or a reload the controls show the settings of the
run the result panel shows. Every check reads the page as chromium shows it: see `run`."""

import secrets
import threading
from dataclasses import fields

import pytest
from streamlit.testing.v1 import AppTest

import browser_model
import core.training.jobs
from apptest_pages import APP, open_page
from core.training.config import TrainConfig
from core.training.presets import PRESETS
from ui.train.train_controls import PRESET, SETTINGS

FIELDS = {"subset": "train_subset"}  # a control's key without "train." -> its TrainConfig field, where they differ


def controls(at: AppTest) -> list:
    return browser_model.controls(at, "train.")


def run(at: AppTest) -> AppTest:
    """at.run() as chromium sees the Train page's controls (tests/browser_model.py)."""
    return browser_model.run(at, "train.")


def open_train(owner: str) -> AppTest:
    """A browser tab on the Train page; a second one with the same owner is that tab reloaded."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.query_params["user"] = owner  # a reload keeps the URL, and with it the owner of the runs
    at.run()
    at.switch_page("pages/train.py")
    return run(at)


def new_owner() -> str:
    return secrets.token_urlsafe(12)  # 16 characters: a token ui.common.identity accepts from the URL


def set_controls(at: AppTest, **values) -> AppTest:
    for name, value in values.items():
        next(w for w in controls(at) if w.key == f"train.{name}").set_value(value)
    return run(at)


def shown(at: AppTest, *names: str) -> tuple:
    return tuple(next(w for w in controls(at) if w.key == f"train.{name}").value for name in names)


def assert_controls_show(at: AppTest, config: TrainConfig) -> None:
    """Every control drawn shows `config`'s value for its field."""
    drawn = {w.key.removeprefix("train."): w.value for w in controls(at)}
    fields = {FIELDS.get(name, name): value for name, value in drawn.items()}
    differ = {f: (v, getattr(config, f)) for f, v in fields.items() if hasattr(config, f) and v != getattr(config, f)}
    assert not differ, f"shown vs the run's config: {differ}"


def start(at: AppTest):
    at.button(key="train.start").click()
    run(at)
    return at.session_state["train.ticket"]  # holds the config this run trains with


def finish(at: AppTest, ticket) -> AppTest:
    assert ticket.job is not None and ticket.job.join(timeout=120)
    return run(at)  # the live view's "ended" reruns the page


TINY = {"model": "linear", "subset": 1000, "epochs": 1}


@pytest.fixture
def held(monkeypatch):
    """Runs wait at their start until the test lets them go: a page switch or reload lands mid-run."""
    go = threading.Event()
    real_train = core.training.jobs.train

    def train(config, model, stop):
        go.wait(timeout=120)
        yield from real_train(config, model, stop)

    monkeypatch.setattr(core.training.jobs, "train", train)
    yield go
    go.set()


def test_every_setting_has_a_control_and_every_control_is_kept(tmp_path, monkeypatch):
    """A new TrainConfig field needs a control in SETTINGS, and every control keeps its value while hidden."""
    assert set(SETTINGS) == {f.name for f in fields(TrainConfig)} - {"augment_pipeline", "test_subset"}
    monkeypatch.setenv("TORCHLAB_SETS", str(tmp_path))  # "Your pictures" makes this browser a picture set
    at = open_train(new_owner())
    drawn = {}
    for layout in ({"optimizer": "momentum", "schedule": "step"}, {"optimizer": "rmsprop"},
                   {"optimizer": "adam", "schedule": "onecycle"},  # the warm-up share
                   {"dataset": "folder", "model": "resnet18-transfer"}):  # the validation share, the transfer knobs
        set_controls(at, **layout)
        drawn |= {w.key: w.id for w in controls(at) if w.key != "train.pick"}  # the history's own picker
    assert set(drawn) == {*SETTINGS.values(), PRESET}
    scopes = {key: at._session_state._state.get_widget_metadata(id_).persist_state for key, id_ in drawn.items()}
    assert set(scopes.values()) == {"session"}, scopes


def test_adams_betas_come_back_after_an_sgd_run():
    """The user's steps: SGD, Train, wait for the end, Adam: β₁ showed 0.50 and β₂ 0.9000, the sliders'
    minimums, and the next run trained with betas=(0.5, 0.9)."""
    at = set_controls(open_train(new_owner()), **TINY)
    set_controls(at, optimizer="sgd")
    finish(at, start(at))
    set_controls(at, optimizer="adam")
    assert shown(at, "beta1", "beta2") == (0.9, 0.999)
    at.session_state["train.code"] = True  # the plain-PyTorch panel, opened: it builds its code only then
    run(at)
    assert any("betas=(0.9, 0.999)" in c.value for c in at.code), "the code shown trains with them"
    ticket = start(at)
    assert (ticket.config.beta1, ticket.config.beta2) == (0.9, 0.999)
    finish(at, ticket)


@pytest.mark.parametrize("show, knobs, hide", [
    ({"optimizer": "adam"}, {"beta1": 0.8, "beta2": 0.99}, {"optimizer": "sgd"}),
    ({"optimizer": "momentum"}, {"momentum": 0.5}, {"optimizer": "adam"}),
    ({"optimizer": "rmsprop"}, {"alpha": 0.9}, {"optimizer": "sgd"}),
    ({"schedule": "step"}, {"step_size": 3, "gamma": 0.5}, {"schedule": "cosine"}),
], ids=["adam", "momentum", "rmsprop", "step"])
def test_a_hidden_knob_keeps_its_last_value(show, knobs, hide):
    at = set_controls(open_train(new_owner()), **(TINY | {"epochs": 4}))
    set_controls(at, **show)
    set_controls(at, **knobs)
    set_controls(at, **hide)
    set_controls(at, lr=1e-3)  # any other change while the knob is hidden
    set_controls(at, **show)
    assert shown(at, *knobs) == tuple(knobs.values())
    set_controls(at, **hide)
    finish(at, start(at))  # a whole run while it is hidden: the page's lean layout in between
    set_controls(at, **show)
    assert shown(at, *knobs) == tuple(knobs.values())
    ticket = start(at)
    assert {name: getattr(ticket.config, name) for name in knobs} == knobs, "the next run trains with them"
    finish(at, ticket)


def test_the_normalisation_comes_back_when_a_handed_over_normalize_is_cleared():
    at = set_controls(open_train(new_owner()), normalization="0.5")
    at.session_state["train.augment_pipeline"] = [["ToImage", {}], ["ToDtype", {"scale": True}],
                                                  ["Normalize", {"mean": [0.5], "std": [0.5]}]]
    run(at)
    assert "train.normalization" not in [w.key for w in controls(at)], "the pipeline's Normalize decides"
    set_controls(at, lr=1e-3)
    at.button(key="train.clear_pipeline").click()
    run(at)
    assert shown(at, "normalization") == ("0.5",)


def test_a_page_switch_mid_run_brings_the_runs_settings_back(held):
    """The user's steps: RMSprop, lr 0.001, 2 epochs, Train, the Models page, back to Train, the run
    finishes: the controls showed the Fast preset beside the RMSprop run's results."""
    at = set_controls(open_train(new_owner()), **TINY)
    set_controls(at, optimizer="rmsprop", lr=1e-3, epochs=2)
    ticket = start(at)
    at.switch_page("pages/models.py")
    run(at)
    at.switch_page("pages/train.py")
    run(at)
    assert "train.start" not in [b.key for b in at.button], "still training: the lean layout"
    held.set()
    finish(at, ticket)
    assert at.session_state["train.job"] is ticket.job, "the result panel shows this run"
    assert shown(at, "optimizer", "lr", "epochs", "model", "subset") == ("rmsprop", 1e-3, 2, "linear", 1000)
    assert_controls_show(at, ticket.config)


def test_a_reload_mid_run_brings_the_runs_settings_back(held):
    """The user's steps: SGD 0.01, batch 16, Train, reload while it trains: Adam 0.004, 256, 3 came back."""
    owner = new_owner()
    at = set_controls(open_train(owner), **TINY)
    set_controls(at, optimizer="sgd", lr=1e-2, batch_size=16, epochs=5)
    ticket = start(at)
    reloaded = open_train(owner)  # a new session: only the URL's owner is the same
    assert "train.start" not in [b.key for b in reloaded.button], "the running job was found again"
    held.set()
    finish(reloaded, ticket)
    assert reloaded.session_state["train.job"] is ticket.job, "the result panel shows this run"
    assert shown(reloaded, "optimizer", "lr", "batch_size", "epochs") == ("sgd", 1e-2, 16, 5)
    assert_controls_show(reloaded, ticket.config)
    assert reloaded.segmented_control(key="train.preset").value is None, "no preset is this run's recipe"


def test_a_reload_after_the_run_shows_settings_and_results_of_the_same_run():
    """A finished run is not found again after a reload (the scheduler keeps only active ones): the result
    panel shows none, so the controls show the preset, never that run's settings beside no run or the
    reverse."""
    owner = new_owner()
    at = set_controls(open_train(owner), **TINY)
    set_controls(at, optimizer="sgd", lr=1e-2, batch_size=16)
    finish(at, start(at))
    reloaded = open_train(owner)
    if "train.job" in reloaded.session_state:  # a page that shows the run again must show its settings too
        assert_controls_show(reloaded, reloaded.session_state["train.job"].config)
    else:  # as it is: the result panel's hint, and the controls at the Fast preset
        assert any("press Train" in i.value for i in reloaded.info)
        assert_controls_show(reloaded, PRESETS["fast"])


def test_clicking_the_selected_preset_again_keeps_it():
    """The picker sends None when its selected pill is clicked: that switched Seed 000 to Fast."""
    at = open_page("pages/train.py", "en")
    at.segmented_control(key="train.preset").set_value("seed000").run()
    at.segmented_control(key="train.preset").set_value(None).run()
    assert at.segmented_control(key="train.preset").value == "seed000"
    assert at.select_slider(key="train.lr").value == 1e-3 and at.select_slider(key="train.batch_size").value == 512
