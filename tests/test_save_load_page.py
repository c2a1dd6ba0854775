"""The Save & load page under AppTest in both languages, and the scripts it shows, run in a fresh Python."""

import re

import pytest
import torch

from apptest_pages import open_page
from core.models import create_model
from core.save_formats import run_script, save_both_ways
from core.save_load_snippets import checkpoint_code, missing_class_code, save_both_ways_code
from core.training_checkpoint import CheckpointConfig, build_checkpoint, resume, to_bytes

PAGE = "pages/save_load.py"


def codes(at) -> list[str]:
    return [c.value for c in at.code]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_page_shows_both_files_the_checkpoint_and_its_code(lang):
    at = open_page(PAGE, lang=lang)
    metrics = [m.value for m in at.metric]
    assert "4,033,741" in metrics, "the state_dict file's size for convnet"
    assert "core.models.seeds.ConvNet" in codes(at), "the pickled class reference"
    assert any("optimizer.load_state_dict(checkpoint[\"optimizer_state_dict\"])" in c for c in codes(at))
    assert len(at.dataframe) == 2 and not at.error


def test_choosing_a_model_changes_everything_shown():
    at = open_page(PAGE)
    at.selectbox(key="save_load.model").set_value("cifar-net").run()
    assert "core.models.seeds.CifarNet" in codes(at) and any("class CifarNet" in c for c in codes(at))
    assert not at.exception


def test_running_the_missing_class_script_shows_the_real_errors():
    at = open_page(PAGE, lang="zh")
    at.button(key="save_load.run_missing").click().run(timeout=120)
    output = next(c for c in codes(at) if c.startswith("weights_only=False:"))
    assert "AttributeError: Can't get attribute 'ConvNet'" in output
    assert "UnpicklingError: Unsupported global: GLOBAL __main__.ConvNet" in output
    assert "!!! this line ran" in output and not at.error
    assert "ModuleNotFoundError: No module named 'core'" in codes(at), "our own file, outside the repo"


def test_resuming_shows_the_restored_adam_step():
    at = open_page(PAGE)
    at.slider(key="save_load.steps").set_value(4).run()
    at.slider(key="save_load.more_steps").set_value(3).run()
    at.button(key="save_load.resume").click().run()
    assert any("**4**" in s.value and "**7**" in s.value for s in at.success)
    assert any("train_steps(model, optimizer, x, y, 3)" in c for c in codes(at))


def test_the_save_both_ways_script_writes_the_sizes_the_page_shows(tmp_path):
    output = run_script(save_both_ways_code("cnn"), tmp_path)
    pair = save_both_ways(create_model("cnn"), tmp_path / "page")
    assert f"weights.pt {pair.weights_bytes} bytes" in output, "same tensors, same state_dict file"
    whole = int(re.search(r"model.pt (\d+) bytes", output).group(1))
    assert abs(whole - pair.whole_bytes) < 200, "only the class's module name differs (__main__ vs core...)"
    for key, tensor in create_model("cnn").state_dict().items():
        assert f"{key} {list(tensor.shape)} float32" in output


def test_the_missing_class_script_fails_the_way_the_page_explains(tmp_path):
    output = run_script(missing_class_code("linear", "zh"), tmp_path).splitlines()
    assert output[0].startswith("weights_only=False: AttributeError: Can't get attribute 'LinearClassifier'")
    assert "GLOBAL __main__.LinearClassifier was not an allowed global" in output[1]
    assert "GLOBAL print was not an allowed global" in output[2]
    assert output[3] == "!!! this line ran while the file was being loaded !!!", "weights_only=False ran code"


def test_the_checkpoint_script_prints_what_the_page_computes(tmp_path):
    cfg = CheckpointConfig(model="convnet", steps=3)
    output = run_script(checkpoint_code(cfg, 2), tmp_path)
    checkpoint, losses = build_checkpoint(cfg)
    report = resume(to_bytes(checkpoint), cfg, 2)
    printed = [float(x) for x in re.findall(r"loss (\d+\.\d+)", output)]
    assert printed == pytest.approx([round(x, 4) for x in losses + report.losses], abs=2e-4)
    assert f"best_acc {checkpoint['best_acc']:.4f}" in output
    assert f"Adam step {report.step_before} exp_avg [10, 1, 5, 5]" in output
    assert output.rstrip().endswith(f"Adam step {report.step_after}")
    saved = torch.load(tmp_path / "checkpoint.pt", weights_only=True)
    assert set(saved) == {"epoch", "model_state_dict", "optimizer_state_dict", "best_acc"}
