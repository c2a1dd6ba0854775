"""The code the See inside page and the torchvision views show runs, and prints what TorchLab computed."""

import pytest
import torch
from PIL import Image
from run_snippet import run_script

from core.code.inside_snippets import conv_layer_code, feature_maps_code, kernels_code, torchvision_code
from core.common.visual import png_bytes
from core.data.datasets import get_spec
from core.data.normalization import input_normalization
from core.data.loading import load_split
from core.lessons.conv_arithmetic import LayerSettings, apply_layer, output_size
from core.models import create_model
from core.models.checkpoints import SHIPPED, load_checkpoint
from core.models.summary import size_in_mb, summarize
from core.models.torchvision_models import INPUT_SHAPE, build_torchvision, head_surgery
from core.vision.activations import feature_maps
from core.vision.model_inputs import example_picture, from_pixels
from core.vision.picture_inputs import picture_run_input, validation_pictures

from folder_checkpoint import shapes_checkpoint  # noqa: F401  (fixture)
from shape_folder import own_cache, shapes  # noqa: F401  (fixtures)
from transfer_checkpoint import transfer_checkpoint  # noqa: F401  (fixture)


def printed_layers(printed: str) -> dict[str, tuple[str, float, float]]:
    rows = {}
    for line in printed.splitlines():
        if line.startswith("prediction"):
            continue
        name, rest = line.split(maxsplit=1)
        shape, low, high = rest.rsplit(maxsplit=2)
        rows[name] = (shape.strip(), float(low), float(high))
    return rows


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_feature_maps_snippet_prints_what_the_page_shows(lang, tmp_path, monkeypatch):
    mnist = load_split("mnist", train=False)
    sample = from_pixels(mnist.images[0], mnist.spec)  # a 7, exactly as the page's test-set picker gives it
    (tmp_path / "digit.png").write_bytes(png_bytes(sample.picture))
    printed = run_script(feature_maps_code("convnet", str(SHIPPED), "digit.png", lang), tmp_path, monkeypatch)
    maps = feature_maps(load_checkpoint(SHIPPED).model, sample.tensor)
    rows = printed_layers(printed)
    assert list(rows) == [layer.name for layer in maps.layers]
    for layer in maps.layers:
        shape, low, high = rows[layer.name]
        assert shape == str(list(layer.shape))
        assert low == pytest.approx(layer.low, abs=1e-3) and high == pytest.approx(layer.high, abs=1e-3)
    assert f"prediction: {max(range(10), key=maps.probs.__getitem__)}" in printed


def test_untrained_colour_model_snippet_has_the_pages_random_weights(tmp_path, monkeypatch):
    picture = example_picture((3, 32, 32))
    Image.fromarray(picture.picture).save(tmp_path / "photo.png")
    printed = run_script(feature_maps_code("cifar-net", None, "photo.png"), tmp_path, monkeypatch)
    with torch.random.fork_rng():
        torch.manual_seed(0)
        model = create_model("cifar-net")
    pixels = torch.from_numpy(picture.picture).permute(2, 0, 1)  # (3, 32, 32) uint8, as saved in photo.png
    maps = feature_maps(model, from_pixels(pixels, get_spec("cifar10")).tensor)
    rows = printed_layers(printed)
    for layer in maps.layers:
        assert rows[layer.name][0] == str(list(layer.shape))
        assert rows[layer.name][2] == pytest.approx(layer.high, abs=1e-3)


@pytest.mark.parametrize("layer", ["conv1", "conv2"])
def test_kernels_snippet_saves_the_kernels_as_a_picture(layer, tmp_path, monkeypatch):
    printed = run_script(kernels_code("convnet", str(SHIPPED), layer, "zh"), tmp_path, monkeypatch)
    weight = load_checkpoint(SHIPPED).model.get_submodule(layer).weight
    assert printed.startswith(f"{layer} {list(weight.shape)}")
    out_c, in_c, k, _ = weight.shape
    assert Image.open(tmp_path / "kernels.png").size == (in_c * (k + 1) + 1, out_c * (k + 1) + 1)


@pytest.mark.parametrize("settings, activation", [
    (LayerSettings("conv", 3, in_channels=3, out_channels=6), "relu"),  # seed 002's conv on CIFAR
    (LayerSettings("conv", 5, 2, 2, 2, in_channels=1, out_channels=4), "sigmoid"),
    (LayerSettings("pool", 3, 3, ceil_mode=True), None),  # the lab's default pool: MaxPool2d(3, ceil_mode=True)
    (LayerSettings("pool", 2, 3, 1, ceil_mode=True), None),  # the ceil_mode rule drops a window
    (LayerSettings("pool", 2, 2, 0, 2), "relu"),
])
@pytest.mark.parametrize("size", [5, 28])
def test_conv_lab_snippet_computes_the_shape_the_page_shows(settings, activation, size, tmp_path, monkeypatch):
    if settings.span > size + 2 * settings.padding:
        return
    printed = run_script(conv_layer_code(settings, size, activation), tmp_path, monkeypatch)
    out = output_size(settings, size)
    channels = settings.out_channels if settings.kind == "conv" else settings.in_channels
    assert f"-> [1, {channels}, {out}, {out}]" in printed and f"h_out = {out}" in printed
    assert tuple(apply_layer(settings, torch.rand(settings.in_channels, size, size)).shape) == (channels, out, out)
    assert (activation is None) == ("(y)" not in printed and "ReLU()" not in printed and "Sigmoid()" not in printed)


@pytest.mark.parametrize("name, surgery", [("resnet18", "none"), ("resnet18", "append"), ("vgg16", "replace")])
def test_torchvision_snippet_prints_the_summary_the_page_shows(name, surgery, tmp_path, monkeypatch):
    printed = run_script(torchvision_code(name, surgery, 10), tmp_path, monkeypatch).splitlines()
    model = head_surgery(build_torchvision(name), name, surgery, 10)
    rows = summarize(model, INPUT_SHAPE)
    total = sum(r.parameters for r in rows)
    assert printed[-1] == f"{len(rows)} layers, {total:,} parameters, {size_in_mb(model):.1f} MB"
    for line, row in zip(printed[:-1], rows):
        assert line.split()[:1] == [row.kind] and str(list(row.output_shape)) in line


def test_torchvision_snippet_loads_weights_from_a_local_file(tmp_path, monkeypatch):
    torch.save(build_torchvision("resnet18", "cpu").state_dict(), tmp_path / "resnet18-local.pth")
    code = torchvision_code("resnet18", "replace", 10, weights="resnet18-local.pth", lang="zh")
    assert "weights_only=True" in code and "resnet18.fc = nn.Linear(512, 10)" in code
    printed = run_script(code, tmp_path, monkeypatch)
    assert "[1, 10]" in printed.splitlines()[-2]


def test_seed_002_lines_appear_as_written():
    assert 'vgg16.classifier.add_module("add_linear", nn.Linear(1000, 10))' in torchvision_code("vgg16", "append")
    assert "vgg16.classifier[6] = nn.Linear(4096, 10)" in torchvision_code("vgg16", "replace")
    assert "vgg16 = torchvision.models.vgg16(weights=None)" in torchvision_code("vgg16", "none")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_picture_runs_snippet_loads_its_head_and_prepares_photo_png_as_the_page(lang, shapes_checkpoint, tmp_path,
                                                                                 monkeypatch):
    """The page's input for a validation picture, saved as photo.png before its crop: the script rebuilds the
    run's head, cuts and normalises the picture as training did, and prints the page's numbers and class."""
    loaded = load_checkpoint(shapes_checkpoint)
    made = picture_run_input(loaded, validation_pictures(loaded).stored[0])
    Image.fromarray(made.stored).save(tmp_path / "photo.png")
    code = feature_maps_code("cifar-net", str(shapes_checkpoint), "photo.png", lang,
                             input_normalization(loaded.model), classes=loaded.classes)
    assert "nn.Linear(64, 3)" in code and "CenterCrop(32)" in code
    printed = run_script(code, tmp_path, monkeypatch)
    maps = feature_maps(loaded.model, made.model_input.tensor)
    rows = printed_layers(printed)
    assert list(rows) == [layer.name for layer in maps.layers]
    for layer in maps.layers:
        assert rows[layer.name][0] == str(list(layer.shape))
        assert rows[layer.name][1] == pytest.approx(layer.low, abs=1e-3)
        assert rows[layer.name][2] == pytest.approx(layer.high, abs=1e-3)
    best = max(range(len(maps.probs)), key=maps.probs.__getitem__)
    assert f"prediction: {loaded.classes[best]} {maps.probs[best]:.1%}" in printed


def test_a_transfer_runs_snippet_hooks_the_blocks_the_page_drew(transfer_checkpoint, tmp_path, monkeypatch):
    loaded = load_checkpoint(transfer_checkpoint)
    made = picture_run_input(loaded, validation_pictures(loaded).stored[0])
    Image.fromarray(made.stored).save(tmp_path / "photo.png")
    maps = feature_maps(loaded.model, made.model_input.tensor)
    code = feature_maps_code("resnet18-transfer", str(transfer_checkpoint), "photo.png", "en",
                             input_normalization(loaded.model), classes=loaded.classes,
                             modules=[block.name for block in maps.blocks])
    assert "ImageOps.fit(picture, (256, 256)" in code and "(0.485, 0.456, 0.406)" in code
    assert "model.net.fc = nn.Linear(512, 3)" in code
    rows = printed_layers(run_script(code, tmp_path, monkeypatch))
    assert list(rows) == [block.name for block in maps.blocks]
    for block in maps.blocks:
        assert rows[block.name] == (str(list(block.shape)), pytest.approx(block.low, abs=1e-3),
                                    pytest.approx(block.high, abs=1e-3))


def test_a_picture_runs_kernels_snippet_loads_with_its_head(shapes_checkpoint, tmp_path, monkeypatch):
    loaded = load_checkpoint(shapes_checkpoint)
    printed = run_script(kernels_code("cifar-net", str(shapes_checkpoint), "model.2", "en", len(loaded.classes)),
                         tmp_path, monkeypatch)
    assert printed.startswith(f"model.2 {list(loaded.model.get_submodule('model.2').weight.shape)}")
