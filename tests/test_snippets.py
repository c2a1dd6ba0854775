"""The code the pages show is code that runs: execute every generated snippet."""

import pytest
from run_snippet import run_script as run_in

from core.code.snippets import load_checkpoint_code, model_summary_code
from core.models import create_model, get_model_info, list_models
from core.models.checkpoints import SHIPPED, REPO_ROOT
from core.models.summary import summarize


def run_script(code: str, tmp_path, monkeypatch) -> str:
    return run_in(code, tmp_path, monkeypatch, cwd=REPO_ROOT)  # the checkpoint paths are relative to the repo


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", list_models())
def test_summary_snippet_prints_the_same_shapes_as_core(name, lang, tmp_path, monkeypatch):
    printed = run_script(model_summary_code(name, lang), tmp_path, monkeypatch)
    model = create_model(name)
    for row in summarize(model, get_model_info(name).input_shape):
        assert f"{row.kind:<10} {list(row.output_shape)}" in printed
    assert f"{sum(p.numel() for p in model.parameters())} parameters" in printed
    assert "register_model" not in model_summary_code(name)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_load_checkpoint_snippet_loads_the_shipped_model(lang, tmp_path, monkeypatch):
    code = load_checkpoint_code(f"checkpoints/{SHIPPED.name}", "convnet", lang)
    printed = run_script(code, tmp_path, monkeypatch)
    assert printed.startswith("convnet 1007590 parameters")


def test_comments_in_shown_code_follow_the_language():
    assert "钩子" in model_summary_code("convnet", "zh") and "Hook every" in model_summary_code("convnet", "en")
    assert "权重" in load_checkpoint_code("m.pt", "convnet", "zh")
