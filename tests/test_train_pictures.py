"""AppTest of the Train page's "Your pictures": the set builder, a .zip made into a set, the config a built set
gives (dataset folder:…, valid_share), and the transfer model's knobs, drawn only for a transfer model."""

import io
import secrets
import zipfile

import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

import browser_model
import ui.train.train_controls
from apptest_pages import APP
from core.data.picture_sets import PictureSets


def png(colour=(200, 40, 40), size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


@pytest.fixture(autouse=True)
def sets(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCHLAB_SETS", str(tmp_path / "sets"))
    return PictureSets(tmp_path / "sets")


@pytest.fixture
def configs(monkeypatch):
    """Every config the Train page's controls give, newest last."""
    seen, real = [], ui.train.train_controls.select_config

    def spy(*args, **kwargs):
        seen.append(real(*args, **kwargs))
        return seen[-1]

    monkeypatch.setattr(ui.train.train_controls, "select_config", spy)
    return seen


def open_train(owner: str, lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.query_params["user"] = owner
    at.run()
    at.switch_page("pages/train.py").run()
    return checked(at)


def checked(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def new_owner() -> str:
    return secrets.token_urlsafe(12)


def your_pictures(at: AppTest) -> AppTest:
    at.selectbox(key="train.dataset").select("folder")
    return checked(at.run())


def drawn(at: AppTest) -> set[str]:
    return {w.key for w in browser_model.controls(at, "train.")}


def texts(at: AppTest) -> str:
    return " ".join(e.value for kind in ("caption", "info", "success", "warning", "error", "markdown")
                    for e in getattr(at, kind))


def ready(sets: PictureSets, owner: str):
    """A set of two classes, five pictures each: ready to train."""
    found = sets.create(owner, "Pets")
    for name, colour in (("cat", (200, 40, 40)), ("dog", (40, 40, 200))):
        sets.add_class(owner, found.id, name)
        sets.add_pictures(owner, found.id, name, [(f"{n}.png", png(colour)) for n in range(5)])
    return sets.get(owner, found.id)


def test_your_pictures_opens_a_set_to_fill_and_the_builder_fills_it(sets):
    owner = new_owner()
    at = your_pictures(open_train(owner))
    assert "up to 200 pictures a class and 100 MB a set" in texts(at)
    assert at.button(key="train.start").disabled, "nothing to train on yet"
    assert "training needs at least 2" in texts(at)
    [found] = sets.list(owner)
    assert found.name == "My pictures"
    at.button(key="pictures.open").click()
    checked(at.run())
    for name in ("cat", "dog"):
        at.text_input(key="pictures.new_class").input(name)
        at.button(key="pictures.add_class").click()
        checked(at.run())
    assert at.segmented_control(key="pictures.class").value == "dog", "a new class is the one pictures go to"
    at.file_uploader(key="pictures.upload.0").set_value(
        [("a.png", png(), "image/png"), ("b.png", png((0, 0, 250)), "image/png"), ("notes.png", b"hi", "image/png")])
    checked(at.run())
    assert "Added 2 picture(s) to “dog”" in texts(at) and "notes.png (This file is not an image" in texts(at)
    assert len(at.image) == 2, "a thumbnail each"
    assert sets.get(owner, found.id).counts == {"cat": 0, "dog": 2}
    at.segmented_control(key="pictures.class").set_value("cat")
    checked(at.run())
    at.file_uploader(key="pictures.upload.1").set_value([("c.png", png(), "image/png")] * 2)
    checked(at.run())
    remove = [b for b in at.button if b.key and b.key.startswith(f"pictures.remove.{found.id}.cat.")]
    assert len(remove) == 2
    remove[0].click()
    checked(at.run())
    assert sets.get(owner, found.id).counts == {"cat": 1, "dog": 2}
    at.text_input(key="pictures.new_class").input("cats/dogs")
    at.button(key="pictures.add_class").click()
    checked(at.run())
    assert "because of “/”" in texts(at)
    at.button(key="pictures.done").click()
    checked(at.run())
    assert "pictures.new_class" not in [w.key for w in at.text_input], "the builder closed"
    assert "cat (1) · dog (2)" in texts(at), "the page's counts caught up"


def test_a_built_set_trains_as_a_folder_with_its_validation_share(sets, configs):
    owner = new_owner()
    found = ready(sets, owner)
    at = your_pictures(open_train(owner))
    assert at.selectbox(key="pictures.set").value == found.id
    assert at.selectbox(key="pictures.set").format_func(found.id) == "Pets"
    assert "cat (5) · dog (5)" in texts(at)
    assert "Set for a few hundred pictures of your own: batches of 16" in texts(at)
    assert at.selectbox(key="train.model").value == "cifar-net", "MNIST's ConvNet cannot eat colour pictures"
    assert at.toggle(key="train.augment").value and at.segmented_control(key="train.preset").value is None
    at.selectbox(key="train.model").select("convnet")
    checked(at.run())
    assert "pick a model for colour pictures" in texts(at).lower() and at.button(key="train.start").disabled
    at.selectbox(key="train.model").select("convnet-rgb")
    at.select_slider(key="train.valid_share").set_value(0.3)
    checked(at.run())
    config, problem = configs[-1]
    assert problem is None and not at.button(key="train.start").disabled
    assert config.dataset == "folder:" + str(sets.get(owner, found.id).path) and config.valid_share == 0.3
    assert "Only about 7 pictures to train on: 1 step(s) an epoch" in texts(at), "too few pictures, said"
    again = your_pictures(open_train(owner))  # a refresh: a new session, the same browser (owner)
    assert again.selectbox(key="pictures.set").value == found.id, "the set survives a refresh"
    stranger = your_pictures(open_train(new_owner()))
    assert found.id not in stranger.selectbox(key="pictures.set").options, "another browser never sees it"


def test_a_zip_becomes_a_set_and_a_bad_one_is_explained(sets):
    owner = new_owner()
    at = your_pictures(open_train(owner))
    at.radio(key="pictures.source").set_value("zip")
    checked(at.run())
    assert at.button(key="train.start").disabled
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("pets/cat/1.png", png())
        archive.writestr("pets/cat/2.png", png())
    at.file_uploader(key="pictures.zip").set_value(("pets.zip", out.getvalue(), "application/zip"))
    checked(at.run())
    assert "has one (cat)" in " ".join(e.value for e in at.error)
    unpacked = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(PictureSets, "import_zip", lambda *a: unpacked.append(a))
        at.select_slider(key="train.lr").set_value(1e-3)
        checked(at.run())
    assert "has one (cat)" in " ".join(e.value for e in at.error) and not unpacked, "said again, not unpacked again"
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("pets/dog/1.png", png((0, 0, 200)))
        archive.writestr("pets/dog/2.png", png((0, 0, 200)))
    at.file_uploader(key="pictures.zip").set_value(("pets.zip", out.getvalue(), "application/zip"))
    checked(at.run())
    assert at.radio(key="pictures.source").value == "build"
    made = [s for s in sets.list(owner) if s.name == "pets"]
    assert made and made[0].counts == {"cat": 2, "dog": 2}
    assert at.selectbox(key="pictures.set").value == made[0].id
    assert "Made the set “pets” from the .zip: 4 pictures in 2 classes." in texts(at)


def test_a_server_folder_only_for_someone_at_the_server(monkeypatch):
    at = your_pictures(open_train(new_owner()))
    assert "Server folder" in at.radio(key="pictures.source").options  # AppTest is a visitor at the server
    monkeypatch.setenv("TORCHLAB_FOLDER_PATHS", "0")
    at = your_pictures(open_train(new_owner()))
    assert "Server folder" not in at.radio(key="pictures.source").options


def test_the_transfer_knobs_only_for_a_transfer_model_and_they_keep_their_values(configs, monkeypatch, tmp_path):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))  # ImageNet's weights are not in this cache
    at = open_train(new_owner())
    transfer_keys = {"train.weights", "train.transfer", "train.backbone_lr"}
    assert not transfer_keys & drawn(at)
    at.selectbox(key="train.model").select("resnet18-transfer")
    checked(at.run())
    assert transfer_keys <= drawn(at)
    assert "far more pictures" in texts(at), "random weights say what they cost"
    at.radio(key="train.weights").set_value("torchvision")
    at.select_slider(key="train.backbone_lr").set_value(0.3)
    checked(at.run())
    assert "learns from a few hundred pictures" in texts(at)
    assert "may not download them here" in texts(at), "offline (tests): what to do instead"
    monkeypatch.delenv("TORCHLAB_OFFLINE")
    checked(at.run())
    assert "downloads ResNet-18's ImageNet weights (about 45 MB) once" in texts(at), "said before it happens"
    config, _ = configs[-1]
    assert (config.weights, config.transfer, config.backbone_lr) == ("torchvision", "finetune", 0.3)
    at.radio(key="train.transfer").set_value("features")
    checked(at.run())
    assert "train.backbone_lr" not in drawn(at), "only fine-tuning trains the backbone"
    at.selectbox(key="train.model").select("cifar-net")
    checked(at.run())
    assert not transfer_keys & drawn(at)
    config, _ = configs[-1]
    assert (config.weights, config.transfer, config.backbone_lr) == ("random", "finetune", 0.1), "a run without them"
    at.selectbox(key="train.model").select("resnet18-transfer")
    checked(at.run())
    assert at.radio(key="train.weights").value == "torchvision", "kept while hidden"
    assert at.radio(key="train.transfer").value == "features"
    your_pictures(at)
    assert at.selectbox(key="train.model").value == "resnet18-transfer", "the recipe keeps a colour model"


def test_the_panel_speaks_chinese(sets):
    at = your_pictures(open_train(new_owner(), "zh"))
    assert at.selectbox(key="train.dataset").format_func("folder") == "你的图片"
    assert "本服务器每个类别最多保存 200 张图片" in texts(at)
    assert at.button(key="pictures.open").label == "添加和删除图片"


def test_weights_from_a_pth_file_are_checked_and_kept_by_their_hash(configs, sets):
    import torch

    from core.models import create_model

    owner = new_owner()
    ready(sets, owner)
    at = your_pictures(open_train(owner))
    at.selectbox(key="train.model").select("mobilenet-v3-small-transfer")
    checked(at.run())
    at.radio(key="train.weights").set_value("file")
    checked(at.run())
    assert "Upload a .pth file" in texts(at) and at.button(key="train.start").disabled
    at.file_uploader(key="train.weights_upload").set_value(("junk.pth", b"not torch", "application/octet-stream"))
    checked(at.run())
    assert at.error, "junk is refused in words"
    out = io.BytesIO()
    torch.save(create_model("mobilenet-v3-small-transfer").net.state_dict(), out)  # torchvision's own layout
    at.file_uploader(key="train.weights_upload").set_value(("mine.pth", out.getvalue(), "application/octet-stream"))
    checked(at.run())
    assert "Starting from mine.pth." in texts(at) and not at.error and not at.button(key="train.start").disabled
    config, _ = configs[-1]
    assert config.weights.startswith(str(sets.root / "weights")) and config.weights.endswith(".pth")
    assert torch.load(config.weights, weights_only=True).keys() == create_model(
        "mobilenet-v3-small-transfer").net.state_dict().keys()


def test_a_pretrained_backbone_is_said_to_be_fed_imagenets_numbers(monkeypatch):
    """The normalisation choice names what the run really uses (core.training.run_data): ImageNet's mean and
    std for a pretrained backbone, the pictures' own otherwise."""
    from ui.train import train_controls

    seen = {}
    monkeypatch.setattr(train_controls.st, "radio", lambda label, options, **kw: seen.update(
        {o: kw["format_func"](o) for o in options}) or options[0])
    monkeypatch.setattr(train_controls, "t", lambda key, **params: f"{key}:{params}")
    train_controls._select_normalization("folder:/x", [], pretrained=True)
    assert seen["dataset"].startswith("pictures.norm_imagenet") and "0.485" in seen["dataset"]
    train_controls._select_normalization("folder:/x", [], pretrained=False)
    assert seen["dataset"].startswith("pictures.norm_folder")


def test_a_transforms_pipeline_handed_over_trains_your_pictures_too(sets, configs):
    """The Transforms page's augmentation applies to your pictures' training part, run at the size they are kept."""
    owner = new_owner()
    ready(sets, owner)
    at = open_train(owner)
    at.session_state["train.augment_pipeline"] = [["RandomRotation", {"degrees": [-15.0, 15.0]}],
                                                  ["CenterCrop", {"size": [24, 24]}]]
    at = your_pictures(checked(at.run()))
    shown = texts(at)
    assert "RandomRotation → CenterCrop" in shown and "as kept (37×37)" in shown
    assert "CenterCrop keeps the size pictures are kept at, 37×37." in shown
    config, problem = configs[-1]
    assert problem is None and config.augment_pipeline[0][0] == "RandomRotation"
