"""Try it and take it home, for a finished run on your own pictures: a photo (a file or the camera)
read by the run's model (the probability of each class, Grad-CAM on the photo), the validation
pictures it got wrong, and the checkpoint with a standalone predict.py to download.

Everything is drawn only while its expander is open: the model is loaded then (once per checkpoint
file, shared: nothing here changes it, Grad-CAM works on a private copy), and the validation
pictures are scored only when asked for, as they re-read the run's folder.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import streamlit as st
import torch

from core.code.predict_script import predict_script
from core.common.i18n import LocalizedError
from core.common.visual import heat_overlay
from core.models.checkpoints import LoadedCheckpoint, load_checkpoint
from core.plots.bars import class_probability_bars
from core.training.runs import Run
from core.vision.explain import grad_cam
from core.vision.picture_predict import Mistake, checkpoint_input, classify, validation_mistakes
from ui.common.i18n import current_language, t, t_error
from ui.common.uploader import file_uploader

PICTURE_TYPES = ["png", "jpg", "jpeg", "webp", "bmp", "gif"]
MAX_PICTURE_MB = 25  # a phone photo is 3-12 MB
SHOWN = 160  # px: the picture as the model saw it and its Grad-CAM, enlarged from e.g. 32×32
MISTAKES = 12  # validation pictures shown at most, the surest mistakes first
COLUMNS = 6
CHART = {"displayModeBar": False}  # a bar per class: nothing to zoom or save


def is_picture_run(run: Run) -> bool:
    """A run trained on a folder of pictures (dataset "folder:PATH"): the runs that can be tried here."""
    try:
        config = run.read_info().get("config") or {}
    except (OSError, ValueError):  # deleted or being rewritten this instant: nothing to try
        return False
    return str(config.get("dataset", "")).startswith("folder:")


def run_checkpoint(run: Run) -> Path | None:
    """best.pt (the best epoch), else last.pt; None when the run saved neither or its folder is gone."""
    return next((path for path in (run.path / "best.pt", run.path / "last.pt") if path.exists()), None)


def render_try_pictures(run: Run) -> None:
    """The expander under the run picker; nothing is loaded or computed while it is closed."""
    with st.expander(t("try_pictures.heading"), icon=":material/photo_camera:", key=f"try-{run.id}",
                     on_change="rerun") as section:
        if section.open:
            render_try_body(run)


def render_try_body(run: Run) -> None:
    path = run_checkpoint(run)
    if path is None:
        st.warning(t("try_pictures.no_checkpoint"), icon=":material/folder_off:")
        return
    try:
        loaded = _loaded(str(path), path.stat().st_mtime_ns)
    except (LocalizedError, OSError) as error:  # deleted meanwhile, or a file TorchLab cannot read
        st.error(t_error(error) if isinstance(error, LocalizedError) else t("try_pictures.no_checkpoint"),
                 icon=":material/error:")
        return
    if loaded.classes is None:
        st.warning(t("try_pictures.not_pictures"), icon=":material/help:")
        return
    st.caption(t("try_pictures.intro", count=len(loaded.classes), classes=", ".join(loaded.classes)))
    source, result = st.columns([2, 3], gap="medium")
    with source:
        picture = _picture(run.id)
    with result:
        if picture is not None:
            render_reading(loaded, picture.getvalue())
    _mistakes_section(run.id, loaded, path)
    st.divider()
    render_take_home(run.id, loaded, path)


def _picture(run_id: str):
    """The camera's photo when the camera is on and took one, else the uploaded file (or None)."""
    upload = file_uploader(t("try_pictures.upload"), type=PICTURE_TYPES, key=f"try.upload.{run_id}",
                           max_upload_size=MAX_PICTURE_MB, help=t("try_pictures.upload_help"))
    photo = None
    if st.toggle(t("try_pictures.camera_toggle"), key=f"try.camera_on.{run_id}", help=t("try_pictures.camera_help")):
        photo = st.camera_input(t("try_pictures.camera"), key=f"try.camera.{run_id}")
    return photo or upload


def render_reading(loaded: LoadedCheckpoint, data: bytes) -> None:
    """A photo's reading: the top class, every class's probability, what the model saw and its Grad-CAM."""
    try:
        made = checkpoint_input(loaded, data)
    except LocalizedError as error:  # not a picture (ImageError): say so, the page goes on
        st.error(t_error(error), icon=":material/broken_image:")
        return
    ranked = classify(loaded.model, made, loaded.classes)
    top, p = ranked[0]
    st.markdown(t("try_pictures.top", name=top, p=f"{p:.0%}"))
    st.plotly_chart(class_probability_bars(ranked, t("try_pictures.probability")), config=CHART)
    st.caption(t("common.list_separator").join(t("try_pictures.class_p", name=name, p=f"{prob:.1%}")
                                               for name, prob in ranked))
    seen, cam = st.columns(2)
    seen.image(made.picture, caption=t("try_pictures.seen", size=made.picture.shape[0]), width=SHOWN)
    overlay = _cam_overlay(loaded, made, loaded.classes.index(top))
    if overlay is None:
        cam.caption(t("try_pictures.no_cam"))
    else:
        cam.image(overlay, caption=t("try_pictures.cam", name=top), width=SHOWN)


def _cam_overlay(loaded: LoadedCheckpoint, made, target: int) -> np.ndarray | None:
    """Grad-CAM for the top class over the picture in grey, or None for a model it cannot read:
    the probabilities above stand without it."""
    try:
        cam = grad_cam(loaded.model, made.tensor, target)  # (S, S) in 0..1
    except (RuntimeError, ValueError, KeyError, IndexError):  # e.g. a layer whose output has no place
        return None
    grey = torch.from_numpy(made.picture).float().mean(dim=-1) / 255  # (S, S): heat_overlay dims it
    return heat_overlay(grey, cam)


def _mistakes_section(run_id: str, loaded: LoadedCheckpoint, path: Path) -> None:
    if not st.toggle(t("try_pictures.mistakes_toggle"), key=f"try.mistakes.{run_id}",
                     help=t("try_pictures.mistakes_help")):
        return
    try:
        with st.spinner(t("try_pictures.mistakes_scoring")):
            found = _mistakes(str(path), path.stat().st_mtime_ns, loaded)
    except LocalizedError as error:  # the folder is gone, or its classes are no longer the run's
        st.warning(t_error(error), icon=":material/folder_off:")
        return
    render_mistakes(found)


def render_mistakes(found: list[Mistake]) -> None:
    if not found:
        st.success(t("try_pictures.no_mistakes"), icon=":material/check_circle:")
        return
    st.caption(t("try_pictures.mistakes_caption", count=len(found)))
    for row in range(0, len(found), COLUMNS):
        for cell, mistake in zip(st.columns(COLUMNS, gap="small"), found[row:row + COLUMNS]):
            cell.image(mistake.picture, width=80, caption=mistake_caption(mistake))


def mistake_caption(mistake: Mistake) -> str:
    return t("try_pictures.mistake", true=mistake.true, predicted=mistake.predicted, p=f"{mistake.confidence:.0%}")


def render_take_home(run_id: str, loaded: LoadedCheckpoint, path: Path) -> None:
    """The checkpoint and a predict.py that reads it (core.code.predict_script), and how to run them."""
    st.markdown(t("try_pictures.take_home"))
    name = f"{run_id}-{path.stem}.pt"
    try:
        script = predict_script(loaded.meta, current_language(), name)
    except KeyError:  # a checkpoint from before runs recorded their input's mean and std
        script = None
    weights, code = st.columns(2)
    weights.download_button(t("try_pictures.download_checkpoint"), path.read_bytes(), file_name=name,
                            icon=":material/download:", key=f"try.dl-pt.{run_id}", mime="application/octet-stream")
    if script is None:
        code.caption(t("try_pictures.no_script"))
        return
    code.download_button(t("try_pictures.download_script"), script, file_name="predict.py",
                         icon=":material/download:", key=f"try.dl-py.{run_id}", mime="text/x-python")
    st.caption(t("try_pictures.how_to_run"))
    st.code(f"python predict.py {name} picture.jpg", language="bash")


@st.cache_resource(max_entries=4, show_spinner=False)
def _loaded(path: str, mtime_ns: int) -> LoadedCheckpoint:
    """One model per checkpoint file, shared: only read (classify, and Grad-CAM on a copy)."""
    return load_checkpoint(path)


@st.cache_data(max_entries=8, ttl=600, show_spinner=False)
def _mistakes(path: str, mtime_ns: int, _loaded: LoadedCheckpoint) -> list[Mistake]:
    """The run's folder read and scored again: kept a while, as a rerun of the page must not redo it."""
    return validation_mistakes(_loaded, MISTAKES)
