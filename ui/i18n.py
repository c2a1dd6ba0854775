"""The user's language on the Streamlit side: detection, the sidebar switch, and t()."""

from __future__ import annotations

import streamlit as st

from core.i18n import DEFAULT_LANGUAGE, LANGUAGES, LocalizedError, translate

_STATE = "lang"  # session_state key; also the URL query parameter (?lang=zh)


def browser_language() -> str:
    """The browser's preferred language if we have it (st.context.locale, else Accept-Language)."""
    candidates = [st.context.locale or ""]
    candidates += [part.split(";")[0] for part in st.context.headers.get("Accept-Language", "").split(",")]
    for tag in candidates:
        code = tag.strip().lower().split("-")[0]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def current_language() -> str:
    """Chosen once per session: the URL's ?lang= first (a teacher's shared link), then the browser."""
    if _STATE not in st.session_state:
        from_url = st.query_params.get(_STATE)
        st.session_state[_STATE] = from_url if from_url in LANGUAGES else browser_language()
    return st.session_state[_STATE]


def t(key: str, /, **params) -> str:
    """The message `key` from locales/<lang>.toml in the user's language, with {params} filled in."""
    return translate(current_language(), key, **params)


def t_error(error: LocalizedError) -> str:
    """A core exception's message in the user's language."""
    return error.render(current_language())


def render_language_switch() -> None:
    """English / 中文 in the sidebar; the choice is kept in the session and mirrored in the URL."""
    lang = current_language()
    if st.session_state.get("language_switch") not in LANGUAGES:
        st.session_state["language_switch"] = lang  # the widget's value, set before it is drawn
    st.segmented_control(
        t("common.language"),
        options=list(LANGUAGES),
        format_func=LANGUAGES.get,
        key="language_switch",
        on_change=_apply_switch,
    )
    st.query_params[_STATE] = lang  # so the address bar can be shared as is


def _apply_switch() -> None:
    choice = st.session_state.get("language_switch")
    if choice in LANGUAGES:
        st.session_state[_STATE] = choice
    else:  # clicking the selected option again deselects it: keep the language shown
        st.session_state["language_switch"] = st.session_state[_STATE]
