"""Whether this visitor may name a folder of the server by its path (TORCHLAB_FOLDER_PATHS): the Datasets
page's folder source and the Train page's "Your pictures" ask the same question here."""

import streamlit as st

from core.common.host_limits import host_limits


def folder_paths_allowed() -> bool:
    """By default only someone at the server itself, never a student across the network."""
    policy = host_limits().folder_paths
    remote = isinstance(st.context.ip_address, str)  # None on loopback (and no address at all under AppTest)
    return policy == "all" or (policy == "local" and not remote)
