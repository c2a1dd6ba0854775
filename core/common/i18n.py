"""Message catalogs (locales/<lang>.toml) and errors that speak the reader's language.

No Streamlit here: core raises `LocalizedError`s that carry a catalog key and
parameters; a page renders them with the user's language, the CLI in English.
"""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

LOCALES_DIR = Path(__file__).resolve().parents[2] / "locales"
LANGUAGES = {"en": "English", "zh": "中文"}  # code -> the language's own name
DEFAULT_LANGUAGE = "en"


@cache
def catalog(lang: str) -> dict[str, str]:
    """All messages of one language as flat dotted keys ("home.title" -> text)."""
    with open(LOCALES_DIR / f"{lang}.toml", "rb") as f:
        return _flatten(tomllib.load(f))


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    flat = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def placeholders(text: str) -> set[str]:
    """The {names} a message expects, e.g. {'title', 'where'}."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def translate(lang: str, key: str, /, **params) -> str:
    """The message for `key` in `lang` (English if that language lacks it), filled with params."""
    text = catalog(lang).get(key) if lang in LANGUAGES else None
    if text is None:
        text = catalog(DEFAULT_LANGUAGE).get(key)
    if text is None:
        raise KeyError(f"No message {key!r} in locales/{DEFAULT_LANGUAGE}.toml")
    return text.format(**{name: _render(value, lang) for name, value in params.items()})


def _render(value, lang: str):
    if isinstance(value, Message):
        return value.render(lang)
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, Message) for v in value):
        return translate(lang, "common.list_separator").join(v.render(lang) for v in value)
    return value


@dataclass(frozen=True)
class Message:
    """A catalog key with its parameters, rendered late, once the language is known."""

    key: str
    params: dict = field(default_factory=dict)

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return translate(lang, self.key, **self.params)


class LocalizedError(Exception):
    """An error whose text comes from the catalogs; str() is English, render(lang) any language."""

    def __init__(self, key: str, /, **params):
        self.message = Message(key, params)
        super().__init__(self.message.render(DEFAULT_LANGUAGE))

    def render(self, lang: str) -> str:
        return self.message.render(lang)
