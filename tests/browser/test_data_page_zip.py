"""The Datasets page in chromium: upload a zip of class folders, then a zip bomb, and see what each gives."""

import io
import zipfile

from PIL import Image

from streamlit_server import exception_texts, wait_until_settled


def colours_zip(path):
    with zipfile.ZipFile(path, "w") as archive:
        for name, colour in (("red", (220, 30, 30)), ("green", (30, 200, 30)), ("blue", (30, 30, 220))):
            for i in range(7):
                png = io.BytesIO()
                Image.new("RGB", (40, 30), colour).save(png, "PNG")
                archive.writestr(f"colours/{name}/{i}.png", png.getvalue())
        archive.writestr("colours/red/notes.txt", "not a picture")


def bomb_zip(path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("cat/zeros.png", b"\0" * (20 * 2**20))


def test_upload_a_zip_of_class_folders_then_a_bomb(page, app_url, tmp_path):
    page.goto(f"{app_url}/data?lang=en")
    wait_until_settled(page, timeout_ms=60000)
    page.get_by_text("ImageFolder", exact=True).first.click()
    wait_until_settled(page)
    colours_zip(tmp_path / "colours.zip")
    page.locator('input[type="file"]').set_input_files(tmp_path / "colours.zip")
    page.get_by_text("Read 21 images in 3 classes; skipped 1 files").wait_for(timeout=30000)
    wait_until_settled(page)
    page.get_by_role("tab", name="DataLoader").click()
    assert page.get_by_text("[64, 3, 32, 32]").count() == 0, "21 images: one batch of 21"
    page.get_by_text("Batch 0: images [21, 3, 32, 32]").wait_for(timeout=15000)
    bomb_zip(tmp_path / "bomb.zip")
    page.locator('input[type="file"]').set_input_files(tmp_path / "bomb.zip")
    page.get_by_text("looks like a zip bomb").wait_for(timeout=30000)
    assert not exception_texts(page)
