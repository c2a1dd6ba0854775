"""The Draw page's plain-PyTorch script, run as a person would run it: it must read digit.png as the page does."""

import ast
import io
import re

import numpy as np
import pytest
from PIL import Image

from core.code.digit_snippet import digit_inference_code
from core.models.checkpoints import SHIPPED
from core.vision.inference import predict
from digit_sources import Cell, make_cell
from drawn_digits import paper_photo
from core.models import create_model
from run_snippet import run_script
from test_checkpoint_layouts import LAYOUTS, trained

CLEANING_SHOWN = {"lighting", "paper", "pen"}  # what the script spells out of a photo's cleaning


def printed_probabilities(output: str) -> list[float]:
    return ast.literal_eval(re.search(r"probabilities: (\[.*\])", output).group(1))


def save_png(image, folder) -> None:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    (folder / "digit.png").write_bytes(buffer.getvalue())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_script_is_valid_python_with_comments_in_the_language(lang):
    code = digit_inference_code(SHIPPED, "convnet", "digit.png", lang)
    ast.parse(code)
    assert ("白字" in code) == (lang == "zh")


@pytest.mark.parametrize("cell", [Cell("canvas", 280, 20, "light"), Cell("pen", 280, 15, "dark"), Cell("mnist", 28, 0, "light"),
                                  Cell("optdigits", 8, 0, "dark"), Cell("pen", 1200, 8, "light"), Cell("pen", 280, 1, "light"), Cell("pen", 280, 60, "dark")], ids=lambda c: c.name)
def test_a_drawing_reads_exactly_as_on_the_page(cell, tmp_path, monkeypatch):
    code = digit_inference_code(SHIPPED, "convnet", "digit.png")
    for _, image in make_cell(cell, 3, seed=4):
        save_png(image, tmp_path)
        page = predict((tmp_path / "digit.png").read_bytes(), keep_steps=True)
        shown = printed_probabilities(run_script(code, tmp_path, monkeypatch))
        assert np.allclose(shown, page.probs, atol=1e-4)


def test_a_photo_reads_as_on_the_page(tmp_path, monkeypatch):
    code = digit_inference_code(SHIPPED, "convnet", "digit.png")
    compared = 0
    for i in range(20):
        digit = i % 10
        save_png(paper_photo(digit, np.random.default_rng([21, i]), paper="plain").convert("RGB"), tmp_path)
        page = predict((tmp_path / "digit.png").read_bytes(), keep_steps=True)
        ran = {s.key.removeprefix("draw.step_") for s in page.steps if s.why and "inverted" not in s.why}
        if not ran <= CLEANING_SHOWN:
            continue  # a step the script only names (desk, lines, specks, pen width)
        shown = printed_probabilities(run_script(code, tmp_path, monkeypatch))
        assert int(np.argmax(shown)) == page.label
        assert np.allclose(shown, page.probs, atol=0.05)
        compared += 1
    assert compared >= 8, "photos with only the spelled-out steps are common enough to compare"


def test_a_run_trained_with_seed_003s_normalisation_is_fed_as_it_was_trained(tmp_path, monkeypatch):
    import copy

    from core.data.normalization import remember_normalization
    from core.vision.inference import shipped_model

    half = ((0.5,), (0.5,))  # seed 003's Normalize((0.5,), (0.5,))
    model = remember_normalization(copy.deepcopy(shipped_model()), half)
    code = digit_inference_code(SHIPPED, "convnet", "digit.png", stats=half)
    assert "- 0.5) / 0.5)" in code and "0.1307" not in code
    _, image = make_cell(Cell("canvas", 280, 20, "light"), 1, seed=9)[0]
    save_png(image, tmp_path)
    page = predict((tmp_path / "digit.png").read_bytes(), model)
    assert np.allclose(printed_probabilities(run_script(code, tmp_path, monkeypatch)), page.probs, atol=1e-4)


def test_the_script_reads_seed_004s_checkpoint_layout(tmp_path, monkeypatch):
    import torch

    from core.models.checkpoints import load_checkpoint

    shipped = load_checkpoint(SHIPPED).model
    state = {f"module.{k}": v for k, v in shipped.state_dict().items()}  # as nn.DataParallel saves it
    torch.save({"epoch": 1, "arch": "convnet", "state_dict": state, "best_acc1": 99.0, "optimizer": {}},
               tmp_path / "checkpoint.pth")  # seed 004's save_checkpoint
    code = digit_inference_code(tmp_path / "checkpoint.pth", "convnet", "digit.png")
    _, image = make_cell(Cell("pen", 280, 15, "light"), 1, seed=2)[0]
    save_png(image, tmp_path)
    page = predict((tmp_path / "digit.png").read_bytes())
    assert np.allclose(printed_probabilities(run_script(code, tmp_path, monkeypatch)), page.probs, atol=1e-4)


DRAW_LAYOUTS = [name for name in LAYOUTS if "torchvision" not in name]  # the Draw page reads 1×28×28 models


@pytest.fixture(scope="module")
def convnet_and_optimizer():
    import torch

    torch.manual_seed(0)
    return trained(create_model("convnet"))


@pytest.mark.parametrize("layout", DRAW_LAYOUTS)
def test_the_script_runs_on_every_file_the_weights_uploader_accepts(layout, convnet_and_optimizer, tmp_path, monkeypatch):
    """The page's code for an uploaded file must run on that very file, whatever its layout."""
    from core.models.checkpoints import load_checkpoint

    model, optimizer = convnet_and_optimizer
    data = LAYOUTS[layout](model, optimizer, tmp_path)
    (tmp_path / "weights.pt").write_bytes(data)
    _, image = make_cell(Cell("canvas", 280, 20, "light"), 1, seed=3)[0]
    save_png(image, tmp_path)
    page = predict((tmp_path / "digit.png").read_bytes(), load_checkpoint(data).model)
    code = digit_inference_code(tmp_path / "weights.pt", "convnet", "digit.png")
    assert np.allclose(printed_probabilities(run_script(code, tmp_path, monkeypatch)), page.probs, atol=1e-4)
