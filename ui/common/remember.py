"""Pages that come back as they were left: every control kept for the session, and the last upload too.

Streamlit drops the value of a widget a run does not draw (an option that hides it, another page), and a
widget drawn again whose value the server does not send shows its own default — a slider its minimum, a
segmented control nothing selected — and sends that back. Every keyed control therefore takes
`persist_state=KEPT`: Streamlit then keeps its value while it is not drawn, even on another page, and sends
it with the widget when it is drawn again. A widget that code also sets takes its first value from session
state (`st.session_state.setdefault(key, …)`), not from `value=`, or Streamlit warns.

Uploads cannot be set from Python, so `remembered_upload` keeps the last file's name and bytes
instead: the page goes on using it after a switch and says so. Give the uploader
`on_change=forget_if_cleared, args=(key,)`: a person who removes the file means it.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

KEPT = "session"  # every control's persist_state: its value outlives the runs and the pages that do not draw it
PREFIX = "_remembered."  # the kept copy of an upload


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
