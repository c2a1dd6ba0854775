"""The Devices page under AppTest in both languages, and the scripts it shows, run as a user would."""

import re
import subprocess
import sys

import pytest
import torch
from apptest_pages import click_tab, open_code, open_page
from run_snippet import run_script

from core.code.device_snippets import (
    ddp_diff,
    ddp_script,
    machine_code,
    matmul_code,
    move_code,
    torchrun_commands,
)
from core.lessons.device_facts import available_devices, move_to

PAGE = "pages/devices.py"


def show(at, name: str, lang: str = "en"):
    """Click the tab `name`: only the open tab runs."""
    return click_tab(at, "devices.tab", f"devices_page.tabs.{name}", lang)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_timing_fills_a_row_per_device(lang):
    at = open_page(PAGE, lang=lang)
    assert any(m.label == "`torch.get_num_threads()`" and m.value == str(torch.get_num_threads()) for m in at.metric)
    assert all(not tab.children for tab in at.tabs[1:]) and not at.code, "a fresh page draws the machine alone"
    show(at, "timing", lang)
    at.select_slider(key="devices.n").set_value(256).run()
    at.button(key="devices.time").click().run()
    assert not at.dataframe, "small static tables: a dataframe's grid code costs a fresh tab more"
    table = at.table[0].value
    assert list(table.iloc[:, 0]) == available_devices() and (table.iloc[:, 3].astype(float) > 0).all()
    assert not any("n = 256" in c.value for c in at.code), "the code is built once its expander opens"
    assert any("n = 256" in c.value for c in open_code(at, "devices.code.matmul").code)
    assert not at.exception and not at.error


def test_changing_n_hides_the_old_timing_and_nproc_changes_the_commands():
    at = show(open_page(PAGE), "timing")
    at.button(key="devices.time").click().run()
    assert len(at.table) == 1
    at.select_slider(key="devices.n").set_value(512).run()
    assert not at.table, "the 1024 timing is not shown as 512's"
    show(at, "parallel")
    assert len(at.table) == 1, "DP against DDP"
    at.number_input(key="devices.nproc").set_value(4).run()
    codes = [c.value for c in at.code]
    assert "torchrun --nproc_per_node=4 -m core.train --epochs 1" in codes
    assert any("--nnodes 2 --nproc_per_node=4" in c and "--rdzv-endpoint HOST:29500" in c for c in codes)


def test_the_machine_script_prints_what_the_page_shows(tmp_path, monkeypatch):
    output = run_script(machine_code("zh"), tmp_path, monkeypatch)
    assert f"CPU threads: {torch.get_num_threads()} of" in output
    assert f"CUDA available: {torch.cuda.is_available()}" in output


@pytest.mark.parametrize("device", available_devices())
def test_the_move_script_ends_where_the_page_says(tmp_path, monkeypatch, device):
    output = run_script(move_code(device), tmp_path, monkeypatch)
    report = move_to(device)
    assert f"tensor after: {report.tensor_after}" in output and f"model after: {report.param_after}" in output


def test_the_matmul_script_reports_ms_and_gflops(tmp_path, monkeypatch):
    output = run_script(matmul_code("cpu", 256, "zh"), tmp_path, monkeypatch)
    assert re.fullmatch(r"cpu: \d+\.\d\d ms per matmul, \d+\.\d GFLOP/s\n", output)


def test_the_diff_shows_the_ddp_changes():
    diff = ddp_diff()
    for line in ('+    dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")',
                 "+        sampler.set_epoch(epoch)", "+    dist.destroy_process_group()",
                 '-    loader = DataLoader(data, batch_size=32, shuffle=True)'):
        assert any(d.startswith(line) for d in diff.splitlines()), line
    assert torchrun_commands(2)["script"] == "torchrun --standalone --nproc_per_node=2 train_ddp.py"


def test_the_ddp_script_trains_on_two_cpu_processes_with_torchrun(tmp_path):
    """The shown script, launched as shown (torchrun = python -m torch.distributed.run), gloo on the CPU."""
    (tmp_path / "train_ddp.py").write_text(ddp_script("zh"))
    done = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2",
                           "train_ddp.py"], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "CUDA_VISIBLE_DEVICES": "", "OMP_NUM_THREADS": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    for rank in (0, 1):
        assert f"rank {rank}/2 epoch 1 loss" in done.stdout and "(256 samples)" in done.stdout, done.stdout
    state = torch.load(tmp_path / "model.pt", weights_only=True)
    assert list(state) == ["0.weight", "0.bias", "2.weight", "2.bias"], "rank 0 saved model.module: no prefix"


def test_every_comment_of_the_diff_is_translated():
    """Line by line, the 中文 diff's comments differ from the English ones: none is left in English."""
    english, chinese = ddp_diff("en").splitlines(), ddp_diff("zh").splitlines()
    assert len(english) == len(chinese)
    comments = [(en.split("  # ", 1)[1], zh.split("  # ", 1)[1]) for en, zh in zip(english, chinese) if "  # " in en]
    assert len(comments) >= 8
    assert [en for en, zh in comments if en == zh] == []
    assert "(512, 20)" in ddp_diff("zh") and "features, labels" not in ddp_diff("zh")
