"""Both ways to save, read by their bytes: sizes, state_dict rows, the pickled class reference."""

import pytest
import torch

from core.models import create_model
from core.models.save_formats import (class_references, load_elsewhere, pickled_globals, run_script, save_both_ways,
                               state_dict_rows)


def test_both_files_are_written_and_the_whole_model_is_a_little_larger(tmp_path):
    pair = save_both_ways(create_model("convnet"), tmp_path)
    assert pair.weights_path.stat().st_size == pair.weights_bytes > 4_000_000  # 1.0M float32 parameters
    assert pair.weights_bytes < pair.whole_bytes < pair.weights_bytes * 1.01, "same tensors plus structure"


def test_state_dict_rows_give_keys_shapes_and_dtypes():
    rows = state_dict_rows(create_model("convnet").state_dict())
    assert [r.key for r in rows][:2] == ["conv1.weight", "conv1.bias"]
    assert rows[0].shape == (10, 1, 5, 5) and rows[0].dtype == "float32" and rows[0].numel == 250


def test_the_whole_model_names_its_class_and_the_state_dict_names_none(tmp_path):
    pair = save_both_ways(create_model("cifar-net"), tmp_path)
    assert class_references(pair.whole_path) == ["core.models.seeds.CifarNet"]
    assert "torch.nn.modules.conv.Conv2d" in pickled_globals(pair.whole_path)
    assert class_references(pair.weights_path) == []
    assert "collections.OrderedDict" in pickled_globals(pair.weights_path)


def test_run_script_returns_output_and_reports_failures(tmp_path):
    assert run_script("print(6 * 7)", tmp_path) == "42\n"
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        run_script("1 / 0", tmp_path)
    with pytest.raises(RuntimeError, match="no answer after"):
        run_script("import time\ntime.sleep(30)", tmp_path, timeout=1)


def test_run_script_is_isolated_from_the_repo(tmp_path):
    """A fresh Python in another folder cannot import our modules: like a stranger loading the file."""
    with pytest.raises(RuntimeError, match="No module named 'core'"):
        run_script("import core.models", tmp_path)
    assert torch.__version__.split("+")[0] in run_script("import torch; print(torch.__version__)", tmp_path)


def test_our_whole_model_file_fails_outside_the_repo(tmp_path):
    pair = save_both_ways(create_model("linear"), tmp_path / "saved")
    assert load_elsewhere(pair.whole_path, tmp_path) == "ModuleNotFoundError: No module named 'core'"
    assert "No module" not in run_script('import torch\nprint(torch.load("saved/weights.pt").keys())', tmp_path)
