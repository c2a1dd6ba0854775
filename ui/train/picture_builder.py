"""The picture set builder: a dialog over the Train page where you name classes and give each its pictures,
from files or the camera, see them as thumbnails and remove a bad one.

A dialog, not a panel of the narrow controls column: thumbnails want the width. As the Delete dialog
(ui/train/run_delete.py), it is drawn on every rerun while its mark stands, so the page's reruns keep
it open; closing it reruns the whole page, whose counts then show what was added. Every change is a
widget callback into core.data.picture_sets, which checks each picture and name and keeps the set
whole when a change is refused.
"""

from __future__ import annotations

import json
from contextlib import suppress

import streamlit as st

from core.common.i18n import DEFAULT_LANGUAGE, LocalizedError
from core.data.picture_checks import thumbnail_png
from core.data.picture_sets import PictureSet, PictureSets
from ui.common.i18n import current_language, t, t_error
from ui.common.uploader import file_uploader

BUILDING = "pictures.building"  # the id of the set whose builder is open
CLASS = "pictures.class"  # the class pictures go to
ROUND = "pictures.round"  # bumped after each upload or photo: the next uploader and camera start empty
NOTE = "pictures.note"  # (kind, text) said once after a change
CAMERA = "pictures.camera_on"
SHOWN = 48  # thumbnails drawn at most: the newest, so a class of 200 stays quick to redraw
COLUMNS = 8
PICTURE_TYPES = ["png", "jpg", "jpeg", "webp", "bmp", "gif"]
MAX_PICTURE_MB = 25  # a phone photo is 3-12 MB; each is kept at most 512 px anyway


def open_builder(set_id: str) -> None:
    """on_click of the page's "Add and remove pictures"."""
    st.session_state[BUILDING] = set_id


def render_builder(store: PictureSets, owner: str, found: PictureSet) -> None:
    if st.session_state.get(BUILDING) == found.id:
        st.dialog(t("pictures.builder_title", name=found.name), width="large", on_dismiss=_close)(_builder)(
            store, owner, found.id)


def _close() -> None:
    st.session_state.pop(BUILDING, None)


def _builder(store: PictureSets, owner: str, set_id: str) -> None:
    try:
        found = store.get(owner, set_id)
    except LocalizedError:  # deleted here or in another tab: close
        found = None
        _close()
    if st.session_state.get(BUILDING) != set_id:
        st.rerun()  # the whole page (a dialog reruns alone): it closes, and the counts beside it catch up
    show_note()
    _add_class_form(store, owner, found)
    if not found.counts:
        st.info(t("pictures.no_classes"), icon=":material/category:")
    else:
        if st.session_state.get(CLASS) not in found.counts:
            st.session_state[CLASS] = next(iter(found.counts))
        name = st.segmented_control(t("pictures.class"), list(found.counts), key=CLASS, required=True,
                                    format_func=lambda c: t("pictures.class_count", name=c, count=found.counts[c]))
        files, camera = st.columns([3, 2], gap="medium")
        with files:
            _upload(store, owner, found, name)
            _thumbnails(store, owner, found, name)
        with camera:
            _camera(store, owner, found, name)
    _footer(store, owner, found)


def show_note(key: str = NOTE) -> None:
    """The (kind, text) a callback left under `key`, shown once: error, warning or success."""
    kind, text = st.session_state.pop(key, (None, None))
    if kind == "error":
        st.error(text, icon=":material/error:")
    elif kind == "warning":
        st.warning(text, icon=":material/warning:")
    elif kind == "success":
        st.success(text, icon=":material/check_circle:")


def _add_class_form(store: PictureSets, owner: str, found: PictureSet) -> None:
    with st.form("pictures.add_class_form", clear_on_submit=True, border=False):
        field, button = st.columns([3, 1], vertical_alignment="bottom")
        field.text_input(t("pictures.add_class"), key="pictures.new_class", placeholder=t("pictures.add_class_example"),
                         help=t("pictures.add_class_help"), max_chars=40)
        button.form_submit_button(t("pictures.add_class_button"), icon=":material/add:", width="stretch",
                                  key="pictures.add_class", on_click=_add_class, args=(store, owner, found.id))


def _add_class(store: PictureSets, owner: str, set_id: str) -> None:
    try:
        name = store.add_class(owner, set_id, st.session_state.get("pictures.new_class", ""))
    except LocalizedError as error:  # an odd name, a name taken, the eleventh class
        st.session_state[NOTE] = ("error", t_error(error))
    else:
        st.session_state[CLASS] = name  # its pictures come next


def _upload(store: PictureSets, owner: str, found: PictureSet, name: str) -> None:
    key = f"pictures.upload.{st.session_state.get(ROUND, 0)}"
    file_uploader(t("pictures.upload", name=name), type=PICTURE_TYPES, key=key, accept_multiple_files=True,
                  max_upload_size=MAX_PICTURE_MB, on_change=_add_files, args=(store, owner, found.id, name, key),
                  help=t("pictures.upload_help"))


def _camera(store: PictureSets, owner: str, found: PictureSet, name: str) -> None:
    """Off until asked for: a camera widget asks the browser for the camera as soon as it is drawn."""
    if st.toggle(t("pictures.camera_toggle"), key=CAMERA, help=t("pictures.camera_toggle_help")):
        key = f"pictures.camera.{st.session_state.get(ROUND, 0)}"
        if current_language() != DEFAULT_LANGUAGE:
            st.html(_camera_button_style(t("pictures.camera_take")))
        st.camera_input(t("pictures.camera", name=name), key=key, on_change=_add_files,
                        args=(store, owner, found.id, name, key))


def _camera_button_style(text: str) -> str:
    """Streamlit writes "Take Photo" on the camera's button itself, in English: the page's words instead
    (a style-only st.html stays out of the page's flow; as ui/common/uploader.py does for the uploader)."""
    button = '[data-testid="stCameraInput"] [data-testid="stCameraInputButton"]'
    content = json.dumps(text, ensure_ascii=False).replace("<", "\\3c ")  # a CSS string no text can close
    return f"<style>{button} {{ font-size: 0; }} {button}::after {{ content: {content}; font-size: 1rem; }}</style>"


def _add_files(store: PictureSets, owner: str, set_id: str, name: str, key: str) -> None:
    """on_change of the uploader or the camera: keep what came, say what did not, start them empty again."""
    files = st.session_state.get(key)
    files = [files] if files is not None and not isinstance(files, list) else files or []
    if not files:
        return  # a file removed from the uploader: nothing to add
    st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1
    try:
        added = store.add_pictures(owner, set_id, name, files)
    except LocalizedError as error:  # the limits: nothing was added
        st.session_state[NOTE] = ("error", t_error(error))
        return
    said = [t("pictures.added", count=added.added, name=name)] if added.added else []
    st.session_state[NOTE] = ("warning" if added.refused else "success", "\n\n".join(said + left_out(added)))


def left_out(added) -> list[str]:
    """A paragraph naming the files that were not kept and why (the first five), or none."""
    if not added.refused:
        return []
    lang = current_language()
    files = t("common.list_separator").join(t("pictures.left_out_file", name=name, why=why.render(lang))
                                            for name, why in added.refused[:5])
    return [t("pictures.left_out", count=len(added.refused), files=files)]


def _thumbnails(store: PictureSets, owner: str, found: PictureSet, name: str) -> None:
    pictures = store.pictures(owner, found.id, name)
    if not pictures:
        st.caption(t("pictures.no_pictures", name=name))
        return
    newest = pictures[::-1][:SHOWN]
    if len(pictures) > SHOWN:
        st.caption(t("pictures.shown_newest", shown=SHOWN, count=len(pictures)))
    for row in range(0, len(newest), COLUMNS):
        for cell, path in zip(st.columns(COLUMNS, gap="small"), newest[row:row + COLUMNS]):
            cell.image(_thumbnail(str(path), path.stat().st_size), width=64)
            cell.button(t("pictures.remove_picture"), icon=":material/close:", type="tertiary",
                        key=f"pictures.remove.{found.id}.{name}.{path.name}", help=t("pictures.remove_picture_help"),
                        on_click=_remove_picture, args=(store, owner, found.id, name, path.name))


@st.cache_data(show_spinner=False, max_entries=4000)
def _thumbnail(path: str, size: int) -> bytes:
    """64 px copies: a grid of the kept 512 px pictures would send megabytes per redraw. A picture's
    name is never reused in its class, so its path and size are its identity."""
    return thumbnail_png(path)


def _remove_picture(store: PictureSets, owner: str, set_id: str, name: str, picture: str) -> None:
    try:
        store.remove_picture(owner, set_id, name, picture)
    except LocalizedError as error:
        st.session_state[NOTE] = ("error", t_error(error))


def _footer(store: PictureSets, owner: str, found: PictureSet) -> None:
    st.divider()
    name = st.session_state.get(CLASS)
    remove, delete, done = st.columns(3, vertical_alignment="bottom")
    if name in found.counts:
        with remove.popover(t("pictures.remove_class", name=name), icon=":material/delete:", width="stretch"):
            st.caption(t("pictures.remove_class_question", name=name, count=found.counts[name]))
            st.button(t("pictures.remove_confirm"), key="pictures.remove_class", type="primary",
                      on_click=_remove_class, args=(store, owner, found.id, name))
    with delete.popover(t("pictures.delete_set"), icon=":material/delete_forever:", width="stretch"):
        st.caption(t("pictures.delete_set_question", name=found.name, count=sum(found.counts.values())))
        st.button(t("pictures.delete_confirm"), key="pictures.delete_set", type="primary",
                  on_click=_delete_set, args=(store, owner, found.id))
    done.button(t("pictures.done"), key="pictures.done", type="primary", icon=":material/check:", width="stretch",
                on_click=_close)


def _remove_class(store: PictureSets, owner: str, set_id: str, name: str) -> None:
    try:
        store.remove_class(owner, set_id, name)
    except LocalizedError as error:
        st.session_state[NOTE] = ("error", t_error(error))
    st.session_state.pop(CLASS, None)


def _delete_set(store: PictureSets, owner: str, set_id: str) -> None:
    with suppress(LocalizedError):  # already gone (another tab): the outcome asked for
        store.delete(owner, set_id)
    st.session_state.pop("pictures.set", None)
    _close()
