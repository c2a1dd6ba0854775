"""The user's language on the Streamlit side: detection, the sidebar switch, and t()."""

from __future__ import annotations

import streamlit as st

from core.common.i18n import DEFAULT_LANGUAGE, LANGUAGES, LocalizedError, translate

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
        if choice != st.session_state.get(_STATE):
            _resend_widget_values()
        st.session_state[_STATE] = choice
    else:  # clicking the selected option again deselects it: keep the language shown
        st.session_state["language_switch"] = st.session_state[_STATE]


def _resend_widget_values() -> None:
    """Make the next run send every keyed widget's value back to the browser, in the new language.

    A select box, radio, multiselect, segmented control or select slider lives in the browser as
    the *text* of its option (what format_func made of it), and a keyed widget keeps its identity
    when only its options' words change. So after a switch the closed select box went on showing
    the old language's text and a radio showed nothing chosen, until the next click sent that
    stale text back and Streamlit, finding no option with it, fell back to the default. Writing
    the value back through session state (here, in the switch's callback, before any widget is
    drawn) makes Streamlit send it again, formatted by this run's format_func.

    Only plain values are written: buttons (bool) and uploaders (files) refuse to be set, a check
    box needs nothing, and an empty choice shows no text.
    """
    for key in list(st.session_state.keys()):
        if key == "language_switch" or not isinstance(key, str):
            continue
        try:
            value = st.session_state[key]
        except KeyError:  # a widget whose state Streamlit could not read back
            continue
        if _plain(value) or (isinstance(value, (list, tuple)) and value and all(_plain(v) for v in value)):
            st.session_state[key] = value


def _plain(value) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)
