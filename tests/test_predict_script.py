"""Take it home: the generated predict.py, run as a person runs it, prints what the page shows."""

import ast
import os
import subprocess
import sys

import numpy as np
import pytest
import torch
from PIL import Image

from core.code.predict_script import center_crop_code, predict_script
from core.data.folder_dataset import center_crop, stored_size
from core.data.shape_pictures import CLASSES, shape_picture
from core.models import create_model, get_model_info, list_models
from core.models.checkpoints import load_checkpoint, read_metadata, save_checkpoint
from core.models.heads import with_classes
from core.vision.picture_predict import checkpoint_input, classify
from run_snippet import run_script

from folder_checkpoint import shapes_checkpoint  # noqa: F401  (fixture)
from shape_folder import own_cache, shapes  # noqa: F401  (fixtures)

COLOUR_MODELS = [name for name in list_models() if get_model_info(name).input_shape[0] == 3]


def printed(output: str) -> dict[str, float]:
    """{class: probability} from predict.py's lines "0.912345  circle", most likely first."""
    rows = [line.split(maxsplit=1) for line in output.strip().splitlines()]
    return {name: float(p) for p, name in rows}


def page(checkpoint, picture) -> dict[str, float]:
    loaded = load_checkpoint(checkpoint)
    return dict(classify(loaded.model, checkpoint_input(loaded, picture), loaded.classes))


def assert_same(script: dict[str, float], shown: dict[str, float]) -> None:
    assert next(iter(script)) == next(iter(shown)), "the same top class"
    assert script.keys() == shown.keys()
    np.testing.assert_allclose([script[c] for c in shown], list(shown.values()), atol=1e-4)


def test_predict_py_runs_alone_and_prints_what_the_page_shows(shapes_checkpoint, shapes, tmp_path):
    (tmp_path / "predict.py").write_text(predict_script(read_metadata(shapes_checkpoint)))
    picture = shapes / "triangle" / "0002.png"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # TorchLab is not importable from there
    ran = subprocess.run([sys.executable, "predict.py", str(shapes_checkpoint), str(picture)], cwd=tmp_path,
                         env=env, capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    assert_same(printed(ran.stdout), page(shapes_checkpoint, picture))


def photo_file(folder, size, exif_orientation=None) -> str:
    """A JPEG photo of a shape, not square; turned by its EXIF tag if one is given."""
    picture = shape_picture("circle", 64, np.random.default_rng(3)).resize(size)
    exif = Image.Exif()
    if exif_orientation:
        exif[0x0112] = exif_orientation
    path = folder / f"photo-{size[0]}x{size[1]}.jpg"
    picture.save(path, "JPEG", quality=90, exif=exif.tobytes())
    return str(path)


@pytest.mark.parametrize("size, orientation", [((90, 60), None), ((60, 91), 6), ((2100, 1500), None)],
                         ids=["landscape", "turned-by-exif", "big-jpeg"])
def test_a_photo_reads_as_on_the_page(shapes_checkpoint, tmp_path, monkeypatch, size, orientation):
    picture = photo_file(tmp_path, size, orientation)
    monkeypatch.setattr(sys, "argv", ["predict.py", str(shapes_checkpoint), picture])
    output = run_script(predict_script(read_metadata(shapes_checkpoint)), tmp_path, monkeypatch)
    assert_same(printed(output), page(shapes_checkpoint, picture))


@pytest.mark.parametrize("name", COLOUR_MODELS)
def test_every_colour_model_gets_a_script_that_runs(name, tmp_path, monkeypatch):
    """The registry's source, its head for three classes, its input size: for whatever model a folder trains."""
    torch.manual_seed(0)
    model = with_classes(create_model(name), len(CLASSES))
    shape = list(get_model_info(name).input_shape)
    meta = {"classes": list(CLASSES), "input_shape": shape, "input_stats": [[0.5, 0.4, 0.3], [0.2, 0.25, 0.3]],
            "config": {"model": name, "dataset": "folder:/nowhere"}}
    save_checkpoint(tmp_path / "model.pt", model, name, meta)
    code = predict_script(read_metadata(tmp_path / "model.pt"))
    imported = {n.module if isinstance(n, ast.ImportFrom) else a.name
                for n in ast.walk(ast.parse(code)) if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}
    assert {m.split(".")[0] for m in imported} <= {"math", "sys", "torch", "torchvision", "PIL"}, "no TorchLab import"
    picture = tmp_path / "shape.png"
    shape_picture("square", 80, np.random.default_rng(1)).save(picture)
    monkeypatch.setattr(sys, "argv", ["predict.py", str(tmp_path / "model.pt"), str(picture)])
    assert_same(printed(run_script(code, tmp_path, monkeypatch)), page(tmp_path / "model.pt", picture))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_script_is_python_with_comments_in_the_language(shapes_checkpoint, lang):
    code = predict_script(read_metadata(shapes_checkpoint), lang)
    ast.parse(code)
    assert ("类别" in code) == (lang == "zh")
    assert "CLASSES = ['circle', 'square', 'triangle']" in code and "transforms.CenterCrop(32)" in code


def test_the_centre_crop_is_trainings_for_every_size():
    """torchvision's CenterCrop rounds its offset, training floors it: the script writes whichever agrees."""
    namespace = {"transforms": __import__("torchvision.transforms").transforms}
    for size in range(8, 300):
        side = stored_size(size)
        pixels = torch.arange(side * side, dtype=torch.int32).view(1, side, side)
        crop = eval(center_crop_code(side, size), namespace)
        picture = Image.fromarray(pixels[0].numpy())
        assert np.array_equal(np.asarray(crop(picture)), center_crop(pixels, size)[0].numpy()), size
