"""AppTest of the Train page: controls, a tiny run from Start to history, a divergent run explained."""

import pytest

from apptest_pages import open_code, open_page


def open_train_page(lang="en"):
    """The page with its plain-PyTorch panel opened (a closed one builds no code: checked here each time)."""
    at = open_page("pages/train.py", lang)
    assert not at.code, "the closed code panel sends no st.code: its highlighter costs a fresh tab"
    return open_code(at, "train.code")


def run_to_the_end(at, **settings):
    at.selectbox(key="train.model").select(settings.get("model", "linear"))
    at.select_slider(key="train.subset").set_value(1000)
    at.slider(key="train.epochs").set_value(1)
    if "optimizer" in settings:
        at.selectbox(key="train.optimizer").select(settings["optimizer"])
    if "lr" in settings:
        at.select_slider(key="train.lr").set_value(settings["lr"])
    if "batch_size" in settings:
        at.select_slider(key="train.batch_size").set_value(settings["batch_size"])
    at.button(key="train.start").click().run()
    job = at.session_state["train.job"]
    assert job.join(timeout=120)
    return at.run()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_control_is_there(lang):
    at = open_train_page(lang)
    for key in ("train.model", "train.dataset", "train.optimizer", "train.device"):
        assert at.selectbox(key=key).options
    for key in ("train.lr", "train.batch_size", "train.weight_decay", "train.subset"):
        assert at.select_slider(key=key).options
    assert at.radio(key="train.schedule").options and at.toggle(key="train.augment") is not None
    at.selectbox(key="train.optimizer").select("momentum").run()
    assert at.slider(key="train.momentum").value == 0.9
    at.radio(key="train.schedule").set_value("step").run()
    assert at.number_input(key="train.step_size").value == 1
    assert not at.exception


def test_a_tiny_run_completes_and_lands_in_history():
    at = run_to_the_end(open_train_page())
    assert not at.exception
    assert "Finished 1 epoch" in at.success[0].value
    assert not at.button(key="train.start").disabled
    assert "train.stop" not in [b.key for b in at.button], "Stop is only there while a run trains"
    history = at.dataframe[0].value
    assert history.iloc[0]["status"] == "finished" and history.iloc[0]["model"] == "linear"
    assert any("def train" in c.value or "optimizer" in c.value for c in at.code), "the training loop is shown"


def test_a_divergent_run_says_why_and_what_to_try():
    at = run_to_the_end(open_train_page(), model="convnet", optimizer="sgd", lr=10.0, batch_size=32)
    assert not at.exception
    message = at.error[0].value
    assert "NaN" in message or "infinite" in message or "exploded" in message
    assert "Try a learning rate of 0.1" in message, "advice that trains (lr 1, 10× smaller, leaves it dead)"
    assert "0.01–0.1" in message
    assert not at.success


def test_a_run_that_learned_nothing_is_no_success_and_says_what_helps():
    """SGD at lr 1 kept every test digit at "1" (11%, a flat loss) under a green "Finished"."""
    at = run_to_the_end(open_train_page(), model="convnet", optimizer="sgd", lr=1.0, batch_size=32)
    assert not at.exception
    assert not at.success, [s.value for s in at.success]
    message = " ".join(w.value for w in at.warning) + " ".join(e.value for e in at.error)
    assert "learned nothing" in message or "barely learned" in message or "exploded" in message, message
    assert "0.1" in message


def test_the_progress_line_says_how_a_stopped_run_ended_not_the_time_left():
    at = open_train_page()
    at.select_slider(key="train.subset").set_value(1000)
    at.button(key="train.start").click().run()
    at.button(key="train.stop").click().run()
    assert at.session_state["train.job"].join(timeout=60)
    at.run()
    line = at.get("progress")[0].proto.text
    assert "left" not in line and "stopped" in line, line
    assert " 0 samples/s" not in line, "no speed was measured"


def test_presets_fill_the_controls_and_say_when_changed():
    at = open_train_page()
    assert at.select_slider(key="train.lr").value == 4e-3  # first visit: the fast preset
    assert at.radio(key="train.schedule").value == "cosine" and at.select_slider(key="train.batch_size").value == 256
    assert not [c for c in at.caption if "Changed from" in c.value]
    at.segmented_control(key="train.preset").set_value("seed000").run()
    assert at.select_slider(key="train.lr").value == 1e-3
    assert at.radio(key="train.schedule").value == "constant" and at.select_slider(key="train.batch_size").value == 512
    at.select_slider(key="train.lr").set_value(2e-3).run()
    assert [c for c in at.caption if "Changed from" in c.value and "Seed 000" in c.value]
    at.segmented_control(key="train.preset").set_value("shipped").run()
    assert at.slider(key="train.epochs").value == 15 and at.toggle(key="train.augment").value
    assert at.selectbox(key="train.precision").value == "fp32"
    assert not at.exception and not at.warning


def test_while_training_the_page_is_lean_and_the_settings_survive():
    at = open_train_page()
    at.selectbox(key="train.model").select("linear")
    at.select_slider(key="train.subset").set_value(1000)
    at.select_slider(key="train.lr").set_value(2e-3)
    at.selectbox(key="train.optimizer").select("momentum").run()
    at.slider(key="train.momentum").set_value(0.8)
    at.number_input(key="train.seed").set_value(7)
    at.slider(key="train.epochs").set_value(2)
    at.button(key="train.start").click().run()
    job = at.session_state["train.job"]
    assert "train.start" not in [b.key for b in at.button] and at.button(key="train.stop") is not None
    assert not at.select_slider, "the controls are hidden while it trains"
    assert any("linear" in m.value and "momentum" in m.value.lower() for m in at.markdown), "the run summary"
    assert job.join(timeout=120)
    at.run()
    assert not at.exception
    assert at.select_slider(key="train.lr").value == 2e-3 and at.slider(key="train.momentum").value == 0.8
    assert at.number_input(key="train.seed").value == 7 and at.slider(key="train.epochs").value == 2
    assert at.selectbox(key="train.model").value == "linear" and at.select_slider(key="train.subset").value == 1000
    assert (job.config.lr, job.config.momentum, job.config.seed) == (2e-3, 0.8, 7)


def test_when_every_slot_is_busy_the_run_waits_in_line_and_can_leave():
    from core.training.config import TrainConfig
    from ui.train.train_queue import shared_scheduler

    scheduler = shared_scheduler()  # the same process-wide queue the page uses
    long_run = TrainConfig(model="linear", train_subset=0, epochs=5, batch_size=16)
    others = [scheduler.submit(long_run, f"other-{i}") for i in range(scheduler.limits.max_jobs)]
    try:
        at = open_train_page()
        at.select_slider(key="train.subset").set_value(1000)
        at.slider(key="train.epochs").set_value(1)
        at.button(key="train.start").click().run()
        assert not at.exception
        assert "Number 1 in line" in at.info[0].value, "the place in line is shown"
        assert "train.start" not in [b.key for b in at.button], "no second Train while waiting"
        at.button(key="train.stop").click().run()  # Leave
        assert at.button(key="train.start") is not None and not at.info[0].value.startswith("**Number")
        assert scheduler.status().queued == 0, "leaving frees the place"
    finally:
        for ticket in others:
            scheduler.leave(ticket)
            ticket.job.join(timeout=30)


def test_seed000_as_written_says_what_it_costs_and_offers_the_fast_recipe_beside_it():
    at = open_train_page()
    at.segmented_control(key="train.preset").set_value("seed000").run()
    assert at.slider(key="train.epochs").value == 20 and at.selectbox(key="train.precision").value == "fp32"
    note = next(c.value for c in at.caption if "as written" in c.value)
    assert "20 epochs in fp32" in note and "minutes on 2 CPU cores" in note
    assert not [c for c in at.caption if "Changed from" in c.value] and not at.warning
    at.button(key="train.seed000_fast").click().run()  # same ConvNet, TorchLab's recipe
    assert at.segmented_control(key="train.preset").value == "fast"
    assert at.slider(key="train.epochs").value == 3 and at.select_slider(key="train.lr").value == 4e-3
    assert not [c for c in at.caption if "as written" in c.value] and not at.exception


def test_a_preset_this_server_cuts_short_says_so(monkeypatch):
    from ui.train.train_queue import shared_scheduler

    monkeypatch.setenv("TORCHLAB_MAX_EPOCHS", "5")
    shared_scheduler.clear()  # the server reads its limits once, when its queue is made
    try:
        at = open_train_page()
        at.segmented_control(key="train.preset").set_value("seed000").run()
        assert at.slider(key="train.epochs").value == 5
        warning = at.warning[0].value
        assert "at most 5 epochs" in warning and "asks for 20" in warning and "stops after 5" in warning
        assert not [c for c in at.caption if "Changed from" in c.value], "the warning says what changed"
        at.segmented_control(key="train.preset").set_value("fast").run()  # 3 epochs: nothing cut
        assert not at.warning and not at.exception
    finally:
        shared_scheduler.clear()


def test_normalisation_is_chosen_and_reaches_the_run_its_records_and_its_code():
    at = open_train_page()
    assert at.radio(key="train.normalization").value == "dataset"
    at.radio(key="train.normalization").set_value("0.5").run()
    assert [c for c in at.caption if "Changed from" in c.value], "no preset normalises with 0.5"
    assert any("mean, std = (0.5,), (0.5,)" in c.value for c in at.code)
    at = run_to_the_end(at)
    assert not at.exception and at.radio(key="train.normalization").value == "0.5"
    job = at.session_state["train.job"]
    assert job.config.normalization == "0.5"
    assert job.run.read_info()["config"]["normalization"] == "0.5"


def test_a_handed_over_normalize_is_the_runs_normalisation():
    at = open_train_page()
    at.session_state["train.augment_pipeline"] = [["RandomRotation", {"degrees": 10.0}], ["ToImage", {}],
                                                  ["ToDtype", {"scale": True}],
                                                  ["Normalize", {"mean": [0.5], "std": [0.5]}]]
    at.run()
    assert "train.normalization" not in [r.key for r in at.radio], "the pipeline decides"
    note = at.info[0].value
    assert "Normalize(mean=0.5, std=0.5) is this run's normalisation" in note and "ToDtype is left out" in note
    assert any("mean, std = (0.5,), (0.5,)" in c.value for c in at.code)
    at.session_state["train.augment_pipeline"] = [["ToImage", {}], ["ToDtype", {"scale": True}],
                                                  ["Normalize", {"mean": [0.5, 0.5, 0.5], "std": [0.2, 0.2, 0.2]}]]
    at.run()
    assert any("3 values" in w.value for w in at.warning) and at.button(key="train.start").disabled
    assert not at.exception
