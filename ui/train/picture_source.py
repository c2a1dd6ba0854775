"""The Train page's "Your pictures": a picture set built on the page (ui/train/picture_builder.py), a .zip
made into one, or a folder of the server (only for someone at the server, as on the Datasets page).

A set lives on disk under this browser's owner token (core.data.picture_sets), so a refresh finds it
again; the run's config names its folder, `folder:<path>`, and trains on it like any ImageFolder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from core.common.i18n import LocalizedError
from core.data.folder_dataset import PREFIX, folder_root, is_folder
from core.data.image_folder import class_names
from core.data.picture_checks import MAX_CLASSES, MIN_CLASSES
from core.data.picture_sets import PictureSet, PictureSets
from core.data.sample_sets import SAMPLES, create_sample_set
from ui.common.i18n import current_language, t, t_error
from ui.common.identity import current_owner
from ui.common.remember import KEPT
from ui.common.server_folders import folder_paths_allowed
from ui.common.uploader import file_uploader
from ui.train.picture_builder import left_out, open_builder, render_builder, show_note

FOLDER = "folder"  # the dataset select's choice for your pictures; the config then names the folder
NO_FOLDER = PREFIX  # a config's dataset while no folder is chosen yet (its problem says what to do)
SOURCE = "pictures.source"
SET = "pictures.set"
PATH = "pictures.path"
PENDING = "pictures.pending"  # a set made from a .zip, chosen on the next run (the widgets are drawn by then)
NOTE = "pictures.zip_note"  # (kind, text): "success" with what was made, "error" with why nothing was
SAMPLES_OPEN = "pictures.samples_open"
ZIP_REFUSED = "pictures.zip_refused"  # (upload's file id, why): a rerun does not unpack a refused zip again


@dataclass(frozen=True)
class Picked:
    dataset: str  # folder:<path>, or NO_FOLDER
    problem: str | None  # why it cannot train yet, in the page's language
    pictures: int | None = None  # how many, when known without decoding (a set's)


def select_pictures() -> Picked:
    """The panel under the dataset select when it is "Your pictures"."""
    owner, store = current_owner(), PictureSets()
    if PENDING in st.session_state:
        st.session_state[SOURCE], st.session_state[SET] = "build", st.session_state.pop(PENDING)
    sources = {"build": t("pictures.source_build"), "zip": t("pictures.source_zip"), "path": t("pictures.source_path")}
    if not folder_paths_allowed():
        sources.pop("path")
    if st.session_state.get(SOURCE) not in sources:
        st.session_state[SOURCE] = "build"
    source = st.radio(t("pictures.source"), list(sources), key=SOURCE, persist_state=KEPT, horizontal=True,
                      format_func=sources.get, help=t("pictures.source_help"))  # wraps in a narrow column
    if source == "path":
        return _server_folder()
    if source == "zip":
        return _zip(store, owner)
    return _built(store, owner)


def show_folder(dataset: str) -> None:
    """Put a run's folder back into the panel: its set when it is one of this browser's, else its path."""
    found = PictureSets().owned(current_owner(), dataset)
    if found is not None:
        st.session_state[SOURCE], st.session_state[SET] = "build", found.id
    elif is_folder(dataset) and dataset != NO_FOLDER:
        st.session_state[SOURCE], st.session_state[PATH] = "path", str(folder_root(dataset))


def set_title(dataset: str) -> str | None:
    """The name of this browser's set a dataset id names, for one-line summaries; None for another folder."""
    found = PictureSets().owned(current_owner(), dataset)
    return found.name if found else None


def _built(store: PictureSets, owner: str) -> Picked:
    show_note(NOTE)  # once, after a .zip or a sample became a set: what was made and left out, or why not
    sets = {found.id: found for found in store.list(owner)}
    if not sets:  # the first visit: a set to fill, named in the visitor's language
        found = store.create(owner, t("pictures.default_name"))
        sets = {found.id: found}
    if st.session_state.get(SET) not in sets:
        st.session_state[SET] = next(iter(sets))  # the newest
    names = {i: found.name for i, found in sets.items()}  # only names: a browser keeps an option's first label
    chosen = st.selectbox(t("pictures.set"), list(sets), key=SET, persist_state=KEPT, format_func=names.get)
    found = sets[chosen]
    _counts_line(found)
    limits = store.limits
    st.caption(t("pictures.limits", per_class=limits.per_class, mb=limits.total_mb, least=MIN_CLASSES,
                 most=MAX_CLASSES))
    problem = found.problem()
    st.button(t("pictures.open_builder"), icon=":material/add_photo_alternate:", key="pictures.open",
              type="primary" if problem else "secondary", width="stretch", on_click=open_builder, args=(found.id,),
              help=t("pictures.open_builder_help"))
    _samples(store, owner)
    render_builder(store, owner, found)
    return Picked(found.dataset, problem.render(current_language()) if problem else None, sum(found.counts.values()))


def _samples(store: PictureSets, owner: str) -> None:
    """No pictures at hand: a set of one's own made from a sample, to train on at once or to add to."""
    with st.popover(t("pictures.samples"), icon=":material/photo_library:", width="stretch", key=SAMPLES_OPEN,
                    on_change="rerun", help=t("pictures.samples_help")) as samples:
        for name, sample in SAMPLES.items() if samples.open else ():
            st.button(t(f"pictures.sample_{name}"), key=f"pictures.sample.{name}", width="stretch",
                      on_click=_make_sample, args=(store, owner, name))
            st.caption(t(f"pictures.sample_{name}_about", per_class=min(sample.per_class, store.limits.per_class)))


def _make_sample(store: PictureSets, owner: str, name: str) -> None:
    st.session_state[SAMPLES_OPEN] = False  # closed, so the note above it shows what was made
    try:
        found = create_sample_set(store, owner, name, t(f"pictures.sample_{name}"))
    except LocalizedError as error:  # the owner's twentieth set, the host's size limit
        st.session_state[NOTE] = ("error", t_error(error))
        return
    st.session_state[SET] = found.id  # before the select is drawn: it opens on the new set
    made = t("pictures.sample_made", name=found.name, count=sum(found.counts.values()), classes=len(found.counts))
    st.session_state[NOTE] = ("success", made)


def _counts_line(found: PictureSet) -> None:
    if not found.counts:
        st.caption(t("pictures.no_classes_yet"))
        return
    counts = " · ".join(t("pictures.class_count", name=name, count=count) for name, count in found.counts.items())
    st.caption(t("pictures.counts", counts=counts, size=f"{found.size / 2**20:.1f}"))


def _zip(store: PictureSets, owner: str) -> Picked:
    upload = file_uploader(t("pictures.zip_label"), type=["zip"], key="pictures.zip", help=t("pictures.zip_help"))
    if upload is None:
        st.info(t("pictures.zip_hint"), icon=":material/folder_zip:")
    elif st.session_state.get(ZIP_REFUSED, (None,))[0] == upload.file_id:  # said already: not unpacked again
        _refusal(st.session_state[ZIP_REFUSED][1])
    else:
        try:
            with st.spinner(t("pictures.importing")):
                found, added = store.import_zip(owner, upload.getvalue(), Path(upload.name).stem or upload.name)
        except LocalizedError as error:  # hostile paths, one class, an empty class, odd names, the limits
            st.session_state[ZIP_REFUSED] = (upload.file_id, error)
            _refusal(error)
        else:
            st.session_state[NOTE] = ("success", _import_note(found, added))
            st.session_state[PENDING] = found.id
            st.rerun()  # the new set, chosen in the "build here" panel
    return Picked(NO_FOLDER, t("pictures.choose_first"))


def _refusal(error: LocalizedError) -> None:
    st.error(t_error(error), icon=":material/error:")
    if getattr(error, "detail", None):  # zipfile's or the OS's own words
        st.caption(t("data.error_detail", detail=error.detail))


def _import_note(found: PictureSet, added) -> str:
    note = t("pictures.zip_imported", name=found.name, count=added.added, classes=len(found.counts))
    return "\n\n".join([note, *left_out(added)])


def _server_folder() -> Picked:
    st.session_state.setdefault(PATH, "")
    path = st.text_input(t("data.folder_path"), key=PATH, persist_state=KEPT, help=t("data.folder_path_help")).strip()
    if not path:
        st.info(t("pictures.path_hint"), icon=":material/folder_open:")
        return Picked(NO_FOLDER, t("pictures.choose_first"))
    dataset = PREFIX + path
    try:
        names = class_names(folder_root(dataset))
    except LocalizedError as error:  # no such folder, a file, no class folders
        return Picked(dataset, t_error(error))
    except OSError:  # a folder this server's account may not read
        return Picked(dataset, t("errors.folder_unreadable", path=path))
    st.caption(t("pictures.path_found", classes=len(names), names=", ".join(names)))
    if len(names) < MIN_CLASSES:
        return Picked(dataset, t("errors.folder_one_class", name=names[0]))
    return Picked(dataset, None)


def steps_note(pictures: int, valid_share: float, batch_size: int) -> None:
    """A set of a few dozen pictures and MNIST's batch of 256 make one step an epoch: say so."""
    train = pictures - round(pictures * valid_share)
    steps = -(-train // batch_size)
    if steps < 5:  # a bigger batch, or too few pictures whatever the batch
        st.caption(t("pictures.few_steps" if batch_size > 32 else "pictures.few_pictures", train=train,
                     batch=batch_size, steps=steps))
