"""Pages that come back as they were left: widget values and uploads kept across page switches.

Streamlit forgets a widget's value as soon as a run does not draw it, so switching to another
page and back resets every control. `remember` keeps a copy of each value under a key of its own
(which Streamlit never clears) and puts it back before the widget is drawn again. Call it at the
top of a page, before its widgets; the widgets must take their first value from session state
(`st.session_state.setdefault(key, …)`), not from `value=`/`index=`, or Streamlit warns.

Uploads cannot be set from Python, so `remembered_upload` keeps the last file's name and bytes
instead: the page goes on using it after a switch and says so. Give the uploader
`on_change=forget_if_cleared, args=(key,)`: a person who removes the file means it.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

PREFIX = "_remembered."


def remember(*keys: str) -> None:
    """Before drawing: restore each widget key Streamlit dropped, and keep the value it has now."""
    for key in keys:
        copy = PREFIX + key
        if key in st.session_state:
            st.session_state[copy] = st.session_state[key]
        elif copy in st.session_state:
            st.session_state[key] = st.session_state[copy]


def kept(key: str, default):
    """Call just before drawing the widget `key`: its value as the learner last left it, even on another
    page, else `default`. The widget then takes no value= of its own."""
    remember(key)
    return st.session_state.setdefault(key, default)


def forget(*keys: str) -> None:
    """Drop the widgets' values and their kept copies: the next run draws them with their defaults."""
    for key in keys:
        st.session_state.pop(key, None)
        st.session_state.pop(PREFIX + key, None)


@dataclass(frozen=True)
class KeptFile:
    """An upload as the page needs it: name and bytes (Streamlit's UploadedFile dies with its widget)."""
    name: str
    data: bytes

    def getvalue(self) -> bytes:  # the same reading interface as Streamlit's UploadedFile
        return self.data


def remembered_upload(key: str, uploaded) -> KeptFile | None:
    """The file in the uploader `key` now, or else the last one uploaded there (kept across page
    switches); None when there is none or it was forgotten (`forget_upload`)."""
    copy = PREFIX + key
    if uploaded is not None:
        kept = KeptFile(uploaded.name, uploaded.getvalue())
        st.session_state[copy] = kept
        return kept
    return st.session_state.get(copy)


def upload_is_kept(key: str, uploaded) -> bool:
    """True while the page uses a file kept from before, not one in the uploader (say so on the page)."""
    return uploaded is None and (PREFIX + key) in st.session_state


def forget_upload(key: str) -> None:
    """on_click of a "forget this file" button."""
    st.session_state.pop(PREFIX + key, None)


def forget_if_cleared(key: str) -> None:
    """on_change of the uploader `key`: removing the file forgets the kept copy too."""
    if st.session_state.get(key) is None:
        forget_upload(key)
