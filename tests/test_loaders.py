"""The Datasets page's DataLoader facts against a real DataLoader, and the code it shows, executed."""

import gzip
import shutil

import pytest
import torch
from torch.utils.data import DataLoader, TensorDataset

from core.data.loaders import (LoaderSettings, batch_counts, build_sampler, class_counts, first_batches, folder_line,
                          loader_code, torchvision_line)
from core.data.loading import data_dir, load_split
from run_snippet import run_script

SETTINGS = [LoaderSettings(batch_size=64), LoaderSettings(batch_size=64, drop_last=True),
            LoaderSettings(batch_size=100, shuffle=True, seed=3), LoaderSettings(batch_size=32, sampler="subset"),
            LoaderSettings(batch_size=7, sampler="random", drop_last=True),
            LoaderSettings(batch_size=1000, sampler="sequential")]


@pytest.mark.parametrize("settings", SETTINGS, ids=lambda s: f"{s.batch_size}-{s.sampler}-{s.drop_last}")
def test_batch_counts_match_a_real_dataloader(settings):
    n = 1003
    data = TensorDataset(torch.zeros(n, 1, 2, 2), torch.zeros(n))
    loader = DataLoader(data, batch_size=settings.batch_size, shuffle=settings.shuffles, drop_last=settings.drop_last,
                        sampler=build_sampler(settings, n))
    sizes = [len(y) for _, y in loader]
    assert batch_counts(settings, n) == (len(sizes), sizes[-1])


def test_class_counts_and_first_batches():
    labels = torch.tensor([0, 2, 2, 1, 2])
    assert class_counts(labels, 4) == [1, 1, 3, 0]
    images = torch.arange(5, dtype=torch.uint8).view(5, 1, 1, 1)
    batches = first_batches(images, labels, LoaderSettings(batch_size=2))
    assert [b[1].tolist() for b in batches] == [[0, 2], [2, 1]]
    shuffled = first_batches(images, labels, LoaderSettings(batch_size=2, shuffle=True, seed=1))
    again = first_batches(images, labels, LoaderSettings(batch_size=2, shuffle=True, seed=1))
    assert [b[1].tolist() for b in shuffled] == [b[1].tolist() for b in again], "the seed repeats the order"


@pytest.mark.parametrize("settings", [LoaderSettings(batch_size=128, shuffle=True, seed=5),
                                      LoaderSettings(batch_size=64, sampler="subset", valid_share=0.1, num_workers=2)],
                         ids=["shuffle", "subset-workers"])
def test_mnist_code_prints_what_the_page_shows(tmp_path, monkeypatch, settings):
    raw = tmp_path / "data" / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for gz in (data_dir() / "MNIST" / "raw").glob("*.gz"):  # torchvision reads only the unpacked files
        with gzip.open(gz) as fin, open(raw / gz.stem, "wb") as fout:
            shutil.copyfileobj(fin, fout)
    split = load_split("mnist", train=True)
    page = first_batches(split.images, split.labels, settings)
    code = loader_code(settings, torchvision_line("MNIST", str(tmp_path / "data"), True))
    out = run_script(code, tmp_path, monkeypatch)
    count, _ = batch_counts(settings, len(split))
    assert f"batches: {count}" in out
    for i, (images, labels) in enumerate(page):
        assert f"batch {i} {list(images.shape)} torch.uint8 {labels[:8].tolist()}" in out


def test_image_folder_code_runs(tmp_path, monkeypatch):
    from PIL import Image

    for name in ("ants", "bees"):
        (tmp_path / "pics" / name).mkdir(parents=True)
        for i in range(3):
            Image.new("RGB", (30, 20), (i * 50, 0, 0)).save(tmp_path / "pics" / name / f"{i}.png")
    code = loader_code(LoaderSettings(batch_size=4), folder_line(str(tmp_path / "pics"), 32))
    out = run_script(code, tmp_path, monkeypatch)
    assert "['ants', 'bees']" in out and "batches: 2" in out and "batch 0 [4, 3, 32, 32] torch.uint8 [0, 0, 0, 1]" in out


def test_the_code_speaks_chinese_and_says_where_to_unzip():
    code = loader_code(LoaderSettings(sampler="subset"), folder_line("my_images", 32, from_zip=True, lang="zh"), "zh")
    assert "把你的 .zip 解压" in code and "留出 20% 作为验证集" in code
    compile(code, "snippet.py", "exec")
