"""The Train page's plain-PyTorch script writes TensorBoard events as TorchLab's own runs do:
the same tags, at the same steps, the same sample batch, and a graph."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from core.code.training_code import training_loop_code
from core.training.config import TrainConfig
from core.training.loop import seeded_model, train
from core.training.tensorboard_log import EPOCH_TAGS, SAMPLE_TAG, STEP_TAGS, tensorboard_log
from mnist_raw import mnist_root  # noqa: F401  (a fixture)
from run_snippet import run_script
from shape_folder import own_cache, shapes  # noqa: F401  (fixtures)


def _events(folder: Path):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    accumulator = EventAccumulator(str(folder))
    accumulator.Reload()
    return accumulator


def _app_run(config: TrainConfig, folder: Path):
    """What a Train-page job writes (core.training.jobs does exactly this), read back."""
    with tensorboard_log(folder, config) as log:
        for record in train(config, seeded_model(config)):
            log(record)
    return _events(folder)


def _script_run(config: TrainConfig, tmp_path: Path, monkeypatch, data_root: str = "data"):
    code = training_loop_code(config, data_root=data_root)
    tmp_path.mkdir()
    printed = run_script(code, tmp_path, monkeypatch)
    folders = list((tmp_path / "runs").iterdir())
    assert len(folders) == 1 and folders[0].name in printed, printed  # it names the folder it wrote
    return _events(folders[0])


def _pixels(accumulator, tag: str) -> np.ndarray:
    (event,) = accumulator.Images(tag)
    return np.asarray(Image.open(io.BytesIO(event.encoded_image_string)))


def _ops(accumulator) -> list[str]:
    return [node.op for node in accumulator.Graph().node if node.op.startswith("aten::")]


def _same_events(script, app) -> None:
    assert script.Tags()["scalars"] and sorted(script.Tags()["scalars"]) == sorted(app.Tags()["scalars"])
    assert sorted(app.Tags()["scalars"]) == sorted(STEP_TAGS + EPOCH_TAGS)
    assert script.Tags()["images"] == app.Tags()["images"] == [SAMPLE_TAG]
    assert script.Tags()["graph"] and app.Tags()["graph"]
    for tag in STEP_TAGS + EPOCH_TAGS:  # the same x axis: global steps 1.., epochs 1..
        assert [e.step for e in script.Scalars(tag)] == [e.step for e in app.Scalars(tag)], tag
    lr = [e.value for e in script.Scalars("train/lr")]
    assert lr == pytest.approx([e.value for e in app.Scalars("train/lr")], rel=1e-6)
    assert _ops(script) == _ops(app)  # the same layers, in the same order


def test_the_script_logs_what_a_torchlab_run_logs(mnist_root, tmp_path, monkeypatch):  # noqa: F811
    config = TrainConfig(model="convnet", dataset="mnist", train_subset=200, test_subset=100, epochs=2,
                         batch_size=100, device="cpu", schedule="cosine")
    app = _app_run(config, tmp_path / "app")
    script = _script_run(config, tmp_path / "script", monkeypatch, str(mnist_root))
    _same_events(script, app)
    assert [e.step for e in app.Scalars("train/loss")] == [1, 2, 3, 4]  # 2 steps × 2 epochs
    lr = [e.value for e in app.Scalars("train/lr")]
    assert lr[0] == pytest.approx(config.lr) and lr[-1] < lr[0]  # cosine: the rate each step used
    sample = _pixels(script, SAMPLE_TAG)
    assert sample.shape[:2] == (8 * 28, 8 * 28)  # 64 pictures, 8 to a row, no padding
    np.testing.assert_array_equal(sample, _pixels(app, SAMPLE_TAG))  # the very same pictures


def test_the_folder_script_logs_what_a_torchlab_run_logs(shapes, tmp_path, monkeypatch):  # noqa: F811
    config = TrainConfig(dataset=f"folder:{shapes}", model="cifar-net", epochs=1, batch_size=12, augment=True,
                         device="cpu")
    app = _app_run(config, tmp_path / "app")
    script = _script_run(config, tmp_path / "script", monkeypatch)
    _same_events(script, app)
    ours, theirs = _pixels(app, SAMPLE_TAG), _pixels(script, SAMPLE_TAG)
    assert ours.shape == theirs.shape == (5 * 37, 8 * 37, 3)  # 36 training pictures kept at 37 px, 8 to a row
    # The same 36 pictures, pixel for pixel; TorchLab shuffles its training rows once more (classes
    # mixed), the script keeps them class by class: compare them as sets of tiles.
    assert _tiles(ours, 37) == _tiles(theirs, 37)


def _tiles(grid: np.ndarray, side: int) -> list[bytes]:
    rows, cols = grid.shape[0] // side, grid.shape[1] // side
    tiles = [grid[r * side:(r + 1) * side, c * side:(c + 1) * side].tobytes() for r in range(rows) for c in range(cols)]
    return sorted(tile for tile in tiles if any(tile))  # the grid's empty end is black
