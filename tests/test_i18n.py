"""Message catalogs: both languages complete, placeholders aligned, every key the code uses exists."""

import re
from pathlib import Path

import pytest

from core.common.i18n import LANGUAGES, LocalizedError, Message, catalog, placeholders, translate
from core.data.datasets import DATASETS
from core.data.paths import DatasetMissing
from core.data.sample_sets import SAMPLES
from core.models import list_models
from core.models.checkpoints import CheckpointError
from ui.common.catalog import PAGES

REPO = Path(__file__).resolve().parents[1]
UI_FILES = [REPO / "streamlit_app.py", *sorted((REPO / "pages").glob("*.py")), *sorted((REPO / "ui").rglob("*.py"))]
CORE_FILES = sorted((REPO / "core").rglob("*.py"))
KEY = r"[a-z_]+(?:\.[a-z0-9_-]+)+"


def test_both_catalogs_have_the_same_keys():
    en, zh = catalog("en"), catalog("zh")
    assert set(en) - set(zh) == set(), "keys missing in zh.toml"
    assert set(zh) - set(en) == set(), "keys missing in en.toml"


@pytest.mark.parametrize("key", sorted(catalog("en")))
def test_placeholders_match_across_languages(key):
    assert placeholders(catalog("en")[key]) == placeholders(catalog("zh")[key])


def test_chinese_uses_the_standard_terms():
    zh = " ".join(catalog("zh").values())
    for term in ("张量", "自动求导", "卷积", "池化", "特征图", "损失函数", "优化器", "学习率", "数据增强",
                 "混淆矩阵", "检查点"):
        assert term in zh, term


def test_every_literal_key_used_by_the_ui_exists():
    used = set()
    for path in UI_FILES:
        used |= set(re.findall(rf"""\bt\(\s*["']({KEY})["']""", path.read_text()))
    assert used, "the scan found t() calls"
    assert used - set(catalog("en")) == set()


def test_every_key_core_raises_or_yields_exists():
    used = set()
    for path in CORE_FILES:
        used |= set(re.findall(r"""["']((?:errors|train|code)\.[a-z0-9_]+)["']""", path.read_text()))
    assert {"errors.dataset_missing", "errors.ckpt_code", "train.diverged_nan"} <= used
    assert used - set(catalog("en")) == set()


def test_keys_built_from_data_exist():
    for lang in LANGUAGES:
        for entry in PAGES:
            assert translate(lang, f"pages.{entry.key}.title") and translate(lang, f"pages.{entry.key}.teaches")
        for name in list_models():
            assert translate(lang, f"models.descriptions.{name}")
        for spec in DATASETS.values():
            assert "{where}" in catalog(lang)[spec.manual_key]
        for name in SAMPLES:  # the Train page's sample sets: a title and a line about each
            assert catalog(lang)[f"pictures.sample_{name}"] and "{per_class}" in catalog(lang)[f"pictures.sample_{name}_about"]


def test_translate_fills_placeholders_and_nested_messages():
    inner = Message("errors.manual_cifar", {"where": "/data/x"})
    text = translate("zh", "errors.dataset_missing", title="CIFAR-10", manual=inner, url="u")
    assert "CIFAR-10" in text and "/data/x" in text and "{" not in text
    assert translate("fr", "home.title") == translate("en", "home.title")  # unknown language: English
    with pytest.raises(KeyError):
        translate("en", "no.such.key")


def test_core_errors_speak_both_languages():
    error = DatasetMissing.for_spec(DATASETS["mnist"])
    assert isinstance(error, LocalizedError)
    assert str(error).startswith("MNIST is not on this machine")
    assert error.render("zh").startswith("本机没有 MNIST 数据集")
    ckpt = CheckpointError("errors.ckpt_not_finite", key="fc.weight")
    assert isinstance(ckpt, ValueError) and "fc.weight" in ckpt.render("zh") and "NaN" in str(ckpt)


def test_chinese_names_the_seed_tutorials_in_chinese():
    """中文 says 教程 004 for the tutorials, never the English "seed 004"."""
    english = {key: text for key, text in catalog("zh").items() if re.search(r"\b[Ss]eed \d{3}\b", text)}
    assert english == {}
