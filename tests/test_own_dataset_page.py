"""The Datasets page's "Your own Dataset" under AppTest: tensors and a mistake explained, class folders from a
sample and from a picture set of yours in Chinese, and every control kept as the browser shows it."""

import io
import secrets

from PIL import Image
from streamlit.testing.v1 import AppTest

from apptest_pages import APP, click_tab
from browser_model import controls, run, switch
from core.common.i18n import translate
from core.data.picture_sets import PictureSets


def open_own(lang: str = "en", owner: str | None = None, tab: str = "dataset") -> AppTest:
    """The Datasets page opened on "Your own Dataset" (chosen before the first run: no MNIST to load), on its
    tab `tab` (dataset, loader, code: only the open tab runs)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    if owner:
        at.query_params["user"] = owner
    at.session_state["data.name"] = "own"
    at.session_state["data.tab"] = translate(lang, f"data.tab_{tab}")
    at.run()
    at.switch_page("pages/data.py").run()
    assert at.segmented_control(key="data.name").value == "own"
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def code_blocks(at) -> list[str]:
    return [c.value for c in at.code]


def show(at, name: str, lang: str = "en") -> AppTest:
    return click_tab(at, "data.tab", f"data.tab_{name}", lang)


def test_tensors_ds_i_batches_and_a_window_that_runs_off_the_end():
    at = open_own(tab="loader")
    assert metrics(at) == {"len(loader): batches per epoch": "3", "Batches made": "3"}
    assert any(m.value == "`batch 2: [2, 2] torch.float32, labels [0, 1]`" for m in at.markdown)
    show(at, "dataset").slider(key="data.own.index").set_value(7).run()
    assert "ds[7] = (tensor([14., 15.]), tensor(1))" in code_blocks(at)
    assert 'print("ds[7] =", ds[7])' in code_blocks(show(at, "code"))[-1], "the script asks for the same sample"
    show(at, "loader")
    at.selectbox(key="data.own.mistake.tensors").set_value("sizes").run()
    assert at.error[0].value == "Batch 2 could not be made (samples ds[8], ds[9]):"
    assert any(c.startswith("RuntimeError: stack expects each tensor to be equal size") for c in code_blocks(at))
    assert any("torch.stack" in m.value for m in at.markdown), "the reason, in words"
    assert metrics(at)["Batches made"] == "2, then an error"
    at.toggle(key="data.own.drop_last").set_value(True).run()
    assert not at.error and "No error this time" in at.warning[0].value


def test_class_folders_from_a_sample_and_from_a_picture_set_in_chinese(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCHLAB_SETS", str(tmp_path / "sets"))
    owner = secrets.token_urlsafe(12)
    sets = PictureSets(tmp_path / "sets")
    found = sets.create(owner, "Pets")
    for label, cls in enumerate(("cat", "dog")):
        sets.add_class(owner, found.id, cls)
        pictures = []
        for n in range(3):
            out = io.BytesIO()
            Image.new("RGB", (40 + n * 8, 30), (label * 200, n * 60, 0)).save(out, "PNG")
            pictures.append((f"{n}.png", out.getvalue()))
        sets.add_pictures(owner, found.id, cls, pictures)
    at = open_own("zh", owner)
    at.segmented_control(key="data.own.wraps").set_value("files").run()
    assert "`len(ds)` = **30**" in [m.value for m in at.markdown]
    assert show(at, "code", "zh").get("download_button"), "the sample's zip, beside its script"
    show(at, "dataset", "zh").slider(key="data.own.index").set_value(29).run()
    at.selectbox(key="data.own.mistake.files").set_value("seed002").run()
    show(at, "loader", "zh")
    assert "第 0 个批次无法生成" in at.error[0].value and "教程 002" in "".join(m.value for m in at.markdown)
    assert any("default_collate" in c for c in code_blocks(at))
    show(at, "dataset", "zh").selectbox(key="data.own.pictures").set_value(f"set:{found.id}").run()
    assert "`len(ds)` = **6**" in [m.value for m in at.markdown], "the slider's 29 came down to the last sample"
    assert f'# 你的图片集“Pets”：运行 TorchLab 的机器保存它的文件夹，每个类别一个子文件夹\nroot = "{found.path}"\n' in \
        code_blocks(show(at, "code", "zh"))[-1] and not at.exception
    at.segmented_control(key="data.own.wraps").set_value("tensors").run()
    assert not at.exception and not at.error


def test_every_own_control_is_kept_as_the_browser_shows_it():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.session_state["data.tab"] = "DataLoader"  # where the batch size is: only the open tab runs
    at.run()
    at = switch(at, "pages/data.py")
    for key, value in (("data.name", "own"), ("data.own.rows", 6), ("data.own.batch_size", 2),
                       ("data.own.mistake.tensors", "length"), ("data.own.wraps", "files"), ("data.own.size", 64),
                       ("data.own.wraps", "tensors"), ("data.name", "mnist"), ("data.name", "own")):
        next(w for w in controls(at) if w.key == key).set_value(value)
        run(at)
    drawn = {w.key: w for w in controls(at, "data.own.")}
    assert {key: drawn[key].value for key in ("data.own.rows", "data.own.batch_size", "data.own.mistake.tensors")} == \
        {"data.own.rows": 6, "data.own.batch_size": 2, "data.own.mistake.tensors": "length"}
    scopes = {w.key: at._session_state._state.get_widget_metadata(w.id).persist_state for w in drawn.values()}
    assert set(scopes.values()) == {"session"}, scopes
