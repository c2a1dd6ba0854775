"""The Datasets page under AppTest: MNIST's facts and batches, samplers, an ImageFolder path, missing data."""

from PIL import Image

from apptest_pages import open_page, open_tab

from core.common.i18n import translate


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def show(at, name: str, lang: str = "en"):
    """Click the tab `name` (dataset, loader, code): only the open tab runs."""
    return open_tab(at, "data.tab", translate(lang, f"data.tab_{name}"))


def test_mnist_counts_batches_and_code():
    at = open_page("pages/data.py")
    assert all(not tab.children for tab in at.tabs[1:]) and not at.code, "a fresh page draws the dataset alone"
    counts = next(h.proto.body for h in at.get("html") if "Images per class" in h.proto.body)
    assert counts.count('title="7: ') == 1 and 'title="1: 6,742 images"' in counts, "class counts, 1s most common"
    assert not at.get("plotly_chart"), "no plotly on first view: its code alone takes a fresh tab a second"
    show(at, "loader")
    assert metrics(at) == {"Batches per epoch": "938", "Samples per epoch": "60,000", "Last batch size": "32",
                           "Batch shape [B, C, H, W]": "[64, 1, 28, 28]"}
    batches = [h.proto.body for h in at.get("html") if 'class="tl-batch"' in h.proto.body]
    assert batches and all(b.count("<figure>") == 32 for b in batches), "32 images of each batch, inline"
    assert "<figcaption>5</figcaption>" in batches[0], "each with its label (MNIST's first training image is a 5)"
    at.toggle(key="data.drop_last").set_value(True).run()
    assert metrics(at)["Batches per epoch"] == "937" and metrics(at)["Last batch size"] == "64"
    assert "DataLoader(dataset, batch_size=64, drop_last=True)" in show(at, "code").code[0].value, \
        "the code tab writes the loader tab's settings, as that tab left them"


def test_subset_sampler_turns_shuffle_off_and_splits():
    at = show(open_page("pages/data.py"), "loader")
    at.toggle(key="data.shuffle").set_value(True).run()
    at.selectbox(key="data.sampler").set_value("subset").run()
    at.slider(key="data.valid").set_value(0.5).run()
    assert at.toggle(key="data.shuffle").disabled
    assert metrics(at)["Samples per epoch"] == "30,000"
    at.slider(key="data.workers").set_value(2).run()
    code = show(at, "code").code[0].value
    assert "SubsetRandomSampler(train_idx)" in code and "shuffle=True" not in code
    assert "num_workers=2" in code and "0.5" in code and not at.exception


def test_image_folder_from_a_path_and_a_missing_one(tmp_path):
    for name in ("ants", "bees"):
        (tmp_path / name).mkdir()
        for i in range(5):
            Image.new("RGB", (40, 30), (0, i * 40, 0)).save(tmp_path / name / f"{i}.png")
    at = open_page("pages/data.py")
    at.segmented_control(key="data.name").set_value("folder").run()
    at.segmented_control(key="data.folder_source").set_value("path").run()
    at.text_input(key="data.path").input(str(tmp_path)).run()
    assert not at.exception and not at.error
    assert metrics(show(at, "loader"))["Batch shape [B, C, H, W]"] == "[10, 3, 32, 32]"
    at.text_input(key="data.path").input(str(tmp_path / "nowhere")).run()
    assert "There is no folder" in at.error[0].value and not at.exception


def test_a_host_can_close_folder_paths_to_everyone(monkeypatch):
    monkeypatch.setenv("TORCHLAB_FOLDER_PATHS", "0")  # e.g. behind a reverse proxy, where every visitor looks local
    at = open_page("pages/data.py")
    at.segmented_control(key="data.name").set_value("folder").run()
    assert at.segmented_control(key="data.folder_source").options == ["Zip of class folders"] or \
        "path" not in at.segmented_control(key="data.folder_source").options
    assert any("only for someone at the server itself" in c.value for c in at.caption)
    assert not at.text_input, "no path box to type a server folder into"


def test_missing_dataset_and_chinese():
    at = open_page("pages/data.py", lang="zh")
    at.segmented_control(key="data.name").set_value("cifar10").run()
    assert not at.exception and at.warning and "CIFAR-10" in at.warning[0].value


def test_a_damaged_zip_is_explained_in_chinese_with_zipfiles_words_as_a_detail():
    from test_image_folder import damaged_zip

    at = open_page("pages/data.py", lang="zh")
    at.segmented_control(key="data.name").set_value("folder").run()
    at.file_uploader(key="data.zip").set_value(("pets.zip", damaged_zip(), "application/zip")).run()
    assert not at.exception
    assert "压缩包中的 cat/1.png 已损坏" in at.error[0].value
    assert any(c.value.startswith("详细信息：") for c in at.caption)
