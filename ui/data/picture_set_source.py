"""The Datasets page's "Your pictures": a picture set this browser built on the Train page, opened as the
ImageFolder it is on disk (core.data.picture_sets), with the code that loads that very folder.

Only the owner's sets are listed (ui.common.identity's token); the folder's path holds the set's id,
never the token, so the code may show it. A set is decoded once per content (core.data.folder_dataset's
signature), so pictures added on the Train page show on the next rerun.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from core.common.i18n import LocalizedError
from core.data.folder_dataset import folder_signature
from core.data.image_folder import FolderSet, load_folder
from core.data.loaders import picture_set_line
from core.data.picture_sets import PictureSet, PictureSets
from ui.common.i18n import current_language, t, t_error
from ui.common.identity import current_owner
from ui.common.remember import KEPT

SET = "data.set"  # the picked set's id
TRAIN_PAGE = "pages/train.py"  # where sets are built ("Your pictures" in its dataset select)


def owner_has_sets() -> bool:
    return bool(PictureSets().list(current_owner()))


@st.cache_resource(show_spinner=False, max_entries=4)
def _decoded(path: str, size: int, signature: str) -> FolderSet:  # noqa: ARG001 (signature: a new key per content)
    return load_folder(Path(path), size)


def select_picture_set(size: int) -> tuple[FolderSet, str] | None:
    """The picked set decoded at size×size and its code line; None after saying why there is nothing to show."""
    sets = {found.id: found for found in PictureSets().list(current_owner())}
    if not sets:
        st.info(t("data.sets_none"), icon=":material/add_photo_alternate:")
        _link_to_train()
        return None
    if st.session_state.get(SET) is not None and st.session_state[SET] not in sets:  # deleted in another tab
        st.warning(t("errors.set_missing"), icon=":material/folder_off:")
        st.session_state.pop(SET)
    st.session_state.setdefault(SET, next(iter(sets)))  # the newest
    names = {i: found.name for i, found in sets.items()}  # only names: a browser keeps the chosen option's first label
    chosen = st.selectbox(t("data.set"), list(sets), key=SET, persist_state=KEPT, format_func=names.get,
                          help=t("data.set_help"))
    found = sets[chosen]
    _counts_line(found)  # under the picker: redrawn on every run, so pictures added on the Train page show
    empty = [name for name, count in found.counts.items() if not count]
    if not found.counts or empty:  # ImageFolder refuses a class folder without a picture, and so does this page
        st.info(t("data.set_empty", name=found.name) if not empty else
                t("data.set_empty_classes", name=found.name, classes=", ".join(empty)), icon=":material/photo_library:")
        _link_to_train()
        return None
    try:
        decoded = _decoded(str(found.path), size, folder_signature(found.path))
    except (LocalizedError, OSError) as error:  # deleted, or a class emptied, between the listing and the decoding
        gone = not found.path.is_dir() or not isinstance(error, LocalizedError)
        st.error(t("errors.set_missing") if gone else t_error(error), icon=":material/error:")
        return None
    return decoded, picture_set_line(str(found.path), found.name, size, current_language())


def _counts_line(found: PictureSet) -> None:
    if not found.counts:  # an empty set: the message below says so
        return
    counts = " · ".join(t("pictures.class_count", name=name, count=count) for name, count in found.counts.items())
    mb = found.size / 2**20
    size = f"{mb:.1f}" if mb >= 0.1 or not mb else f"{max(mb, 0.01):.2f}"  # a few small pictures: not "0.0"
    st.caption(t("data.set_counts", classes=len(found.counts), pictures=sum(found.counts.values()),
                 counts=counts, size=size))


def _link_to_train() -> None:
    st.page_link(TRAIN_PAGE, label=t("data.sets_to_train"), icon=":material/arrow_forward:")
