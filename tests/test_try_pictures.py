"""AppTest of "Try it, and take it home" for a run on your own pictures: the Train page offers it for such
a run (and only such a run), a picture reads with the page's probabilities and a Grad-CAM, the validation
pictures it got wrong are listed, both downloads are offered (predict.py compiles), and a file that is not
a picture or a run whose folder is gone gives a message, never a traceback."""

import json
import secrets
import shutil
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ui.train.try_pictures
from core.common.i18n import translate
from core.models.checkpoints import load_checkpoint, read_metadata, save_checkpoint
from core.training.runs import Run, RunStore
from core.vision.picture_predict import checkpoint_input, classify

from folder_checkpoint import shapes_checkpoint  # noqa: F401  (fixture)
from shape_folder import own_cache, shapes  # noqa: F401  (fixtures)

APP = "../streamlit_app.py"  # relative to this file, as AppTest resolves it


def picture_run(owner: str, checkpoint: Path, config: dict | None = None) -> Run:
    """A finished run as the page leaves one, its best.pt the given checkpoint."""
    run = Run(RunStore().root / (time.strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_urlsafe(8)))
    run.path.mkdir(parents=True)
    config = config or read_metadata(checkpoint)["config"]
    run.write_info({"id": run.id, "owner": owner, "created": time.time(), "status": "finished", "config": config,
                    "best_acc": 0.5, "epochs_done": 1})
    shutil.copy(checkpoint, run.path / "best.pt")
    shutil.copy(checkpoint.with_suffix(".json"), run.path / "best.json")
    return run


def open_train(owner: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.query_params["user"] = owner
    at.run()
    return checked(at.switch_page("pages/train.py").run())


def checked(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    return " ".join(e.value for kind in ("caption", "info", "success", "warning", "error", "markdown", "code")
                    for e in getattr(at, kind))


def test_the_train_page_offers_try_it_and_both_downloads(shapes_checkpoint, monkeypatch):
    scripts = []
    real = ui.train.try_pictures.predict_script
    monkeypatch.setattr(ui.train.try_pictures, "predict_script", lambda *a: scripts.append(real(*a)) or scripts[-1])
    owner = secrets.token_urlsafe(12)
    run = picture_run(owner, shapes_checkpoint)
    at = open_train(owner)
    assert [e.label for e in at.expander if e.label == "Try it, and take it home"], "offered for a folder run"
    assert not scripts, "nothing is loaded while it is closed"
    at.session_state[f"try-{run.id}"] = True
    at.session_state[f"try.mistakes.{run.id}"] = True
    checked(at.run())
    keys = {b.key for b in at.download_button}
    assert {f"try.dl-pt.{run.id}", f"try.dl-py.{run.id}"} <= keys
    shown = texts(at)
    assert f"python predict.py {run.id}-best.pt picture.jpg" in shown
    assert "It gets every validation picture right." in shown or "→" in shown
    assert len(scripts) == 1 and f"{run.id}-best.pt" in scripts[0]
    compile(scripts[0], "predict.py", "exec")


def test_a_run_on_a_built_in_dataset_has_no_try_it(monkeypatch):
    owner = secrets.token_urlsafe(12)
    run = Run(RunStore().root / (time.strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_urlsafe(8)))
    run.path.mkdir(parents=True)
    run.write_info({"id": run.id, "owner": owner, "created": time.time(), "status": "finished",
                    "config": {"model": "linear", "dataset": "mnist"}, "best_acc": 0.9, "epochs_done": 1})
    at = open_train(owner)
    assert not [e for e in at.expander if e.label == "Try it, and take it home"]


def reading_app(checkpoint: str, picture: str | None, data: bytes | None) -> None:
    from pathlib import Path

    from core.models.checkpoints import load_checkpoint
    from ui.train.try_pictures import render_reading

    render_reading(load_checkpoint(checkpoint), data if data is not None else Path(picture).read_bytes())


def test_a_picture_reads_with_every_class_and_a_grad_cam(shapes_checkpoint, shapes):
    picture = sorted(shapes.rglob("*.png"))[0]
    at = checked(AppTest.from_function(reading_app, args=(str(shapes_checkpoint), str(picture), None),
                                       default_timeout=30).run())
    loaded = load_checkpoint(shapes_checkpoint)
    ranked = classify(loaded.model, checkpoint_input(loaded, picture), loaded.classes)
    assert at.markdown[0].value == f"It looks like **{ranked[0][0]}** ({ranked[0][1]:.0%} sure)."
    assert at.caption[0].value == "; ".join(f"{name}: {p:.1%}" for name, p in ranked)
    (chart,) = at.get("plotly_chart")
    bars = json.loads(chart.proto.spec)
    assert bars["data"][0]["y"] == [name for name, _ in ranked], "a bar per class, the most likely first"
    assert bars["data"][0]["marker"]["color"] == ["#ee4c2c"] + ["#9aa4b1"] * (len(ranked) - 1), "the app's orange"
    assert bars["layout"]["xaxis"]["title"]["text"] == "Probability"
    assert "title" not in bars["layout"]["yaxis"], "no title stood on its end beside the class names"
    images = at.get("image")
    assert len(images) == 2, "what the model saw, and its Grad-CAM"
    assert not at.error


def test_a_file_that_is_not_a_picture_says_so(shapes_checkpoint):
    at = checked(AppTest.from_function(reading_app, args=(str(shapes_checkpoint), None, b"not a picture at all"),
                                       default_timeout=30).run())
    assert len(at.error) == 1 and at.error[0].value
    assert not at.markdown, "no reading for it"


def body_app(run_path: str, mistakes: bool) -> None:
    from pathlib import Path

    import streamlit as st

    from core.training.runs import Run
    from ui.train.try_pictures import render_try_body

    run = Run(Path(run_path))
    st.session_state[f"try.mistakes.{run.id}"] = mistakes
    render_try_body(run)


def test_a_run_whose_pictures_are_gone_says_so(shapes_checkpoint, tmp_path):
    loaded = load_checkpoint(shapes_checkpoint)
    meta = json.loads(json.dumps(loaded.meta))
    meta["config"]["dataset"] = f"folder:{tmp_path / 'gone'}"
    moved = tmp_path / "moved.pt"
    save_checkpoint(moved, loaded.model, loaded.model_name, meta)
    run = picture_run(secrets.token_urlsafe(12), moved)
    at = checked(AppTest.from_function(body_app, args=(str(run.path), True), default_timeout=30).run())
    assert len(at.warning) == 1 and at.warning[0].value, "the folder is gone: said, not raised"
    assert len(at.download_button) == 2, "the model itself can still be taken home"


def test_a_run_whose_checkpoint_is_gone_says_so(shapes_checkpoint):
    run = picture_run(secrets.token_urlsafe(12), shapes_checkpoint)
    shutil.rmtree(run.path)
    at = checked(AppTest.from_function(body_app, args=(str(run.path), False), default_timeout=30).run())
    assert [w.value for w in at.warning] == [translate("en", "try_pictures.no_checkpoint")]
    assert not at.download_button


@pytest.fixture(autouse=True)
def _no_cached_models():
    """Each test loads its own files: a checkpoint path reused by another test is never a stale hit."""
    ui.train.try_pictures._loaded.clear()
    ui.train.try_pictures._mistakes.clear()
