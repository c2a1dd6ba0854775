"""The Datasets page draws a sample row for every class of an ImageFolder; very many classes are paged, not cut."""

from PIL import Image

from apptest_pages import open_page
from ui.data.data_view import CLASS_ROWS


def class_folder(root, classes: int):
    for i in range(classes):
        (root / f"c{i:02d}").mkdir()
        Image.new("RGB", (8, 8), (i * 4, 0, 0)).save(root / f"c{i:02d}" / "0.png")
    return root


def open_folder(path, lang="en"):
    at = open_page("pages/data.py", lang=lang)
    at.segmented_control(key="data.name").set_value("folder").run()
    at.segmented_control(key="data.folder_source").set_value("path").run()
    at.text_input(key="data.path").input(str(path)).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    return at


def sample_rows(at) -> list[str]:
    """The class label of each sample row ("`7` c07")."""
    return [m.value for m in at.markdown if m.value.startswith("`") and " c" in m.value]


def test_all_25_classes_get_their_sample_row(tmp_path):
    at = open_folder(class_folder(tmp_path, 25))
    assert sample_rows(at) == [f"`{i}` c{i:02d}" for i in range(25)]
    assert not any("classes at a time" in c.value for c in at.caption), "no limit to state for 25 classes"


def test_more_classes_than_a_page_say_so_and_show_the_rest_on_request(tmp_path):
    count = CLASS_ROWS + 10
    at = open_folder(class_folder(tmp_path, count))
    assert sample_rows(at) == [f"`{i}` c{i:02d}" for i in range(CLASS_ROWS)]
    assert any(f"{count} classes" in c.value and f"{CLASS_ROWS} classes at a time" in c.value for c in at.caption)
    at.selectbox(key=f"data.class_range.{count}").set_value(CLASS_ROWS).run()
    assert sample_rows(at) == [f"`{i}` c{i:02d}" for i in range(CLASS_ROWS, count)]
