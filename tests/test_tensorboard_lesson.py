"""The Train page's TensorBoard lesson: seed 002's calls as the page runs them, the scripts it shows
(run here, their output compared with what the page read back), and the graph folded by module."""

from __future__ import annotations

import ast
import re

import pytest

from core.code.tensorboard_snippets import graph_code, image_code, images_code, scalars_code
from core.data.loading import load_split
from core.lessons.sample_photos import bundled_photo
from core.lessons.tensorboard_events import (DATAFORMATS, LAYOUTS, after_restarts, png_pixels, write_batch,
                                             write_image, write_scalars)
from core.lessons.tensorboard_graph import fold, graph_dot, write_graph
from mnist_raw import mnist_root  # noqa: F401  (a fixture)
from run_snippet import run_script


@pytest.mark.parametrize("runs", [[(2, 30)], [(2, 10), (3, 5)]], ids=["once", "again"])
def test_the_scalar_script_prints_what_the_page_read(runs, tmp_path, monkeypatch):
    demo = write_scalars(tmp_path / "page" / "logs", runs)
    assert demo.written[:3] == [(0, 0.0), (1, 2.0), (2, 4.0)]  # y = 2x at steps 0, 1, 2
    lines = run_script(scalars_code(runs, "zh"), tmp_path, monkeypatch).splitlines()
    assert ast.literal_eval(lines[0]) == demo.written
    assert len(ast.literal_eval(lines[1])) == len(demo.files) == len(runs)  # one event file per SummaryWriter
    assert all(re.fullmatch(r"events\.out\.tfevents\.\d+\.[^.]+.*\.\d+\.\d+", f.name) for f in demo.files)


def test_a_second_run_into_the_same_folder():
    """Every point stays in the files (seed 002's zigzag); TensorBoard's default drops the older ones
    from the restart on (checked against a real TensorBoard in test_tensorboard_server.py)."""
    written = [(s, 2.0 * s) for s in range(10)] + [(s, 3.0 * s) for s in range(5)]
    assert after_restarts(written) == [(s, 3.0 * s) for s in range(5)]
    longer = [(s, 2.0 * s) for s in range(5)] + [(s, 3.0 * s) for s in range(8)]
    assert after_restarts(longer) == [(s, 3.0 * s) for s in range(8)]
    resumed = [(s, 1.0) for s in range(5)] + [(s, 2.0) for s in range(5, 9)]
    assert after_restarts(resumed) == resumed  # a run that goes on from where it stopped loses nothing


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dataformats", DATAFORMATS)
def test_add_image_with_each_layout_and_dataformats(layout, dataformats, tmp_path, monkeypatch):
    demo = write_image(tmp_path / "page" / "logs", bundled_photo("chelsea"), layout, dataformats)
    matches = (layout == "chw_float") == (dataformats == "CHW")
    assert (demo.error is None) == matches  # a mismatched layout is refused, whatever the dtype
    if not matches:
        assert demo.error.startswith("TypeError: Cannot handle this data type")
    printed = run_script(image_code("chelsea", layout, dataformats), tmp_path, monkeypatch)
    assert f"add_image gets {demo.shape}" in printed
    if demo.error:
        assert f"add_image refused it: {demo.error}" in printed and "stored" not in printed
    else:
        pixels = png_pixels(demo.png)
        assert pixels.shape == (300, 451, 3)  # chelsea, as it was: (H, W, 3) once stored
        assert f"stored 451 x 300 mean pixel {round(float(pixels.mean()), 2)}" in printed
        washed = layout == "hwc_float255"  # floats taken as 0..1: everything above 1 turns white
        assert (pixels.mean() > 250) == washed


def test_the_right_layouts_store_the_same_picture(tmp_path):
    photo = bundled_photo("coffee")
    seed_002 = write_image(tmp_path / "a", photo, "hwc_uint8", "HWC")
    to_tensor = write_image(tmp_path / "b", photo, "chw_float", "CHW")
    assert abs(png_pixels(seed_002.png).astype(int) - png_pixels(to_tensor.png)).max() <= 1  # 0..1 floats round


def test_add_images_stores_one_grid_eight_to_a_row(mnist_root, tmp_path, monkeypatch):  # noqa: F811
    demo = write_batch(tmp_path / "page" / "logs", load_split("mnist", True).images[:20])
    assert (demo.width, demo.height) == (8 * 28, 3 * 28)  # 20 pictures: 3 rows of up to 8, no padding
    printed = run_script(images_code("mnist", 20, str(mnist_root), "zh"), tmp_path, monkeypatch)
    assert f"one picture of {demo.width} x {demo.height} pixels" in printed
    pixels = png_pixels(demo.png)
    assert pixels[:28, :28].mean() > 10 and pixels[-28:, -28:].max() == 0  # a digit first, the empty end black


@pytest.mark.parametrize("name", ["convnet", "cnn"])
def test_the_graph_script_prints_the_graph_the_page_folds(name, tmp_path, monkeypatch):
    demo = write_graph(tmp_path / "page" / "logs", name)
    printed = run_script(graph_code(name, "zh"), tmp_path, monkeypatch).splitlines()
    assert printed[0] == f"{demo.nodes} nodes"
    assert printed[1:] == [f"{op.name} {op.op}" for op in demo.ops if op.op != "IO Node"]


def test_convnet_folds_into_its_layers_with_their_shapes(tmp_path):
    demo = write_graph(tmp_path / "logs", "convnet")
    folded = fold(demo.ops, 1)
    assert [box.label for box in folded.boxes] == [
        "input", "Conv2d[conv1]", "ReLU[relu1]", "MaxPool2d[pool]", "Conv2d[conv2]", "ReLU[relu2]",
        "Flatten[flatten]", "Linear[fc1]", "ReLU[relu3]", "Linear[fc2]", "log_softmax", "output"]
    label = {box.key: box.label for box in folded.boxes}
    shapes = {(label[a], label[b]): shape for a, b, shape in folded.edges}
    assert shapes[("input", "Conv2d[conv1]")] == (1, 1, 28, 28)
    assert shapes[("Flatten[flatten]", "Linear[fc1]")] == (1, 2000)  # 20 channels × 10 × 10
    assert shapes[("log_softmax", "output")] == (1, 10)
    assert len(folded.edges) == len(folded.boxes) - 1  # a chain: every box feeds the next
    dot = graph_dot(folded)
    assert dot.startswith("digraph {") and '"Linear[fc1]"' in dot and "1×2000" in dot


def test_deeper_folds_open_the_modules_of_seed_001s_cnn(tmp_path):
    demo = write_graph(tmp_path / "logs", "cnn")
    assert demo.depth == 2
    shallow, deep = fold(demo.ops, 1), fold(demo.ops, 2)
    assert [b.label for b in shallow.boxes] == ["input", "Sequential[conv1]", "Sequential[conv2]",
                                                "Flatten[flatten]", "Linear[out]", "output"]
    assert [b.ops for b in shallow.boxes][1] == 3  # Conv2d, ReLU, MaxPool2d folded into one box
    assert "Conv2d[0]" in [b.label for b in deep.boxes] and len(deep.boxes) > len(shallow.boxes)
    assert sum(b.ops for b in deep.boxes) == sum(b.ops for b in shallow.boxes)  # nothing lost, nothing doubled
