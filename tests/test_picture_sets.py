"""Picture sets (core.data.picture_sets): sets built from uploads or a .zip, kept per owner, refused in words
when a name, a picture, a zip or a limit is wrong, and never written outside their folder."""

import io
import os
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image

from core.common.host_limits import host_limits
from core.common.image_io import ImageError
from core.data import image_folder, picture_sets
from core.data.image_folder import ImageFolderError
from core.data.picture_checks import MAX_SIDE, PictureSetError, SetLimits, check_class_name, thumbnail_png
from core.data.picture_sets import MAX_CLASSES, PictureSets
from core.training.config import TrainConfig
from core.training.run_data import class_count

OWNER, OTHER = "A" * 16, "B" * 16


def png(width=32, height=24, colour=(200, 40, 40), kind="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, kind)
    return out.getvalue()


def huge_png(width=20_000, height=20_000) -> bytes:
    """A tiny file whose header claims width×height pixels (a decompression bomb's trick)."""
    data = bytearray(png(8, 8))
    ihdr = data[12:29]  # b"IHDR" + 13 bytes
    ihdr[4:12] = struct.pack(">II", width, height)
    data[12:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)))
    return bytes(data)


def zipped(entries: dict) -> bytes:
    """name -> bytes (a file), None (a folder entry), or ("link", target) (a symbolic link)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            if data is None:
                archive.writestr(zipfile.ZipInfo(name if name.endswith("/") else name + "/"), b"")
            elif isinstance(data, tuple):
                info = zipfile.ZipInfo(name)
                info.external_attr = (0o120777 << 16)  # a symlink, as Info-ZIP stores one
                archive.writestr(info, data[1])
            else:
                archive.writestr(name, data)
    return out.getvalue()


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


@pytest.fixture
def home(tmp_path):
    """tmp_path/sets holds the sets; tmp_path/outside must never change."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "keep.txt").write_text("mine")
    return tmp_path


@pytest.fixture
def store(home):
    return PictureSets(home / "sets", SetLimits(per_class=5, total_mb=2))


@pytest.fixture
def pets(store):
    """A set with classes cat (2 pictures) and dog (none)."""
    found = store.create(OWNER, "Pets")
    store.add_class(OWNER, found.id, "cat")
    store.add_class(OWNER, found.id, "dog")
    store.add_pictures(OWNER, found.id, "cat", [("a.png", png()), ("b.jpg", png(kind="JPEG"))])
    return store.get(OWNER, found.id)


def test_a_built_set_is_an_image_folder_a_run_can_name(store, pets):
    assert pets.counts == {"cat": 2, "dog": 0}
    assert sorted(p.name for p in store.pictures(OWNER, pets.id, "cat")) == ["1.png", "2.png"]
    assert pets.problem().key == "errors.folder_too_few", "dog has no picture yet"
    store.add_pictures(OWNER, pets.id, "dog", [("c.png", png(colour=(0, 0, 200)))] * 2)
    ready = store.get(OWNER, pets.id)
    assert ready.problem() is None and ready.dataset == "folder:" + str(ready.path)
    assert class_count(TrainConfig(dataset=ready.dataset)) == 2
    assert OWNER not in ready.dataset, "the owner's token is private: it never goes into a run's config"
    assert store.list(OWNER)[0].name == "Pets" and store.owned(OWNER, ready.dataset) == ready


def test_pictures_are_kept_re_encoded_and_no_larger_than_512(store, pets):
    store.add_pictures(OWNER, pets.id, "dog", [("wide.jpg", png(1600, 900, kind="JPEG")), ("gif", png(kind="GIF"))])
    for path in store.pictures(OWNER, pets.id, "dog"):
        with Image.open(path) as kept:
            assert kept.format == "PNG" and kept.mode == "RGB" and max(kept.size) <= MAX_SIDE
    with Image.open(store.pictures(OWNER, pets.id, "dog")[0]) as wide:
        assert wide.size == (512, 288), "proportions kept"
    thumb = Image.open(io.BytesIO(thumbnail_png(store.pictures(OWNER, pets.id, "dog")[0])))
    assert max(thumb.size) == 64


def test_bad_pictures_are_named_and_the_good_ones_kept(store, pets):
    added = store.add_pictures(OWNER, pets.id, "dog", [
        ("notes.txt", b"hello"), ("dot.png", png(1, 1)), ("thin.png", png(600, 8)), ("empty.png", b""),
        ("huge.png", huge_png()), ("big.png", huge_png(10_000, 5_000)), ("fine.png", png()),
        ("cut.png", png(64, 64)[:60])])
    assert added.added == 1
    why = {name: message.key for name, message in added.refused}
    assert why == {"notes.txt": "errors.image_not_image", "dot.png": "errors.set_picture_small",
                   "thin.png": "errors.set_picture_small", "empty.png": "errors.image_empty",
                   "huge.png": "errors.image_bomb", "big.png": "errors.image_too_large",
                   "cut.png": "errors.image_truncated"}
    dot = dict(added.refused)["dot.png"]
    assert "1×1" in dot.render("en") and "1×1" in dot.render("zh") and dot.render("en") != dot.render("zh")
    assert store.get(OWNER, pets.id).counts["dog"] == 1


@pytest.mark.parametrize("name, shown", [
    ("cat/dog", "“/”"), ("..", "“.”"), (".", "“.”"), ("a\\b", "“\\”"), ("tab\there", "U+0009"),
    ("cats & dogs", "“&”"), ("x" * 41, "at most 40"), ("  ", "Give the class a name"), ("__MACOSX", "skip"),
    ("nul\x00", "U+0000"),
])
def test_odd_class_names_are_refused_naming_what_is_wrong(store, pets, name, shown):
    with pytest.raises(PictureSetError) as refused:
        store.add_class(OWNER, pets.id, name)
    assert shown in str(refused.value)
    assert refused.value.render("zh") != str(refused.value)
    assert store.get(OWNER, pets.id).counts == pets.counts


def test_class_names_in_any_script_are_fine_and_unique_regardless_of_capitals(store, pets):
    assert check_class_name("  猫 ") == "猫" and check_class_name("बिल्ली") == "बिल्ली"
    assert check_class_name("thumbs-up_2") == "thumbs-up_2"
    with pytest.raises(PictureSetError, match="already a class"):
        store.add_class(OWNER, pets.id, "CAT")
    store.rename_class(OWNER, pets.id, "dog", "Hund")
    assert store.get(OWNER, pets.id).counts == {"Hund": 0, "cat": 2}
    for n in range(MAX_CLASSES - 2):
        store.add_class(OWNER, pets.id, f"c{n}")
    with pytest.raises(PictureSetError, match="at most 10 classes"):
        store.add_class(OWNER, pets.id, "one too many")


def test_the_limits_refuse_a_whole_batch_and_keep_the_set(store, pets):
    before = files_under(pets.path)
    with pytest.raises(PictureSetError) as full:
        store.add_pictures(OWNER, pets.id, "cat", [("p.png", png())] * 4)  # 2 + 4 > 5
    assert "limit of 5 a class" in str(full.value) and "“cat” holds 2" in str(full.value)
    noise = Image.frombytes("RGB", (512, 512), os.urandom(512 * 512 * 3))  # a PNG that cannot be compressed
    big = io.BytesIO()
    noise.save(big, "PNG")
    with pytest.raises(PictureSetError, match="over this server's limit of 2 MB"):
        store.add_pictures(OWNER, pets.id, "dog", [("noise.png", big.getvalue())] * 3)
    assert files_under(pets.path) == before


def test_a_failed_add_loses_nothing(store, pets, monkeypatch):
    before = {p: p.read_bytes() for p in store.pictures(OWNER, pets.id, "cat")}
    real_rename, moves = os.rename, []

    def rename(source, target):
        moves.append(target)
        if len(moves) == 2:
            raise OSError(28, "No space left on device")
        real_rename(source, target)

    monkeypatch.setattr(picture_sets.os, "rename", rename)
    with pytest.raises(OSError):
        store.add_pictures(OWNER, pets.id, "cat", [("x.png", png()), ("y.png", png())])
    monkeypatch.undo()
    assert {p: p.read_bytes() for p in store.pictures(OWNER, pets.id, "cat")} == before
    assert files_under(pets.path) == {"cat", "dog", "cat/1.png", "cat/2.png"}
    assert not any((store.root / ".staging").iterdir()), "no scratch left behind"


def test_owners_never_see_each_others_sets(store, pets):
    assert store.list(OTHER) == [] and store.owned(OTHER, pets.dataset) is None
    for attempt in (lambda: store.get(OTHER, pets.id), lambda: store.add_class(OTHER, pets.id, "mine"),
                    lambda: store.add_pictures(OTHER, pets.id, "cat", [("p.png", png())]),
                    lambda: store.remove_picture(OTHER, pets.id, "cat", "1.png"),
                    lambda: store.remove_class(OTHER, pets.id, "cat"), lambda: store.delete(OTHER, pets.id)):
        with pytest.raises(PictureSetError, match="belongs to another browser"):
            attempt()
    assert store.get(OWNER, pets.id) == pets
    with pytest.raises(ValueError):
        store.create("../" + OWNER, "sneaky")


def test_removing_touches_only_what_was_named(store, pets, home):
    for picture in ("../../outside/keep.txt", "/etc/passwd", "1.png/..", "cat"):
        with pytest.raises(PictureSetError):
            store.remove_picture(OWNER, pets.id, "cat", picture)
    for name in ("..", "../outside", "."):
        with pytest.raises(PictureSetError):
            store.remove_class(OWNER, pets.id, name)
    store.remove_picture(OWNER, pets.id, "cat", "1.png")
    assert [p.name for p in store.pictures(OWNER, pets.id, "cat")] == ["2.png"]
    store.add_pictures(OWNER, pets.id, "cat", [("again.png", png())])
    assert [p.name for p in store.pictures(OWNER, pets.id, "cat")] == ["2.png", "3.png"], "never reuses a name"
    store.remove_class(OWNER, pets.id, "dog")
    store.delete(OWNER, pets.id)
    assert store.list(OWNER) == [] and files_under(store.root) == {".staging"}
    assert files_under(home / "outside") == {"keep.txt"}


def test_a_zip_of_class_folders_becomes_a_set(store):
    found, added = store.import_zip(OWNER, zipped({
        "pets/cat/1.png": png(), "pets/cat/2.jpg": png(kind="JPEG"), "pets/cat/deeper/3.png": png(),
        "pets/dog/1.png": png(), "pets/dog/readme.txt": b"not a picture", "pets/dog/.DS_Store": b"x",
        "__MACOSX/pets/cat/._1.png": b"x", "pets/dog/tiny.png": png(2, 2)}), "pets")
    assert found.name == "pets" and found.counts == {"cat": 3, "dog": 1} and added.added == 4
    assert {name: m.key for name, m in added.refused} == {"dog/readme.txt": "errors.image_not_image",
                                                          "dog/tiny.png": "errors.set_picture_small"}
    assert files_under(found.path) == {"cat", "dog", "cat/1.png", "cat/2.png", "cat/3.png", "dog/1.png"}


@pytest.mark.parametrize("entries, error, words", [
    ({"cat/1.png": png(), "cat/2.png": png()}, PictureSetError, "has one (cat)"),
    ({"cat/1.png": png(), "dog/": None}, PictureSetError, "hold no images: dog"),
    ({"cat/1.png": png(), "dog/notes.txt": b"hello"}, PictureSetError, "hold no images: dog"),
    ({"cat/1.png": png(), "cats & dogs/1.png": png()}, PictureSetError, "“&”"),
    ({"cat/1.png": png(), "Cat/1.png": png()}, PictureSetError, "same name apart from capitals"),
    ({"cat/1.png": png(), "../evil.png": png()}, ImageFolderError, "unsafe path"),
    ({"cat/1.png": png(), "/abs/evil.png": png()}, ImageFolderError, "unsafe path"),
    ({"cat/1.png": png(), "../evil/": None}, ImageFolderError, "unsafe path"),
    ({"cat/1.png": png(), "dog/link.png": ("link", b"../../outside/keep.txt")}, ImageFolderError, "unsafe path"),
    ({f"c{n}/1.png": png() for n in range(11)}, PictureSetError, "at most 10 classes"),
    ({"cat/1.png": png(), **{f"dog/{n}.png": png() for n in range(6)}}, PictureSetError, "limit of 5 a class"),
], ids=["one-class", "empty-folder", "no-pictures", "odd-name", "twice", "dotdot", "absolute", "dotdot-folder",
        "link", "eleven-classes", "too-many-pictures"])
def test_a_bad_zip_is_refused_in_words_and_leaves_no_set(store, pets, home, entries, error, words):
    before = files_under(store.root)
    with pytest.raises(error) as refused:
        store.import_zip(OWNER, zipped(entries), "bad")
    assert words in str(refused.value) and refused.value.render("zh") != str(refused.value)
    assert files_under(store.root) == before and [s.id for s in store.list(OWNER)] == [pets.id]
    assert files_under(home) - files_under(store.root) == {"outside", "outside/keep.txt"} | {
        "sets/" + name for name in files_under(store.root)} | {"sets"}


def test_zips_with_too_many_files_or_not_a_zip(store, monkeypatch):
    monkeypatch.setattr(image_folder, "MAX_FILES", 3)
    with pytest.raises(ImageFolderError, match="holds 4 files; the limit is 3"):
        store.import_zip(OWNER, zipped({f"c{n % 2}/{n}.png": png() for n in range(4)}), "many")
    with pytest.raises(ImageFolderError, match="not a .zip"):
        store.import_zip(OWNER, b"PK but not really", "junk")
    assert store.list(OWNER) == []


def test_the_host_sets_the_limits_and_a_typo_keeps_the_default():
    limits = host_limits({"TORCHLAB_SET_MAX_PER_CLASS": "50", "TORCHLAB_SET_MAX_MB": "20"})
    assert (limits.set_max_per_class, limits.set_max_mb) == (50, 20)
    typo = host_limits({"TORCHLAB_SET_MAX_PER_CLASS": "1", "TORCHLAB_SET_MAX_MB": "lots"})
    assert (typo.set_max_per_class, typo.set_max_mb) == (200, 100) and len(typo.problems) == 2


def test_sets_live_beside_the_runs_unless_told(monkeypatch, tmp_path):
    monkeypatch.delenv("TORCHLAB_SETS", raising=False)
    monkeypatch.setenv("TORCHLAB_RUNS", str(tmp_path / "class" / "runs"))
    assert picture_sets.sets_dir() == tmp_path / "class" / "sets"
    monkeypatch.setenv("TORCHLAB_SETS", str(tmp_path / "elsewhere"))
    assert PictureSets().root == tmp_path / "elsewhere"


def test_an_image_error_is_what_image_io_raises():
    with pytest.raises(ImageError):
        picture_sets.picture_png(b"not an image")


def test_an_owners_sets_never_share_a_name(store):
    """The page tells sets apart by name (a select keeps an option by its label): a second "Pets" is "Pets (2)"."""
    first = store.create(OWNER, "Pets")
    second = store.create(OWNER, "pets")
    zipped_set, _ = store.import_zip(OWNER, zipped({"a/1.png": png(), "a/2.png": png(), "b/1.png": png(),
                                                    "b/2.png": png()}), "Pets")
    assert [first.name, second.name, zipped_set.name] == ["Pets", "pets (2)", "Pets (3)"]
    assert store.create(OTHER, "Pets").name == "Pets"  # another browser's sets are its own


def test_a_run_on_a_set_names_it_as_its_owner_did(home, monkeypatch):
    """Messages about a run (e.g. a model that cannot eat colour pictures) say the set's name, not its path."""
    from core.training.run_data import dataset_title

    monkeypatch.setenv("TORCHLAB_SETS", str(home / "sets"))
    store = PictureSets(home / "sets", SetLimits(per_class=5, total_mb=2))
    found = store.create(OWNER, "Leaves")
    assert picture_sets.set_name(found.path) == "Leaves"
    assert dataset_title(TrainConfig(dataset=found.dataset)) == "“Leaves”"
    assert picture_sets.set_name(home) is None  # any other folder
    assert dataset_title(TrainConfig(dataset=f"folder:{home}")) == str(home)
