"""Keep every page inside TorchLab's own st.navigation, even on a fresh server's first deep link."""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def ensure_app_navigation() -> None:
    """Leave Streamlit's legacy `pages/` mode if this run started in it.

    Because a `pages/` folder exists, a fresh server treats the first request for
    e.g. /models the legacy way and runs pages/models.py alone: no shared sidebar,
    no language switch. Calling st.navigation clears that mode for the process;
    rerunning then goes through streamlit_app.py and lands on the same page.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
