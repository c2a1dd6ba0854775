"""Every file uploader speaks the page's language: its label is ours, and Streamlit's own words are swapped by
ui.common.uploader's scoped style sheet, which must still find them in the installed Streamlit."""

import ast
import re
from pathlib import Path

import pytest
import streamlit

from apptest_pages import open_page
from ui.common.uploader import STREAMLIT_WORDS, uploader_style, uploader_words_script

REPO = Path(__file__).resolve().parents[1]
UI_FILES = [REPO / "streamlit_app.py", *sorted((REPO / "pages").glob("*.py")), *sorted((REPO / "ui").rglob("*.py"))]
FRONTEND = Path(streamlit.__file__).parent / "static" / "static" / "js"


def test_every_uploader_goes_through_the_shared_helper():
    direct = []
    for path in UI_FILES:
        if path.name == "uploader.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr == "file_uploader":
                direct.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert direct == [], "use ui.common.uploader.file_uploader, which translates Streamlit's own words"


def styles(at) -> str:
    """The uploaders' style sheets (other style sheets, e.g. ui/common/select_text.py's on every page, left out)."""
    return "\n".join(h.value for h in at.get("html") if h.value.startswith("<style>") and "stFileUploader" in h.value)


def test_the_zip_uploader_says_upload_and_its_limit_in_chinese():
    at = open_page("pages/data.py", lang="zh")
    at.segmented_control(key="data.name").set_value("folder").run()
    css = styles(at)
    assert '.st-key-data-zip [data-testid="stFileUploaderDropzone"]' in css
    for text in ('content: "上传"', 'content: "每个文件不超过 200MB • ZIP"', 'content: "把文件拖放到这里"'):
        assert text in css, text


def test_english_needs_no_style_sheet():
    at = open_page("pages/data.py")
    at.segmented_control(key="data.name").set_value("folder").run()
    assert at.file_uploader(key="data.zip") and styles(at) == ""


@pytest.mark.parametrize("page, key, types, state", [
    ("pages/draw.py", "draw.photo", "PNG, JPG, WEBP, BMP, GIF", {}),
    ("pages/save_load.py", "save_load.upload", "PT, PTH, CKPT", {"save_load.tab": "上传检查点"}),  # its own tab
])
def test_other_pages_uploaders_are_translated_too(page, key, types, state):
    css = styles(open_page(page, lang="zh", state=state))
    scope = ".st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key)
    assert scope in css and f" • {types}\"" in css and 'content: "上传"' in css


def test_texts_cannot_break_out_of_the_style_sheet():
    css = uploader_style("a b.c", 'say "hi"', "</style><script>x</script>", "back\\slash")
    assert css.count("</style>") == 1 and "<script>" not in css
    assert ".st-key-a-b-c " in css and r'content: "say \"hi\""' in css and r'"back\\slash"' in css


def test_the_installed_streamlit_still_draws_what_the_style_sheet_replaces():
    """If an upgrade renames these, the uploader shows English again: this test says where to look."""
    uploader = "".join(p.read_text() for p in FRONTEND.glob("FileUploader.*.js"))
    for needle in ("stFileUploaderDropzone", "stFileUploaderDropzoneInstructions", "`Upload`", " per file`",
                   "`Drag and drop a file here`", "kind:h.SECONDARY"):
        assert needle in uploader, needle
    everything = "".join(p.read_text() for p in FRONTEND.glob("*.js"))
    assert "stBaseButton-" in everything and "stMarkdownContainer" in everything
    assert "`st-key-`+e.trim().replaceAll(/[^a-zA-Z0-9_-]/g,`-`)" in everything, "how a key becomes a class"


def test_the_words_script_fills_each_pattern_with_the_catalog_in_chinese_and_nothing_in_english():
    english, chinese = uploader_words_script("en"), uploader_words_script("zh")
    assert '"[data-testid=\\"stFileUploader\\"]' in english and "移除" not in english
    assert '["^Remove (.+)$", "移除 {1}"]' in chinese
    assert '"不接受 {1} 类型的文件。"' in chinese
    assert chinese.count("<script>") == 1 and chinese.count("</script>") == 1


def test_the_installed_streamlit_still_says_what_the_words_script_replaces():
    """Each pattern of STREAMLIT_WORDS, as the frontend writes it; after an upgrade, a missing one is English again."""
    everything = "".join(p.read_text() for p in FRONTEND.glob("*.js"))
    for needle in ("`${t.type} files are not allowed.`", "`File must be ${", " or smaller.`", "`File size is too small.`",
                   "`Only one file is allowed.`", "`Unexpected error. Please try again.`", "`Upload failed`",
                   "`Click to retry upload`", "`Error: `", "`Remove ${e.name}`", "`Cancel upload of ${e.name}`",
                   "`Add files`", '"aria-label":`file upload`'):
        assert needle in everything, needle
    assert len(STREAMLIT_WORDS) == 12, "a pattern added here gets its needle above"
