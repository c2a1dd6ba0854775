"""Who this browser is, without accounts: a random token kept in the session and the URL."""

import re
import secrets

import streamlit as st

_KEY = "user"  # session_state key and URL query parameter
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16}$")


def current_owner() -> str:
    """A token that owns this browser's runs: a refresh (same URL) finds them again, and no
    other visitor can list, stop or delete them. Anyone given the full URL shares them."""
    if _KEY not in st.session_state:
        from_url = st.query_params.get(_KEY, "")
        st.session_state[_KEY] = from_url if _TOKEN.match(from_url) else secrets.token_urlsafe(12)
    st.query_params[_KEY] = st.session_state[_KEY]
    return st.session_state[_KEY]
