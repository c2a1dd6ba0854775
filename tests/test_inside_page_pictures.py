"""AppTest of See inside with a run on your own pictures: listed to its owner by its set's name, read on its
validation pictures or a photo at its own size, its classes named; a set gone from disk is said and an upload
still works; a 224-px transfer run is drawn block by block, and a block opens on request."""

import io
import json
import secrets

import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from core.common.i18n import translate
from core.data.shape_pictures import CLASSES
from core.models.checkpoints import load_checkpoint, save_checkpoint

from folder_checkpoint import shapes_checkpoint  # noqa: F401  (fixture)
from shape_folder import own_cache, shapes  # noqa: F401  (fixtures)
from test_try_pictures import picture_run
from transfer_checkpoint import transfer_checkpoint  # noqa: F401  (fixture)

APP = "../streamlit_app.py"  # relative to this file, as AppTest resolves it


def inside_with(checkpoint, lang="en") -> AppTest:
    """The page opened by a new owner of one picture run, with that run picked."""
    owner = secrets.token_urlsafe(12)
    run = picture_run(owner, checkpoint)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.query_params["user"] = owner
    at.run()
    checked(at.switch_page("pages/inside.py").run())
    return checked(at.selectbox(key="inside.model").select(str(run.path / "best.pt")).run())


def checked(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def opened(at: AppTest, key: str) -> AppTest:
    """A click that opens the code expander `key`: its code is built only then."""
    at.session_state[key] = True
    return checked(at.run())


def texts(at) -> str:
    return "\n".join(m.value for m in [*at.markdown, *at.caption, *at.subheader, *at.info, *at.warning, *at.error])


def layer_titles(at) -> list[str]:
    return [m.value.split("**")[1] for m in at.markdown if m.value.startswith("**") and "** · `" in m.value]


def photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (30, 90, 200)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_picture_run_reads_its_validation_pictures_with_its_classes(shapes_checkpoint, shapes, lang):
    at = inside_with(shapes_checkpoint, lang)
    meta = load_checkpoint(shapes_checkpoint).meta
    label = translate(lang, "inside.model_pictures", title=shapes.name, model="cifar-net",
                      accuracy=f"{meta['test_acc']:.1%}")
    picker = at.selectbox(key="inside.model")
    assert picker.format_func(picker.value) == label, "named by its folder, its model and its accuracy"
    assert at.segmented_control(key="inside.source.pictures").value == "valid"
    (classes,) = [p for p in at.pills if p.key.startswith("inside.class.")]
    assert classes.options == list(CLASSES) and classes.value == 0
    shown = texts(at)
    valid = translate(lang, "inside.valid_caption", nth=1, count=3, label="circle", title=shapes_checkpoint.name)
    assert valid.split("“")[0] in shown and "[1, 32, 32, 32]" in shown
    predicted = next(m.value for m in at.markdown if m.value.startswith(translate(lang, "inside.prediction",
                                                                                   label="", confidence=0)[:3]))
    assert any(f"**{name}**" in predicted for name in CLASSES), "the run's class names, not CIFAR-10's"
    assert layer_titles(at) == [f"{i + 1}. model.{i}" for i in range(9)]
    code = opened(at, "inside.code.maps").code[0].value
    assert "CLASSES = ['circle', 'square', 'triangle']" in code and "model.model[8] = nn.Linear(64, 3)" in code
    assert "ImageOps.fit(picture, (37, 37)" in code and "CenterCrop(32)" in code


def test_another_validation_picture_and_an_upload(shapes_checkpoint):
    at = inside_with(shapes_checkpoint)
    before = texts(at)
    checked(at.button(key="inside.another").click().run())
    assert "Validation picture 2 of 3 of “circle”" in texts(at) and texts(at) != before
    (classes,) = [p for p in at.pills if p.key.startswith("inside.class.")]
    checked(classes.set_value(2).run())
    assert "of “triangle”" in texts(at)
    checked(at.segmented_control(key="inside.source.pictures").set_value("upload").run())
    assert "Drop an image here" in texts(at)
    checked(at.file_uploader(key="inside.photo").set_value(("sky.png", photo(), "image/png")).run())
    assert "[1, 32, 32, 32]" in texts(at) and len(layer_titles(at)) == 9
    checked(at.file_uploader(key="inside.photo").set_value(("junk.png", b"not an image", "image/png")).run())
    assert len(at.error) == 1 and not layer_titles(at)


def test_a_run_whose_set_is_gone_says_so_and_takes_a_photo(shapes_checkpoint, tmp_path):
    loaded = load_checkpoint(shapes_checkpoint)
    meta = json.loads(json.dumps(loaded.meta))
    meta["config"]["dataset"] = meta["dataset"] = f"folder:{tmp_path / 'gone'}"
    save_checkpoint(tmp_path / "gone.pt", loaded.model, loaded.model_name, meta)
    at = inside_with(tmp_path / "gone.pt")
    assert len(at.warning) == 1 and str(tmp_path / "gone") in at.warning[0].value
    assert "pick Upload above" in texts(at) and not layer_titles(at)
    checked(at.segmented_control(key="inside.source.pictures").set_value("upload").run())
    checked(at.file_uploader(key="inside.photo").set_value(("sky.png", photo(), "image/png")).run())
    assert len(layer_titles(at)) == 9


def test_a_transfer_run_is_drawn_block_by_block(transfer_checkpoint):
    at = inside_with(transfer_checkpoint)
    stages = [f"net.layer{stage}.{block}" for stage in range(1, 5) for block in (0, 1)]
    names = ["net.conv1", "net.bn1", "net.relu", "net.maxpool", *stages, "net.avgpool", "net.fc"]
    assert layer_titles(at) == [f"{i + 1}. {name}" for i, name in enumerate(names)]
    shown = texts(at)
    assert "output [1, 64, 112, 112]" in shown and "the first 2 of 64 channels drawn" in shown
    maps_code = opened(at, "inside.code.maps").code[0].value
    assert "model.net.fc = nn.Linear(512, 3)" in maps_code and "(0.485, 0.456, 0.406)" in maps_code
    checked(at.selectbox(key="inside.view.resnet18-transfer").select("net.layer1.0").run())
    assert layer_titles(at) == [f"{i + 1}. net.layer1.0.{name}" for i, name in
                                enumerate(["conv1", "bn1", "relu", "conv2", "bn2", "relu"])]
    assert "[model.get_submodule(n).register_forward_hook(keep(n)) for n in ['net.layer1.0.conv1'," in at.code[0].value
    at.session_state["inside.tab"] = "Kernels"
    kernels_code = opened(checked(at.run()), "inside.code.kernels").code[0].value
    assert "model.net.fc = nn.Linear(512, 3)" in kernels_code, "the kernels' script loads the run's head too"
