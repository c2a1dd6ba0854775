"""The Datasets page's "Your pictures": this browser's picture sets (built on the Train page) shown as the
ImageFolders they are, with code that loads the very same folder; no set, an empty one and a vanished one
each said in words. The Home page names the sets' limits."""

import io
import runpy
import secrets

import pytest
from PIL import Image

from apptest_pages import APP, click_tab, open_page
from core.data.picture_sets import PictureSets
from streamlit.testing.v1 import AppTest

PAGE = "pages/data.py"


def png(colour) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def sets(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCHLAB_SETS", str(tmp_path / "sets"))
    return PictureSets(tmp_path / "sets")


@pytest.fixture
def owner() -> str:
    return secrets.token_urlsafe(12)  # as ui.common.identity makes them: ^[A-Za-z0-9_-]{16}$


def filled(sets: PictureSets, owner: str, name: str, counts: dict):
    found = sets.create(owner, name)
    for label, (cls, count) in enumerate(counts.items()):
        sets.add_class(owner, found.id, cls)
        sets.add_pictures(owner, found.id, cls, [(f"{n}.png", png((label * 90, n * 20, 0))) for n in range(count)])
    return sets.get(owner, found.id)


def open_folder(owner: str, lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.query_params["user"] = owner
    at.session_state["data.tab"] = "DataLoader"  # the batches' metrics: only the open tab runs
    at.run()
    at.switch_page(PAGE).run()
    at.segmented_control(key="data.name").set_value("folder").run()
    return checked(at)


def checked(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def shown(at) -> str:
    return " ".join(e.value for kind in ("caption", "info", "warning", "error", "success") for e in at.get(kind))


def test_a_set_shows_as_an_image_folder_and_its_code_loads_the_same_folder(sets, owner, tmp_path, monkeypatch):
    found = filled(sets, owner, "Pets", {"cat": 3, "dog": 4})
    filled(sets, secrets.token_urlsafe(12), "Not yours", {"x": 2, "y": 2})
    at = open_folder(owner)
    assert at.segmented_control(key="data.folder_source").value == "sets", "someone with sets starts on them"
    picker = at.selectbox(key="data.set")
    assert picker.options == ["Pets"], "only this browser's sets"
    assert "2 classes, 7 pictures: cat (3) · dog (4)" in shown(at), "its counts under it"
    assert metrics(at)["Batch shape [B, C, H, W]"] == "[7, 3, 32, 32]"
    at.selectbox(key="data.folder_size").set_value(28).run()
    code = checked(click_tab(at, "data.tab", "data.tab_code")).code[0].value
    assert f'datasets.ImageFolder("{found.path}"' in code and "your picture set “Pets”" in code
    assert owner not in code, "the owner token stays out of the code"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "snippet.py").write_text(code)
    ran = runpy.run_path(str(tmp_path / "snippet.py"), run_name="__main__")["dataset"]
    assert (len(ran), ran.classes) == (7, ["cat", "dog"]), "torchvision's ImageFolder reads what the page shows"
    assert list(ran[0][0].shape) == [3, 28, 28]


def test_no_set_yet_points_to_the_train_pages_builder(sets, owner):
    at = open_folder(owner)
    assert at.segmented_control(key="data.folder_source").value == "zip", "no sets: the zip, as before"
    at.segmented_control(key="data.folder_source").set_value("sets").run()
    assert "No picture sets yet" in checked(at).info[0].value and not at.metric
    [link] = at.get("page_link")
    assert link.value == "Build a picture set on the Train page" and link.proto.page == "train"


def test_an_empty_set_and_a_class_without_pictures_are_said_not_decoded(sets, owner):
    half = filled(sets, owner, "Half", {"cat": 2, "dog": 0})
    empty = sets.create(owner, "Nothing yet")
    at = open_folder(owner)
    at.selectbox(key="data.set").set_value(empty.id).run()  # made in the same second: either may come first
    assert "“Nothing yet” has no pictures yet" in shown(at) and not at.metric and at.get("page_link")
    at.selectbox(key="data.set").set_value(half.id).run()
    assert "classes without a picture: dog" in shown(checked(at)) and not at.metric


def test_a_set_deleted_in_another_tab_is_said_and_the_next_one_shown(sets, owner):
    older = filled(sets, owner, "Older", {"a": 2, "b": 2})
    newer = filled(sets, owner, "Newer", {"c": 3, "d": 3})
    at = open_folder(owner)
    at.selectbox(key="data.set").set_value(older.id).run()
    assert checked(at).selectbox(key="data.set").value == older.id
    sets.delete(owner, older.id)
    at.select_slider(key="data.batch_size").set_value(8).run()  # any rerun
    assert "This picture set is gone" in checked(at).warning[0].value
    assert at.selectbox(key="data.set").value == newer.id, "the one left"
    assert metrics(at)["Batch shape [B, C, H, W]"] == "[6, 3, 32, 32]"
    sets.delete(owner, newer.id)
    at.select_slider(key="data.batch_size").set_value(16).run()
    assert "No picture sets yet" in shown(checked(at)) and not at.metric


def test_a_set_deleted_while_the_page_reads_it_is_said_not_a_traceback(sets, owner, monkeypatch):
    import shutil

    from ui.data import picture_set_source

    found = filled(sets, owner, "Going", {"a": 2, "b": 2})
    real = picture_set_source.folder_signature

    def deleted_first(path):
        shutil.rmtree(found.path)  # another tab deletes it just after this run listed it
        return real(path)

    monkeypatch.setattr(picture_set_source, "folder_signature", deleted_first)
    at = open_folder(owner)
    assert "This picture set is gone" in at.error[0].value and not at.metric


def test_the_sets_speak_chinese(sets, owner):
    filled(sets, owner, "宠物", {"猫": 2, "狗": 2})
    at = open_folder(owner, "zh")
    assert at.selectbox(key="data.set").options == ["宠物"]
    assert "2 个类别，4 张图片：狗（2） · 猫（2） · 0.01 MB" in shown(at), "classes in ImageFolder's (sorted) order"
    code = click_tab(at, "data.tab", "data.tab_code", "zh").code[0].value
    assert "你的图片集“宠物”" in code and "datasets.ImageFolder(" in code


def test_home_names_the_picture_set_limits(monkeypatch):
    monkeypatch.setenv("TORCHLAB_SET_MAX_PER_CLASS", "50")
    monkeypatch.setenv("TORCHLAB_SET_MAX_MB", "30")
    for lang, words in (("en", "up to **50** pictures a class and **30** MB a set"), ("zh", "最多 **50** 张图片")):
        assert any(words in m.value for m in open_page("pages/home.py", lang).markdown), lang


def test_the_code_line_stays_code_for_any_name_and_path():
    """A Windows path's backslashes stay a path, and a name cannot break out of its comment."""
    import ast

    from core.data.loaders import picture_set_line

    root = "C:\\Users\\me\\sets\\20260101-000000-abcdefghijk"
    line = picture_set_line(root, "two\nlines\u2028here", 32)
    calls = [n for n in ast.walk(ast.parse(line)) if getattr(getattr(n, "func", None), "attr", "") == "ImageFolder"]
    assert [ast.literal_eval(call.args[0]) for call in calls] == [root]
    assert line.splitlines()[0].startswith("# your picture set “two lines here”: the folder where")
