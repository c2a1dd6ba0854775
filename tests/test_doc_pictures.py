"""The pictures the README and docs/ show are the ones `make screenshots` writes: none missing, none
drawn by hand or left over from a layout that is gone (tools/screenshots.py's DOC_PICTURES)."""

import importlib.util
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")  # ![alt](path "title")
LINKED_IMAGE = re.compile(r"\]\(\s*<?([^)\s>]+\.(?:png|jpe?g|gif|svg|webp))\b", re.I)  # [中文](docs/pictures/x-zh.png)
HTML_IMAGE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.I)


def load_screenshots_tool():
    """tools/ is no package: load the script by its path (its browser imports wait inside main)."""
    spec = importlib.util.spec_from_file_location("screenshots_tool", REPO / "tools" / "screenshots.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


DOC_PICTURES = {picture.file for picture in load_screenshots_tool().DOC_PICTURES}


def images_in(markdown: str) -> list[str]:
    """Every image a document shows or links to, once each."""
    return sorted({*MARKDOWN_IMAGE.findall(markdown), *LINKED_IMAGE.findall(markdown), *HTML_IMAGE.findall(markdown)})


def referenced_pictures() -> list[tuple[str, str]]:
    """(document, repo-relative path) of every local image the docs show; web addresses are not ours."""
    found = []
    for doc in DOCS:
        for target in images_in(doc.read_text(encoding="utf-8")):
            if re.match(r"^[a-z]+:", target):  # https:, data:
                continue
            path = (doc.parent / target.split("#")[0].split("?")[0]).resolve()
            found.append((doc.name, path.relative_to(REPO).as_posix() if path.is_relative_to(REPO) else str(path)))
    return found


def test_every_picture_the_docs_show_exists_and_is_regenerated():
    missing = [f"{doc}: {path}" for doc, path in referenced_pictures() if not (REPO / path).is_file()]
    assert not missing, "pictures the docs show that are not in the repo:\n" + "\n".join(missing)
    by_hand = [f"{doc}: {path}" for doc, path in referenced_pictures() if path not in DOC_PICTURES]
    assert not by_hand, ("pictures `make screenshots` does not write (add them to DOC_PICTURES in "
                         "tools/screenshots.py, or show one it does):\n" + "\n".join(by_hand))


def test_every_regenerated_picture_is_in_the_repo():
    missing = sorted(path for path in DOC_PICTURES if not (REPO / path).is_file())
    assert not missing, "run `make screenshots`; missing:\n" + "\n".join(missing)


def test_both_languages_of_every_page():
    english = {path for path in DOC_PICTURES if not path.endswith("-zh.png")}
    assert {path.replace(".png", "-zh.png") for path in english} == DOC_PICTURES - english
    assert len(english) == 14, "home, the twelve pages, and the Train page's own pictures with Try it"


def test_the_scan_finds_every_kind_of_image():
    markdown = ('![Home](docs/pictures/home.png "TorchLab") [中文](docs/pictures/home-zh.png)\n'
                '<p><img width="400" src="docs/pictures/draw.png"></p> [a page](docs/preprocessing.md)')
    assert images_in(markdown) == ["docs/pictures/draw.png", "docs/pictures/home-zh.png", "docs/pictures/home.png"]
