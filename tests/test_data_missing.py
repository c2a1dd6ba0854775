"""A dataset that is not on disk: a sentence in the reader's language that says how to get it, never a raw
library error; no download tried where it cannot work (TORCHLAB_OFFLINE, or a host that does not answer)."""

import socket
from urllib.error import HTTPError, URLError

import pytest
import torchvision.datasets

from apptest_pages import open_page
from core.data import loading as data
from core.data import paths as data_paths
@pytest.fixture
def empty_data(tmp_path, monkeypatch):
    """No dataset files, an empty cache, downloads allowed (as for a person running the app), no memo."""
    monkeypatch.setenv("TORCHLAB_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("TORCHLAB_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("TORCHLAB_OFFLINE")
    monkeypatch.setattr(data, "_memo", {})
    monkeypatch.setattr(data_paths, "_reachable", {}, raising=False)  # raising=False: also runs on the code before it
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def offline(monkeypatch):
    def no_network(*args, **kwargs):
        raise socket.gaierror(-3, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "create_connection", no_network)


def never_download(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a download was tried")

    for name in ("MNIST", "FashionMNIST", "CIFAR10"):
        monkeypatch.setattr(torchvision.datasets, name, refuse)


def failing_download(monkeypatch, exc: Exception):
    def fail(*args, **kwargs):
        raise exc

    monkeypatch.setattr(data_paths, "host_reachable", lambda url, timeout=3.0: True, raising=False)
    monkeypatch.setattr(data, "host_reachable", lambda url, timeout=3.0: True, raising=False)
    monkeypatch.setattr(torchvision.datasets, "MNIST", fail)


def test_an_unreachable_host_is_not_tried(empty_data, monkeypatch):
    offline(monkeypatch)
    never_download(monkeypatch)
    with pytest.raises(data.DatasetMissing) as info:
        data.load_split("cifar10", True)
    assert info.value.message.key == "errors.download_unreachable"
    english, chinese = str(info.value), info.value.render("zh")
    assert "cannot reach www.cs.toronto.edu" in english and str(empty_data / "data" / "cifar-10-batches-py") in english
    assert "连不上 www.cs.toronto.edu" in chinese and "本机没有 CIFAR-10 数据集" in chinese
    assert not (empty_data / "data").exists(), "nothing created for a download that cannot work"


@pytest.mark.parametrize("exc, english, chinese", [
    (URLError(socket.gaierror(-3, "Temporary failure in name resolution")), "the connection failed", "连接失败或超时"),
    (RuntimeError("Error downloading train-images-idx3-ubyte.gz:\nTried https://x/, got:\n<urlopen error timed out>"),
     "the connection failed", "连接失败或超时"),
    (HTTPError("https://x/", 404, "Not Found", {}, None), "HTTP error 404", "HTTP 错误 404"),
    (RuntimeError("File not found or corrupted."), "incomplete or damaged", "不完整或已损坏"),
    (PermissionError(13, "Permission denied", "/data/MNIST/raw"), "could not be written", "无法把文件写入"),
    (ValueError("something else"), "unexpected error (ValueError)", "意外错误（ValueError）"),
], ids=["no-connection", "every-mirror-failed", "http", "checksum", "read-only", "other"])
def test_a_failed_download_says_what_happened_in_words(empty_data, monkeypatch, exc, english, chinese):
    failing_download(monkeypatch, exc)
    with pytest.raises(data.DatasetMissing) as info:
        data.load_split("mnist", True)
    error = info.value
    assert english in str(error) and chinese in error.render("zh")
    assert "MNIST is not on this machine" in str(error) and "本机没有 MNIST 数据集" in error.render("zh")
    assert str(exc).splitlines()[0] not in error.render("zh"), "the library's words are only a detail"
    assert type(exc).__name__ in error.detail and "\n" not in error.detail


def test_the_page_explains_a_missing_dataset_in_chinese_offline(empty_data, monkeypatch):
    offline(monkeypatch)
    never_download(monkeypatch)
    at = open_page("pages/data.py", lang="zh")
    at.segmented_control(key="data.name").set_value("cifar10").run()
    assert not at.exception and not at.error
    warning = at.warning[0].value
    assert "本机没有 CIFAR-10 数据集" in warning and "连不上 www.cs.toronto.edu" in warning
    assert "urlopen" not in warning and "Errno" not in warning


def test_the_page_keeps_the_library_text_as_a_detail(empty_data, monkeypatch):
    failing_download(monkeypatch, URLError(socket.gaierror(-3, "Temporary failure in name resolution")))
    at = open_page("pages/data.py", lang="zh")
    assert not at.exception and not at.error
    warning = at.warning[0].value
    assert "从 ossci-datasets.s3.amazonaws.com 下载 MNIST 没有成功：连接失败或超时。" in warning and "urlopen" not in warning
    assert any(c.value.startswith("详细信息：URLError") for c in at.caption)
