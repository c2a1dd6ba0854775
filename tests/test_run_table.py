"""ui.train.run_table: a run on your pictures names its set as you named it (a server folder by its last
two folders, a deleted set as such), never by the `folder:/…/sets/<id>` path its config keeps."""

import secrets
import time

from streamlit.testing.v1 import AppTest

from core.data.picture_sets import PictureSets
from core.training.runs import RunSummary


def run_on(dataset: str, model: str = "cifar-net", weights: str = "random") -> RunSummary:
    config = {"dataset": dataset, "model": model, "weights": weights, "normalization": "dataset", "epochs": 1}
    return RunSummary(secrets.token_hex(4), model, dataset, "adam", 0.001, 1, 0.5, "finished", time.time(), config)


def table_app(owner: str, runs: list) -> None:
    import streamlit as st

    from ui.train.run_table import render_run_table

    st.session_state["user"] = owner  # ui.common.identity's key: this browser's owner token
    render_run_table(runs)


def test_a_picture_run_is_named_by_its_set_and_a_server_folder_by_a_short_path():
    owner, store = secrets.token_urlsafe(12), PictureSets()
    mine = store.create(owner, "Cats and dogs")
    gone = store.create(owner, "Gone soon")
    store.delete(owner, gone.id)
    runs = [run_on(mine.dataset), run_on(mine.dataset, "resnet18-transfer", "torchvision"),
            run_on("folder:/srv/data/photos/pets"), run_on(gone.dataset), run_on("mnist", "convnet")]
    try:
        at = AppTest.from_function(table_app, args=(owner, runs), default_timeout=30).run()
    finally:
        store.delete(owner, mine.id)
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    assert list(table["dataset"]) == ["Cats and dogs", "Cats and dogs", "…/photos/pets", "a deleted picture set",
                                      "MNIST"]
    assert list(table["normalisation"])[:2] == ["Cats and dogs's mean/std", "ImageNet's mean/std"], \
        "a pretrained backbone is fed ImageNet's numbers"
