"""See inside for a model trained on your own pictures: its validation pictures and any photo become its
input at its own size with its run's normalisation, exactly as Try it and training made them; a deep
transfer model is also read block by block, and its charts draw only the first channels."""

import io
import json

import numpy as np
import pytest
import torch
from PIL import Image

from core.common.i18n import LocalizedError
from core.data.image_folder import ImageFolderError
from core.data.shape_pictures import CLASSES
from core.models import create_model
from core.models.checkpoints import load_checkpoint, save_checkpoint
from core.models.transfer import IMAGENET_STATS
from core.plots.feature_plots import channels_drawn
from core.plots.map_pictures import layer_pictures
from core.training.evaluation import predict_all
from core.training.run_data import run_data
from core.vision.activations import block_names, capture_activations, feature_maps
from core.vision.picture_inputs import picture_run_input, validation_pictures
from core.vision.picture_predict import PictureModelError, checkpoint_input, classify, run_config

from folder_checkpoint import shapes_checkpoint  # noqa: F401  (fixture)
from shape_folder import own_cache, shapes  # noqa: F401  (fixtures)
from transfer_checkpoint import transfer_checkpoint  # noqa: F401  (fixture)


def photo_bytes(size=(640, 480)) -> bytes:
    image = Image.new("RGB", size, (30, 120, 200))
    image.paste((250, 200, 0), (260, 180, 380, 300))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_validation_pictures_are_the_ones_training_scored(shapes_checkpoint):
    loaded = load_checkpoint(shapes_checkpoint)
    found = validation_pictures(loaded)
    data = run_data(run_config(loaded.meta))
    assert found.stored.shape[1:] == (3, 37, 37), "kept at the stored side, before the crop"
    assert torch.equal(found.labels, data.test.labels)
    scored = predict_all(loaded.model, data.test.images, data.spec).exp()  # (9, 3): training's evaluation
    for row, stored in enumerate(found.stored):
        made = picture_run_input(loaded, stored)
        np.testing.assert_array_equal(made.model_input.picture, data.test.images[row].permute(1, 2, 0).numpy())
        assert made.stored.shape == (37, 37, 3)
        read = dict(classify(loaded.model, made.model_input, loaded.classes))
        np.testing.assert_allclose([read[c] for c in CLASSES], scored[row].tolist(), atol=1e-5)


def test_a_photo_is_made_as_try_it_makes_it_and_its_stored_file_gives_the_same_input(shapes_checkpoint):
    loaded = load_checkpoint(shapes_checkpoint)
    made = picture_run_input(loaded, photo_bytes())
    tried = checkpoint_input(loaded, photo_bytes())  # Try it's reading of the same photo
    assert made.model_input.tensor.shape == (3, 32, 32) and made.stored.shape == (37, 37, 3)
    torch.testing.assert_close(made.model_input.tensor, tried.tensor, rtol=0, atol=0)
    np.testing.assert_array_equal(made.model_input.picture, tried.picture)
    again = picture_run_input(loaded, Image.fromarray(made.stored))  # photo.png, as the page's code reads it
    torch.testing.assert_close(again.model_input.tensor, made.model_input.tensor, rtol=0, atol=0)
    mean, std = loaded.meta["input_stats"]
    unit = torch.from_numpy(made.model_input.picture).permute(2, 0, 1).float() / 255
    expected = (unit - torch.tensor(mean).view(3, 1, 1)) / torch.tensor(std).view(3, 1, 1)
    torch.testing.assert_close(made.model_input.tensor, expected)  # the run's own mean and std


def test_a_pretrained_transfer_run_gets_224_pixels_and_imagenets_numbers(transfer_checkpoint):
    loaded = load_checkpoint(transfer_checkpoint)
    found = validation_pictures(loaded)
    made = picture_run_input(loaded, found.stored[0])
    assert found.stored.shape[1:] == (3, 256, 256) and made.model_input.tensor.shape == (3, 224, 224)
    unit = torch.from_numpy(made.model_input.picture).permute(2, 0, 1).float() / 255
    mean, std = (torch.tensor(v).view(3, 1, 1) for v in IMAGENET_STATS)
    torch.testing.assert_close(made.model_input.tensor, (unit - mean) / std)
    assert len(classify(loaded.model, made.model_input, loaded.classes)) == len(CLASSES)


def moved(checkpoint, tmp_path, **changes):
    """The same model, its metadata changed (e.g. its folder gone)."""
    loaded = load_checkpoint(checkpoint)
    meta = json.loads(json.dumps(loaded.meta))
    meta["config"].update(changes.get("config", {}))
    meta.update({k: v for k, v in changes.items() if k != "config"})
    save_checkpoint(tmp_path / "moved.pt", loaded.model, loaded.model_name, meta)
    return load_checkpoint(tmp_path / "moved.pt")


def test_a_set_gone_from_disk_says_so_and_a_photo_still_works(shapes_checkpoint, tmp_path):
    loaded = moved(shapes_checkpoint, tmp_path, config={"dataset": f"folder:{tmp_path / 'gone'}"})
    with pytest.raises(ImageFolderError) as raised:
        validation_pictures(loaded)
    assert isinstance(raised.value, LocalizedError) and str(tmp_path / "gone") in raised.value.message.render("en")
    assert picture_run_input(loaded, photo_bytes()).model_input.tensor.shape == (3, 32, 32)


def test_a_folder_whose_classes_changed_or_a_digit_model_has_no_validation_pictures(shapes_checkpoint, tmp_path):
    with pytest.raises(PictureModelError, match="classes have changed"):
        validation_pictures(moved(shapes_checkpoint, tmp_path, classes=["ball", "box", "tent"]))
    save_checkpoint(tmp_path / "digits.pt", create_model("convnet"), "convnet", {"config": {"dataset": "mnist"}})
    with pytest.raises(PictureModelError, match="not trained on a folder"):
        validation_pictures(load_checkpoint(tmp_path / "digits.pt"))


def test_a_deep_network_is_read_block_by_block(transfer_checkpoint):
    model = load_checkpoint(transfer_checkpoint).model
    stages = [f"net.layer{stage}.{block}" for stage in range(1, 5) for block in (0, 1)]
    assert block_names(model) == ["net.conv1", "net.bn1", "net.relu", "net.maxpool", *stages, "net.avgpool", "net.fc"]
    x = torch.randn(3, 224, 224)
    maps = feature_maps(model, x)
    assert [b.name for b in maps.blocks] == block_names(model) and maps.blocks[4].kind == "BasicBlock"
    assert maps.blocks[4].layer == "BasicBlock", "a block is named, not printed over dozens of lines"
    with torch.no_grad():
        torch.testing.assert_close(maps.blocks[-1].output, model(x.unsqueeze(0)))
    inside = [layer.name.removeprefix("net.layer2.0.") for layer in maps.inside("net.layer2.0")]
    assert inside == ["conv1", "bn1", "relu", "conv2", "bn2", "downsample.0", "downsample.1", "relu"]
    assert len(maps.layers) == 60 and sum(len(m._forward_hooks) for m in model.modules()) == 0
    assert block_names(create_model("mobilenet-v3-small-transfer"))[:2] == ["net.features.0", "net.features.1"]
    assert block_names(create_model("convnet")) == [n for n, m in create_model("convnet").named_modules() if n]
    small = feature_maps(create_model("cifar-net"), torch.randn(3, 32, 32))
    assert small.blocks == [], "a small model's layers are its blocks"


def test_named_hooks_are_removed_even_after_an_exception():
    model = create_model("cnn").train()
    with pytest.raises(RuntimeError):
        with capture_activations(model, ["conv1", "conv2"]):
            model(torch.randn(1, 3, 28, 28))  # wrong channel count: the first conv raises
    assert sum(len(m._forward_hooks) for m in model.modules()) == 0 and model.training


def test_charts_of_a_224_pixel_model_draw_only_the_first_channels(transfer_checkpoint):
    assert channels_drawn(32, 32, 32) == 32 and channels_drawn(10, 24, 24) == 10, "small models: every channel"
    assert channels_drawn(64, 112, 112) == 2 and channels_drawn(64, 56, 56) == 10 and channels_drawn(512, 7, 7) == 128
    assert channels_drawn(3, 224, 224) == 1
    maps = feature_maps(load_checkpoint(transfer_checkpoint).model, torch.randn(3, 224, 224))
    pictures = layer_pictures(maps, list(CLASSES), layers=maps.blocks)
    assert len(pictures) == 14
    assert (pictures[0].height, pictures[0].width) == (112, 2 * 113 - 1), "conv1: two 112×112 maps side by side"
    assert pictures[-1].labels == list(CLASSES), "the run's classes under the final scores"

