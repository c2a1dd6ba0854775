"""The Save & load page under AppTest in both languages, and the scripts it shows, run in a fresh Python."""

import io
import re

import pytest
import torch
from torch import nn

from apptest_pages import click_tab, open_page, open_page_on_tab
from markdown_tables import tables
from seed_004 import seed_004_state
from core.code.save_load_snippets import checkpoint_code, missing_class_code, save_both_ways_code
from core.models import create_model
from core.models.save_formats import run_script, save_both_ways
from core.models.training_checkpoint import CheckpointConfig, build_checkpoint, resume, synthetic_batch, to_bytes, train_steps

PAGE = "pages/save_load.py"


CODE_PANELS = ("two_ways", "missing_class", "strict", "checkpoint", "relu")  # save_load.code.<name>: built once opened


def on_tab(name: str, lang: str = "en"):
    """The page opened on its tab `name`: only the open tab runs."""
    return open_page_on_tab(PAGE, lang, "save_load.tab", f"save_load_page.tabs.{name}")


def codes(at) -> list[str]:
    return [c.value for c in at.code]


def with_code_open(at):
    """Open every "same in plain PyTorch" expander (each builds its code only once opened)."""
    for name in CODE_PANELS:
        at.session_state[f"save_load.code.{name}"] = True
    return at.run()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_page_shows_both_files_the_checkpoint_and_its_code(lang):
    at = open_page(PAGE, lang=lang)
    assert all(not tab.children for tab in at.tabs[1:]), "a fresh page draws its first tab alone"
    assert not codes(at), "no code block on arrival: closed expanders build none, one-liners are inline"
    assert any(m.value == '`torch.save(model.state_dict(), "weights.pt")`' for m in at.markdown)
    at = with_code_open(at)
    metrics = [m.value for m in at.metric]
    assert "4,033,741" in metrics, "the state_dict file's size for convnet"
    assert any("`core.models.seeds.ConvNet`" in m.value for m in at.markdown), "the pickled class reference"
    assert not at.table and not at.error, "markdown: no Arrow code on a fresh tab"
    assert tables(at)[0][1:3] == [["conv1.weight", "[10, 1, 5, 5]", "float32", "250"],
                                  ["conv1.bias", "[10]", "float32", "10"]], "the state_dict's tensors"
    at = with_code_open(on_tab("checkpoint", lang))
    assert any("optimizer.load_state_dict(checkpoint[\"optimizer\"])" in c for c in codes(at))
    assert any("`{format, model, state_dict, meta_json}`" in i.value for i in at.info), "where ours differs"
    assert len(at.table) == 1 and not at.error, "the checkpoint's leaves"


def test_choosing_a_model_changes_everything_shown():
    at = with_code_open(open_page(PAGE))
    at.selectbox(key="save_load.model").set_value("cifar-net").run()
    assert any("`core.models.seeds.CifarNet`" in m.value for m in at.markdown)
    assert any("class CifarNet" in c for c in codes(at))
    assert not at.exception
    click_tab(at, "save_load.tab", "save_load_page.tabs.checkpoint")
    assert at.selectbox(key="save_load.model").value == "cifar-net", "one model for both tabs that save one"
    assert any('"arch": "cifar-net"' in c for c in codes(at)), "the checkpoint's code saves that model"


def test_running_the_missing_class_script_shows_the_real_errors():
    at = open_page(PAGE, lang="zh")
    at.button(key="save_load.run_missing").click().run(timeout=120)
    output = next(c for c in codes(at) if c.startswith("weights_only=False:"))
    assert "AttributeError: Can't get attribute 'ConvNet'" in output
    assert "UnpicklingError: Unsupported global: GLOBAL __main__.ConvNet" in output
    assert "!!! this line ran" in output and not at.error
    assert "ModuleNotFoundError: No module named 'core'" in codes(at), "our own file, outside the repo"


def test_resuming_shows_the_restored_adam_step():
    at = on_tab("checkpoint")
    at.slider(key="save_load.steps").set_value(4).run()
    at.slider(key="save_load.more_steps").set_value(3).run()
    at.button(key="save_load.resume").click().run()
    assert any("**4**" in s.value and "**7**" in s.value for s in at.success)
    at = with_code_open(at)
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
    assert f"start_epoch 1 arch convnet best_acc1 {checkpoint['best_acc1']:.2f}" in output
    assert f"Adam step {report.step_before} exp_avg [10, 1, 5, 5]" in output
    assert output.rstrip().endswith(f"Adam step {report.step_after}")
    saved = torch.load(tmp_path / "checkpoint.pt", weights_only=True)
    assert tuple(saved) == ("epoch", "arch", "state_dict", "best_acc1", "optimizer"), "seed 004's keys, in its order"


def test_the_page_builds_and_shows_the_checkpoint_seed_004_writes(tmp_path):
    cfg = CheckpointConfig(model="cnn", steps=2)
    ours, _ = build_checkpoint(cfg)
    torch.manual_seed(cfg.seed)  # the same training, then seed 004's own dict
    model = create_model("cnn")
    x, y = synthetic_batch(cfg)
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    train_steps(model, optimizer, x, y, cfg.steps)
    with torch.no_grad():
        acc1 = 100 * (model.eval()(x).argmax(1) == y).float().mean().item()
    theirs = seed_004_state(model, optimizer, "cnn", epoch=0, best_acc1=acc1)
    assert list(ours) == list(theirs), "the same keys, in seed 004's order"
    assert [type(v) for v in ours.values()] == [type(v) for v in theirs.values()]
    assert (ours["epoch"], ours["arch"], ours["best_acc1"]) == (theirs["epoch"], theirs["arch"], theirs["best_acc1"])
    assert all(torch.equal(ours["state_dict"][k], v) for k, v in theirs["state_dict"].items())
    assert ours["optimizer"]["param_groups"] == theirs["optimizer"]["param_groups"]

    run_script(checkpoint_code(cfg, 1), tmp_path)  # the code the page shows writes that dict too
    shown = torch.load(tmp_path / "checkpoint.pt", weights_only=True)
    assert list(shown) == list(theirs) and shown["arch"] == "cnn" and shown["epoch"] == 1
    assert shown["best_acc1"] == pytest.approx(theirs["best_acc1"])


def saved(obj) -> bytes:
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_seed_004_checkpoint_from_dataparallel_is_accepted_by_the_upload(lang):
    torch.manual_seed(0)
    model = create_model("convnet")
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    data = saved(seed_004_state(nn.DataParallel(model), optimizer, "convnet", epoch=11, best_acc1=98.5))
    at = on_tab("upload", lang)
    at.file_uploader(key="save_load.upload").set_value(("checkpoint.pt", data, "")).run()
    assert not at.error and not at.exception
    assert "`state_dict`" in at.success[0].value and any("**convnet**" in m.value for m in at.markdown)
    paths = at.table[0].value.iloc[:, 0].tolist()  # every leaf of the uploaded file
    assert "state_dict.module.conv1.weight" in paths and "best_acc1" in paths and "arch" in paths


def test_a_file_without_weights_gets_the_same_message_as_on_the_draw_page():
    at = on_tab("upload")
    at.file_uploader(key="save_load.upload").set_value(("notes.pt", saved({"epoch": 3, "note": "hi"}), "")).run()
    assert "TorchLab finds no weights" in at.error[0].value and "{epoch, note}" in at.error[0].value
