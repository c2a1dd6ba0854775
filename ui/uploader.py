"""st.file_uploader with Streamlit's own words in the reader's language.

Streamlit 1.67 draws "Upload", "200MB per file • ZIP" and, while a file is dragged over it,
"Drag and drop a file here" itself, in English, and st.file_uploader has no parameter to change
them (streamlit/streamlit#13500 asks for one). Until it has, every uploader of the app is drawn
through `file_uploader` below: in a language other than English it adds a style sheet scoped to
that uploader's key (the `st-key-…` class Streamlit gives a keyed element) that hides those
words and shows the catalog's instead with CSS `content`. The style sheet finds them by
Streamlit's data-testid attributes; should an upgrade rename those, the English words simply
come back (tests/test_uploader.py checks the installed frontend still has them).
"""

from __future__ import annotations

import json
import re

import streamlit as st

from core.i18n import DEFAULT_LANGUAGE
from ui.i18n import current_language, t

ZONE = '[data-testid="stFileUploaderDropzone"]'
BUTTON_TEXT = '[data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p'
LIMIT_TEXT = '[data-testid="stFileUploaderDropzoneInstructions"] span'
DRAG_TEXT = "div:not([data-testid]) > span"  # the overlay drawn over the zone while a file is dragged over it
SMALL = "0.875rem"  # Streamlit's theme.fontSizes.sm: the size of all three texts
ALIASES = {"jpeg": "jpg", "tiff": "tif", "htm": "html", "mpeg": "mpg", "mpeg4": "mp4"}  # one name per type, as Streamlit lists them


def file_uploader(label: str, type: list[str] | None = None, *, key: str, **kwargs):
    """st.file_uploader(label, type, key=key, **kwargs), its built-in texts in the page's language.

    Named after Streamlit's function on purpose: tests/test_no_bare_strings.py checks its label and help too."""
    lang = current_language()
    if lang != DEFAULT_LANGUAGE:
        limit_mb = kwargs.get("max_upload_size") or st.get_option("server.maxUploadSize")
        st.html(uploader_style(key, t("uploader.button"), _limit_text(limit_mb, type),
                               t("uploader.drop_many" if kwargs.get("accept_multiple_files") else "uploader.drop")))
    return st.file_uploader(label, type=type, key=key, **kwargs)


def uploader_style(key: str, button: str, limit: str, drop: str) -> str:
    """A <style> (Streamlit puts a style-only st.html out of the page's flow) that swaps the three texts
    of the uploader `key`: each original text is shrunk to nothing and the new one drawn after it."""
    scope = f".st-key-{re.sub(r'[^a-zA-Z0-9_-]', '-', key.strip())} {ZONE}"  # Streamlit's own key -> class rule
    rules = []
    for selector, text in ((BUTTON_TEXT, button), (LIMIT_TEXT, limit), (f"> {DRAG_TEXT}", drop)):
        rules.append(f"{scope} {selector} {{ font-size: 0; }}")
        rules.append(f"{scope} {selector}::after {{ content: {_css_string(text)}; font-size: {SMALL}; }}")
    return "<style>\n" + "\n".join(rules) + "\n</style>"


def _limit_text(limit_mb: int, types: list[str] | str | None) -> str:
    """"200MB per file • ZIP" in the page's language, the types listed as Streamlit lists them."""
    text = t("uploader.limit", size=f"{limit_mb}MB")
    if types:
        names = []
        for kind in [types] if isinstance(types, str) else types:
            name = kind.lstrip(".").lower()
            name = ALIASES.get(name, name).upper()
            if name not in names:
                names.append(name)
        text += " • " + ", ".join(names)
    return text


def _css_string(text: str) -> str:
    """A CSS string literal: JSON's quoting, with < escaped so no text can close the <style> element."""
    return json.dumps(text, ensure_ascii=False).replace("<", "\\3c ")
