"""Every page's controls come back as they were left: after runs that did not draw them (an option that hides
them) and after a visit to another page. Every check reads the page as chromium shows it (tests/browser_model.py):
AppTest alone reads values from session state and would not see a control come back empty or at its minimum."""

import pytest
from streamlit.testing.v1 import AppTest

from core.common.i18n import translate

from apptest_pages import APP
from browser_model import controls, run, switch

PAGES = ("data", "transforms", "tensors", "autograd", "losses", "optimizers", "inside", "models", "save_load",
         "draw")  # and Devices: its first tab holds no control, its other tabs are LAZY_TABS
# Not kept by persist_state: the sidebar's language (the URL keeps it), a Transforms step's widgets (they take
# their value= from the pipeline, which session state keeps), the drawing canvas's pen width (ui/draw/draw_canvas.py).
NOT_KEPT_HERE = ("language_switch", "draw.stroke", "inside.stroke")


TABS = {"inside": ("inside.tab", "inside.tab_"), "optimizers": ("optimizers.tab", "optimizers_page.tab_"),
        "autograd": ("autograd.tab", "autograd_page.tabs."), "save_load": ("save_load.tab", "save_load_page.tabs."),
        "devices": ("devices.tab", "devices_page.tabs."), "data": ("data.tab", "data.tab_"), "losses": ("losses.tab", "losses_page.tab_"),
        "tensors": ("tensors.tab", "tensors_page.tabs.")}


def open_page(page: str, tab: str | None = None) -> AppTest:
    """The page; with `tab`, its tab of that name opened (pages with lazy tabs: only the open tab runs)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    switch(at, f"pages/{page}.py")
    if tab:
        key, label = TABS[page]
        at.session_state[key] = translate("en", label + tab)
        run(at)
    return at


def shown(at: AppTest, *keys: str):
    """What the page shows in the controls `keys` (one value for one key, else a tuple)."""
    drawn = {w.key: w.value for w in controls(at)}
    values = tuple(drawn.get(key, "(not drawn)") for key in keys)
    return values[0] if len(keys) == 1 else values


def set_controls(at: AppTest, values: dict) -> AppTest:
    """One change per run, in order, as a person makes them."""
    for key, value in values.items():
        next(w for w in controls(at) if w.key == key).set_value(value)
        run(at)
    return at


def away_and_back(at: AppTest, page: str) -> AppTest:
    switch(at, "pages/home.py")
    return switch(at, f"pages/{page}.py")


def _is_step_widget(key: str) -> bool:
    return key.startswith("tf.") and key.split(".")[1].isdigit()  # tf.<step id>.<param>


LAZY_TABS = ("data:loader", "inside:kernels", "inside:lab", "optimizers:surface", "autograd:retain", "autograd:reduce",
             "autograd:vector_w", "autograd:freeze", "save_load:strict", "save_load:checkpoint", "save_load:inplace",
             "devices:move", "devices:timing", "devices:parallel", "losses:classification", "losses:binary",
             "tensors:broadcast", "tensors:index", "tensors:fresh", "tensors:numpy")  # save_load:upload holds an uploader alone


@pytest.mark.parametrize("page", [*PAGES, *LAZY_TABS])
def test_every_control_is_kept_for_the_session(page):
    """A new control must be registered with persist_state="session" too, or it comes back wrong."""
    at = open_page(*page.split(":"))
    drawn = {w.key: w.id for w in controls(at) if w.key not in NOT_KEPT_HERE and not _is_step_widget(w.key)}
    scopes = {key: at._session_state._state.get_widget_metadata(id_).persist_state for key, id_ in drawn.items()}
    assert drawn and set(scopes.values()) == {"session"}, scopes


def test_data_split_comes_back_after_a_folder():
    """The reported steps: Split to Test, Folder, another folder size, MNIST: the split showed nothing selected,
    and the batch size its slider's minimum."""
    at = set_controls(open_page("data", "loader"), {"data.train": False, "data.name": "folder", "data.folder_size": 64})
    set_controls(at, {"data.name": "mnist"})
    assert shown(at, "data.train", "data.batch_size") == (False, 64)
    run(at)  # what the browser sends back is what the next run uses
    assert {m.label: m.value for m in at.metric}["Samples per epoch"] == "10,000", "the test split"
    set_controls(at, {"data.name": "folder"})
    assert shown(at, "data.folder_size") == 64


def test_data_validation_share_comes_back_after_another_sampler():
    at = set_controls(open_page("data", "loader"), {"data.sampler": "subset", "data.valid": 0.3})
    set_controls(at, {"data.sampler": "default", "data.drop_last": True})
    set_controls(at, {"data.sampler": "subset"})
    assert shown(at, "data.valid") == 0.3


def test_transforms_photo_comes_back_after_a_dataset_picture():
    """Photo "Cat", Dataset, another index, Photo: no photo was selected, and the next run failed."""
    at = set_controls(open_page("transforms"), {"tf.photo": "chelsea", "tf.source": "dataset", "tf.index": 3})
    set_controls(at, {"tf.source": "photo"})
    assert shown(at, "tf.photo") == "chelsea"
    run(at)
    set_controls(at, {"tf.source": "dataset"})
    assert shown(at, "tf.index") == 3


def test_transforms_seed_comes_back_after_waiting_for_an_upload():
    """The results (and their seed) are not drawn while an upload is awaited."""
    at = set_controls(open_page("transforms"), {"tf.fixed": True, "tf.seed": 5})
    set_controls(at, {"tf.source": "upload", "tf.add_choice": "Grayscale"})
    set_controls(at, {"tf.source": "photo"})
    assert shown(at, "tf.fixed", "tf.seed") == (True, 5)


def test_each_loss_surface_keeps_its_own_settings():
    """Rosenbrock's lr and steps, another surface for two runs, Rosenbrock: both sliders showed their minimums."""
    at = set_controls(open_page("optimizers", "surface"), {"optimizers.surface_lr.rosenbrock": 0.001,
                                                           "optimizers.steps.rosenbrock": 100,
                                                           "optimizers.surface": "saddle", "optimizers.steps.saddle": 60})
    set_controls(at, {"optimizers.surface": "rosenbrock"})
    assert shown(at, "optimizers.surface_lr.rosenbrock", "optimizers.steps.rosenbrock") == (0.001, 100)
    set_controls(at, {"optimizers.surface": "saddle"})
    assert shown(at, "optimizers.steps.saddle") == 60


def test_the_conv_labs_pool_keeps_its_knobs_while_conv_is_shown():
    at = set_controls(open_page("inside", "lab"), {"inside.lab.kind": "pool", "inside.lab.pool.kernel": 2,
                                                   "inside.lab.ceil_mode": False})
    set_controls(at, {"inside.lab.kind": "conv", "inside.lab.out_channels": 3})
    set_controls(at, {"inside.lab.kind": "pool"})
    assert shown(at, "inside.lab.pool.kernel", "inside.lab.ceil_mode") == (2, False)


def test_a_torchvision_models_surgery_comes_back_after_another_model():
    at = set_controls(open_page("models"), {"models.model": "resnet18", "models.surgery": "append",
                                            "models.classes": 5})
    set_controls(at, {"models.model": "convnet"})
    set_controls(at, {"models.model": "resnet18"})
    assert shown(at, "models.surgery", "models.classes") == ("append", 5)


@pytest.mark.parametrize("page, tab, values", [
    ("inside", "lab", {"inside.model": "untrained:cnn", "inside.lab.kind": "pool", "inside.lab.pool.kernel": 2,
                       "inside.lab.image": 3, "inside.lab.activation": "sigmoid"}),
    ("models", None, {"models.model": "resnet18", "models.surgery": "append", "models.classes": 5}),
    ("save_load", "checkpoint", {"save_load.model": "linear", "save_load.steps": 5, "save_load.more_steps": 4}),
    ("devices", "parallel", {"devices.nproc": 4}),
], ids=["inside", "models", "save_load", "devices"])
def test_a_page_comes_back_as_it_was_left(page, tab, values):
    at = set_controls(open_page(page, tab), values)  # on the tab that holds these controls
    assert {key: shown(at, key) for key in values} == values
    away_and_back(at, page)
    assert {key: shown(at, key) for key in values} == values
