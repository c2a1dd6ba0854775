"""The Datasets page comes back as it was left after a visit to another page: its controls and its uploaded zip."""

import io
import zipfile

from PIL import Image

from apptest_pages import open_page

PAGE = "pages/data.py"
LOADER = {"data.tab": "DataLoader"}  # the tab with the batches' metrics: only the open tab runs


def classes_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for label, name in enumerate(("ants", "bees", "cats")):
            for i in range(4):
                picture = io.BytesIO()
                Image.new("RGB", (12, 12), (label * 80, i * 40, 0)).save(picture, "PNG")
                archive.writestr(f"{name}/{i}.png", picture.getvalue())
    return out.getvalue()


def away_and_back(at):
    at.switch_page("pages/home.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def test_dataset_split_and_loader_knobs_survive_a_page_switch():
    at = open_page(PAGE, state=LOADER)
    at.segmented_control(key="data.train").set_value(False).run()
    at.select_slider(key="data.batch_size").set_value(128).run()
    at.toggle(key="data.drop_last").set_value(True).run()
    at.selectbox(key="data.sampler").set_value("subset").run()
    at.slider(key="data.valid").set_value(0.5).run()
    before = metrics(at)
    away_and_back(at)
    assert at.segmented_control(key="data.train").value is False
    assert at.select_slider(key="data.batch_size").value == 128
    assert at.toggle(key="data.drop_last").value is True
    assert at.selectbox(key="data.sampler").value == "subset" and at.slider(key="data.valid").value == 0.5
    assert metrics(at) == before == {"Batches per epoch": "39", "Samples per epoch": "4,992", "Last batch size": "128",
                                     "Batch shape [B, C, H, W]": "[128, 1, 28, 28]"}  # 5,000 of the 10,000 test images


def test_an_uploaded_zip_is_still_used_after_a_page_switch_and_can_be_forgotten():
    at = open_page(PAGE, state=LOADER)
    at.segmented_control(key="data.name").set_value("folder").run()
    at.selectbox(key="data.folder_size").set_value(28).run()
    at.file_uploader(key="data.zip").set_value(("pets.zip", classes_zip(), "application/zip")).run()
    assert metrics(at)["Batch shape [B, C, H, W]"] == "[12, 3, 28, 28]"
    assert not any("pets.zip" in c.value for c in at.caption), "the file in the uploader needs no note"
    away_and_back(at)
    assert at.segmented_control(key="data.name").value == "folder"
    assert at.selectbox(key="data.folder_size").value == 28
    assert metrics(at)["Batch shape [B, C, H, W]"] == "[12, 3, 28, 28]", "the kept zip is still the dataset"
    assert any("pets.zip" in c.value and "earlier" in c.value for c in at.caption), "the page says it uses a kept file"
    at.button(key="data.zip_forget").click().run()
    assert not at.metric and any(".zip" in i.value for i in at.info), "forgotten: back to the hint"


def test_removing_the_zip_from_the_uploader_forgets_it():
    at = open_page(PAGE, state=LOADER)
    at.segmented_control(key="data.name").set_value("folder").run()
    at.file_uploader(key="data.zip").set_value(("pets.zip", classes_zip(), "application/zip")).run()
    assert at.metric
    at.file_uploader(key="data.zip").clear().run()
    assert not at.metric and not any("pets.zip" in c.value for c in at.caption)
