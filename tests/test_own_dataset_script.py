"""The "your own Dataset" script (core.code.dataset_snippets) runs and prints what the page computed:
len(ds), ds[i], every shown batch, and the epoch's end, or stops with the very error the page shows."""

import pytest
from run_snippet import run_script

from core.code.dataset_snippets import dataset_class_code, own_dataset_code
from core.lessons.own_dataset import MISTAKES, OwnDatasetConfig, build_dataset, error_line, read_item
from core.lessons.own_dataset_files import class_folders, write_lesson_pictures
from core.lessons.own_dataset_loader import DONE_LINE, LoaderChoice, walk_loader


def check_script(config, choice, index, folder, monkeypatch, shown_root=None, lang="en"):
    """Run the script and compare each line with the page's numbers."""
    ds = build_dataset(config)
    item, walk = read_item(ds, index, config.wraps), walk_loader(ds, choice)
    code = own_dataset_code(config, choice, index, lang, shown_root)
    if item.error or walk.failure:
        with pytest.raises(Exception) as raised:
            run_script(code, folder, monkeypatch)
        assert error_line(raised.value) == (item.error or walk.failure.error)
        return
    printed = run_script(code, folder, monkeypatch)
    assert printed.startswith(f"len(ds) = {len(ds)}")
    page = [item.text, f"len(loader) = {walk.length}", *(batch.line for batch in walk.batches),
            DONE_LINE.format(count=walk.made)]
    assert printed.split("\n", 1)[1] == "\n".join(page) + "\n"


@pytest.mark.parametrize("mistake", MISTAKES["tensors"])
@pytest.mark.parametrize("maker, shuffle", [("arange", False), ("randn", True)])
def test_tensors_script_prints_the_page(mistake, maker, shuffle, tmp_path, monkeypatch):
    config = OwnDatasetConfig(rows=9, features=3, maker=maker, mistake=mistake, seed=2)
    check_script(config, LoaderChoice(batch_size=2, shuffle=shuffle, seed=1), 4, tmp_path, monkeypatch)


@pytest.mark.parametrize("mistake", MISTAKES["files"])
def test_class_folders_script_prints_the_page(mistake, tmp_path, monkeypatch):
    root = write_lesson_pictures("faces", tmp_path / "faces", per_class=4)
    config = OwnDatasetConfig(wraps="files", root=str(root), classes=class_folders(root), size=28, mistake=mistake)
    check_script(config, LoaderChoice(batch_size=3, shuffle=True), 5, tmp_path, monkeypatch, shown_root="faces")


def test_the_index_past_the_end_stops_the_script_as_it_stops_the_page(tmp_path, monkeypatch):
    config = OwnDatasetConfig(rows=5, mistake="length")
    check_script(config, LoaderChoice(), 5, tmp_path, monkeypatch)


def test_a_batch_of_one_hides_the_missing_resize(tmp_path, monkeypatch):
    root = write_lesson_pictures("shapes", tmp_path / "shapes", per_class=2)
    config = OwnDatasetConfig(wraps="files", root=str(root), classes=class_folders(root), mistake="sizes")
    check_script(config, LoaderChoice(batch_size=1, drop_last=True), 3, tmp_path, monkeypatch, shown_root="shapes")


def test_the_mistake_is_one_marked_line_and_comments_speak_chinese():
    right = dataset_class_code(OwnDatasetConfig(wraps="files", classes=("a",)))
    wrong = dataset_class_code(OwnDatasetConfig(wraps="files", classes=("a",), mistake="seed002"), "zh")
    assert "v2.Resize((32, 32))" in right and "←" not in right
    assert "# ← 错误（教程 002 的 MyData）：PIL 图像和文件夹名\n        return image, self.label\n" in wrong
    assert "排一下序" in wrong and wrong.count("←") == 1
    code = own_dataset_code(OwnDatasetConfig(maker="randn"), LoaderChoice(shuffle=True, drop_last=True), 3, "zh")
    assert "torch.randn(10, 2)" in code and "shuffle=True, drop_last=True" in code and "偶数行或奇数行" in code
    compile(code, "snippet.py", "exec")
