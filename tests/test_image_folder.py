"""ImageFolder from generated folders and zips, and every bad zip refused with a message, nothing written outside."""

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from core.data.image_folder import ImageFolderError, extract_zip, load_folder

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


def test_a_folder_with_too_many_files_is_called_a_folder(tmp_path, monkeypatch):
    monkeypatch.setattr("core.data.image_folder.MAX_FILES", 3)
    for i in range(4):
        (tmp_path / ("cat" if i % 2 else "dog")).mkdir(exist_ok=True)
        (tmp_path / ("cat" if i % 2 else "dog") / f"{i}.png").write_bytes(png((1, 2, 3)))
    with pytest.raises(ImageFolderError) as error:
        load_folder(tmp_path)
    assert error.value.message.key == "errors.folder_too_many"
    assert "folder holds 4 files" in error.value.render("en") and "archive" not in error.value.render("en")
    assert "文件夹" in error.value.render("zh") and "压缩包" not in error.value.render("zh")


def test_a_zip_typed_as_a_folder_path_is_named_a_file(tmp_path):
    archive = tmp_path / "pets.zip"
    archive.write_bytes(classes_zip())
    with pytest.raises(ImageFolderError) as error:
        load_folder(archive)
    assert error.value.message.key == "errors.folder_is_file"
    assert "is a file, not a folder" in error.value.render("en") and "Upload a .zip" in error.value.render("en")


def damaged_zip() -> bytes:
    """A deflated member whose bytes were changed after zipping: its CRC (or the deflate stream) no longer fits."""
    data = bytearray(make_zip({"cat/1.png": png((1, 2, 3), size=(64, 64)), "dog/1.png": png((4, 5, 6))}))
    start = data.index(b"cat/1.png") + len("cat/1.png")  # the first member's data follows its local header
    for i in range(start + 10, start + 40):
        data[i] ^= 0x55
    return bytes(data)


def patched_zip(local_offset: int, central_offset: int, value: int) -> bytes:
    """A one-member zip with a 2-byte header field set in both headers (zipfile itself would not write it)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("cat/1.png", png((1, 2, 3)))
    data = bytearray(out.getvalue())
    local, central = data.index(b"PK\x03\x04"), data.index(b"PK\x01\x02")
    data[local + local_offset:local + local_offset + 2] = value.to_bytes(2, "little")
    data[central + central_offset:central + central_offset + 2] = value.to_bytes(2, "little")
    return bytes(data)


@pytest.mark.parametrize("data, key, words", [
    (damaged_zip(), "errors.zip_damaged", "已损坏"),
    (patched_zip(6, 8, 0x1), "errors.zip_encrypted", "设有密码"),  # flag bit 0: encrypted, wants a password
    (patched_zip(8, 10, 9), "errors.zip_method", "Deflate64"),  # method 9: Deflate64, which zipfile cannot read
], ids=["damaged", "password", "deflate64"])
def test_zips_python_cannot_unpack_get_a_sentence_not_a_traceback(tmp_path, data, key, words):
    with pytest.raises(ImageFolderError) as error:
        unpack(data, tmp_path)
    assert error.value.message.key == key and words in error.value.render("zh")
    assert "cat/1.png" in error.value.render("en")


def test_a_damaged_member_keeps_zipfiles_words_as_a_detail(tmp_path):
    with pytest.raises(ImageFolderError) as error:
        unpack(damaged_zip(), tmp_path)
    assert error.value.detail and error.value.detail.split(":")[0] in {"BadZipFile", "error", "EOFError"}
    assert error.value.detail not in error.value.render("zh")


def test_an_unreadable_folder_is_a_sentence(tmp_path, monkeypatch):
    (tmp_path / "cat").mkdir()

    def forbidden(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "iterdir", forbidden)
    with pytest.raises(ImageFolderError) as error:
        load_folder(tmp_path)
    assert error.value.message.key == "errors.folder_unreadable" and str(tmp_path) in error.value.render("zh")
    assert "Permission denied" in error.value.detail and "Permission denied" not in error.value.render("zh")
