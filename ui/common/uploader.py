"""st.file_uploader with Streamlit's own words in the reader's language.

Streamlit 1.67 draws "Upload", "200MB per file • ZIP" and, while a file is dragged over it,
"Drag and drop a file here" itself, in English, and st.file_uploader has no parameter to change
them (streamlit/streamlit#13500 asks for one). Until it has, every uploader of the app is drawn
through `file_uploader` below: in a language other than English it adds a style sheet scoped to
that uploader's key (the `st-key-…` class Streamlit gives a keyed element) that hides those
words and shows the catalog's instead with CSS `content`. The style sheet finds them by
Streamlit's data-testid attributes; should an upgrade rename those, the English words simply
come back (tests/test_uploader.py checks the installed frontend still has them).

Once a file is in, Streamlit writes more words no style sheet can replace, because they carry the
file's name or type: the error shown when the mouse is over a refused file ("text/plain files are
not allowed."), and what a screen reader says ("Remove photo.png", "Add files"). A small script
(`uploader_words_script`) rewrites those from the catalog, matching Streamlit's English exactly
(STREAMLIT_WORDS); in English it puts Streamlit's own words back.
"""

from __future__ import annotations

import json
import re

import streamlit as st

from core.common.i18n import DEFAULT_LANGUAGE, translate
from ui.common.i18n import current_language, t
from ui.common.page_script import hidden_script

ZONE = '[data-testid="stFileUploaderDropzone"]'
BUTTON_TEXT = '[data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p'
LIMIT_TEXT = '[data-testid="stFileUploaderDropzoneInstructions"] span'
DRAG_TEXT = "div:not([data-testid]) > span"  # the overlay drawn over the zone while a file is dragged over it
SMALL = "0.875rem"  # Streamlit's theme.fontSizes.sm: the size of all three texts
ALIASES = {"jpeg": "jpg", "tiff": "tif", "htm": "html", "mpeg": "mpg", "mpeg4": "mp4"}  # one name per type, as Streamlit lists them

# Streamlit 1.67's own English in and around an uploader (its utils.*.js and FileUploader.*.js), as anchored
# patterns, with the catalog key that says it and the names its (groups) fill, in order.
STREAMLIT_WORDS = (
    (r"^(.+) files are not allowed\.$", "uploader.refused_type", ("type",)),
    (r"^File must be (.+) or smaller\.$", "uploader.too_large", ("size",)),
    (r"^File size is too small\.$", "uploader.too_small", ()),
    (r"^Only one file is allowed\.$", "uploader.only_one", ()),
    (r"^Unexpected error\. Please try again\.$", "uploader.unexpected", ()),
    (r"^Upload failed$", "uploader.failed", ()),
    (r"^Click to retry upload$", "uploader.retry", ()),
    (r"^Error: (.*)$", "uploader.error", ("message",)),  # the screen reader's alert: "Error: " then the message
    (r"^Remove (.+)$", "uploader.remove", ("name",)),
    (r"^Cancel upload of (.+)$", "uploader.cancel", ("name",)),
    (r"^Add files$", "uploader.add", ()),
    (r"^file upload$", "uploader.input", ()),
)
# An uploader, and the tooltip of a refused file (drawn outside the uploader, at the page's end).
WORDS_SCOPE = '[data-testid="stFileUploader"], [data-testid="stTooltipErrorContent"]'

WORDS_SCRIPT = """<script>
(() => {
  const scope = %s;
  const words = window.__torchlabUploaderWords || (window.__torchlabUploaderWords = {seen: new WeakMap()});
  words.rules = %s.map(([pattern, text]) => [new RegExp(pattern), text]);  // empty in English
  const render = (english) => {
    for (const [pattern, text] of words.rules) {
      const found = english.match(pattern);
      if (found) return text.replace(/\\{(\\d)\\}/g, (_, i) => found[Number(i)] ?? '');
    }
    return english;
  };
  // Each text node and attribute remembers Streamlit's English and what was written over it: a value
  // that is not ours is new English from Streamlit, and a later language can start again from it.
  const put = (owner, slot, now, write) => {
    const seen = words.seen.get(owner) || {};
    if (!seen[slot] || seen[slot].written !== now) seen[slot] = {english: now};
    seen[slot].written = render(seen[slot].english);
    words.seen.set(owner, seen);
    if (seen[slot].written !== now) write(seen[slot].written);
  };
  words.fix = () => {
    for (const root of document.querySelectorAll(scope)) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        put(node, 'text', node.nodeValue, (text) => { node.nodeValue = text; });
      }
      for (const el of [root, ...root.querySelectorAll('[aria-label], [title]')]) {
        for (const name of ['aria-label', 'title']) {
          if (el.hasAttribute(name)) put(el, name, el.getAttribute(name), (text) => el.setAttribute(name, text));
        }
      }
    }
  };
  if (!words.observer) {  // one observer per tab, however many uploaders and runs
    let queued = false;
    words.observer = new MutationObserver(() => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => { queued = false; words.fix(); });
    });
    words.observer.observe(document.body, {childList: true, subtree: true, characterData: true,
                                           attributes: true, attributeFilter: ['aria-label', 'title']});
  }
  words.fix();
})();
</script>"""


def file_uploader(label: str, type: list[str] | None = None, *, key: str, **kwargs):
    """st.file_uploader(label, type, key=key, **kwargs), its built-in texts in the page's language.

    Named after Streamlit's function on purpose: tests/test_no_bare_strings.py checks its label and help too."""
    lang = current_language()
    if lang != DEFAULT_LANGUAGE:
        limit_mb = kwargs.get("max_upload_size") or st.get_option("server.maxUploadSize")
        st.html(uploader_style(key, t("uploader.button"), _limit_text(limit_mb, type),
                               t("uploader.drop_many" if kwargs.get("accept_multiple_files") else "uploader.drop")))
    _add_words_script(key, lang)
    return st.file_uploader(label, type=type, key=key, **kwargs)


def _add_words_script(key: str, lang: str) -> None:
    """The script of uploader_words_script, in a container of its own that the page never shows.

    Also in English: after a switch back it puts Streamlit's own words where the others were."""
    hidden_script(f"{_css_class(key)}-words", uploader_words_script(lang))


def uploader_words_script(lang: str) -> str:
    """A <script> that rewrites Streamlit's English around every uploader in `lang` (nothing in English)."""
    rules = [] if lang == DEFAULT_LANGUAGE else [
        (pattern, translate(lang, key, **{name: f"{{{i}}}" for i, name in enumerate(names, start=1)}))
        for pattern, key, names in STREAMLIT_WORDS]
    return WORDS_SCRIPT % (_js(WORDS_SCOPE), _js(rules))


def uploader_style(key: str, button: str, limit: str, drop: str) -> str:
    """A <style> (Streamlit puts a style-only st.html out of the page's flow) that swaps the three texts
    of the uploader `key`: each original text is shrunk to nothing and the new one drawn after it."""
    scope = f".st-key-{_css_class(key)} {ZONE}"
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


def _css_class(key: str) -> str:
    """The class Streamlit gives a keyed element, without its `st-key-` (Streamlit's own rule)."""
    return re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


def _js(value) -> str:
    """A JavaScript literal of plain data that cannot end the <script> it sits in."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")
