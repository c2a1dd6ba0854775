"""Save & load and Devices in chromium: uploads get clear messages, a checkpoint is described, timing shows."""

import io

import torch
from streamlit_server import exception_texts, wait_until_drawn, wait_until_settled

from core.models import create_model
from core.models.training_checkpoint import CheckpointConfig, build_checkpoint, to_bytes


def upload(page, path) -> None:
    page.locator('input[type="file"]').set_input_files(path)


def test_uploads_get_a_clear_message_and_a_checkpoint_is_described(page, app_url, tmp_path):
    page.goto(f"{app_url}/save_load?lang=en")
    wait_until_settled(page, timeout_ms=60000)
    page.get_by_role("tab", name="Upload a checkpoint").click()  # only the open tab runs
    page.locator('input[type="file"]').wait_for(state="attached", timeout=30000)
    (tmp_path / "notes.pt").write_bytes(b"these are my lecture notes, not a checkpoint")
    upload(page, tmp_path / "notes.pt")
    page.get_by_text("This is not a PyTorch checkpoint, or it is cut short").wait_for(timeout=30000)
    buffer = io.BytesIO()
    torch.save(create_model("linear"), buffer)  # a whole pickled model: refused, never unpickled
    (tmp_path / "whole.pt").write_bytes(buffer.getvalue())
    upload(page, tmp_path / "whole.pt")
    page.get_by_text("TorchLab never runs code from a file").wait_for(timeout=30000)
    (tmp_path / "mine.pt").write_bytes(to_bytes(build_checkpoint(CheckpointConfig(model="linear", steps=1))[0]))
    upload(page, tmp_path / "mine.pt")
    page.get_by_text("mine.pt is a training checkpoint").wait_for(timeout=30000)
    page.get_by_text("Its weights fit TorchLab's").wait_for(timeout=30000)
    wait_until_settled(page)
    assert not exception_texts(page)


def test_the_matmul_timing_runs_in_chinese(page, app_url):
    page.goto(f"{app_url}/devices?lang=zh")
    wait_until_settled(page, timeout_ms=60000)
    page.get_by_role("tab", name="矩阵乘法计时").click()  # only the open tab runs
    page.get_by_role("button", name="开始计时").click()
    page.get_by_text("每次运行的数字都会有波动").wait_for(timeout=30000)  # shown with the timing table
    wait_until_settled(page)
    wait_until_drawn(page)
    assert page.locator('[data-testid="stTable"]').count() == 1, "the timing table"
    assert not page.locator('[data-testid="stDataFrame"]').count(), "static tables: no grid code for the browser"
    assert not exception_texts(page)
