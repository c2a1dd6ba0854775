"""ImageFolder from generated folders and zips, and every bad zip refused with a message, nothing written outside."""

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from core.image_folder import ImageFolderError, extract_zip, load_folder

COLOURS = {"cat": (200, 40, 40), "dog": (40, 200, 40), "fox": (40, 40, 200)}


def png(colour, size=(20, 12)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def make_zip(entries: dict[str, bytes], **info) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name, **info) if info else name, data)
    return out.getvalue()


def classes_zip(prefix: str = "") -> bytes:
    entries = {f"{prefix}{name}/{i}.png": png(colour) for name, colour in COLOURS.items() for i in range(3)}
    entries[f"{prefix}cat/notes.txt"] = b"not a picture"
    entries[f"{prefix}dog/deeper/4.png"] = png(COLOURS["dog"])  # nested folders belong to their class
    return make_zip(entries)


def unpack(data: bytes, tmp_path: Path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    return load_folder(extract_zip(data, scratch), size=16), scratch


@pytest.mark.parametrize("prefix", ["", "my_pets/"], ids=["flat", "zip-of-a-folder"])
def test_image_folder_from_a_generated_zip(tmp_path, prefix):
    found, _ = unpack(classes_zip(prefix), tmp_path)
    assert found.classes == ("cat", "dog", "fox")
    assert found.labels.tolist() == [0, 0, 0, 1, 1, 1, 1, 2, 2, 2]
    assert tuple(found.images.shape) == (10, 3, 16, 16) and found.skipped == 1
    assert found.images[0, :, 8, 8].tolist() == list(COLOURS["cat"])


def test_the_same_labels_as_torchvision_image_folder(tmp_path):
    from torchvision.datasets import ImageFolder

    found, scratch = unpack(classes_zip(), tmp_path)
    theirs = ImageFolder(str(scratch))
    assert tuple(theirs.classes) == found.classes and theirs.targets == found.labels.tolist()


def bomb() -> bytes:
    return make_zip({"cat/zeros.png": b"\0" * (50 * 2**20)})  # 50 MB of zeros deflate to ~50 kB


@pytest.mark.parametrize("data, key", [
    (b"PK not really a zip", "errors.zip_not_zip"),
    (make_zip({"../evil/1.png": png((1, 2, 3))}), "errors.zip_unsafe_name"),
    (make_zip({"/etc/evil.png": png((1, 2, 3))}), "errors.zip_unsafe_name"),
    (bomb(), "errors.zip_bomb"),
    (make_zip({f"cat/{i}.png": b"x" for i in range(5001)}), "errors.zip_too_many"),
    (make_zip({"readme.txt": b"hi", "a.png": png((1, 2, 3))}), "errors.folder_no_classes"),
    (make_zip({"cat/1.png": png((1, 2, 3)), "dog/notes.txt": b"no pictures here"}), "errors.folder_empty_classes"),
    (make_zip({"cat/1.png": b"\x89PNG\r\n\x1a\n broken", "dog/1.png": png((1, 2, 3))}), "errors.folder_empty_classes"),
], ids=["not-zip", "dot-dot", "absolute", "bomb", "too-many", "no-classes", "empty-class", "broken-image"])
def test_bad_zips_are_refused_with_a_message(tmp_path, data, key):
    with pytest.raises(ImageFolderError) as error:
        unpack(data, tmp_path)
    assert error.value.message.key == key
    assert error.value.render("en") and error.value.render("zh")
    outside = [p for p in tmp_path.rglob("*") if not p.is_relative_to(tmp_path / "scratch")]
    assert outside == [], "nothing is written outside the scratch folder"


def test_a_symlink_in_a_zip_is_refused(tmp_path):
    info = zipfile.ZipInfo("cat/link.png")
    info.external_attr = (0o120777 << 16)  # a symbolic link, as `zip --symlinks` stores it
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(info, "/etc/passwd")
    with pytest.raises(ImageFolderError) as error:
        unpack(out.getvalue(), tmp_path)
    assert error.value.message.key == "errors.zip_unsafe_name"


def test_a_folder_that_does_not_exist(tmp_path):
    with pytest.raises(ImageFolderError) as error:
        load_folder(tmp_path / "nowhere")
    assert error.value.message.key == "errors.folder_missing" and "nowhere" in error.value.render("en")
