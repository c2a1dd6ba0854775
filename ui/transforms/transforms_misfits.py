"""The Transforms page's warnings about augmentations that are wrong for the data (core.lessons.transform_misfits),
each inside its step's box with the damage shown on the picture and, on a digit, what the shipped model reads."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core.data.loading import DatasetMissing, load_split
from core.data.pipeline import PipelineError
from core.lessons.transform_misfits import KINDS, Misfit, damaged, misfits, read_digit
from core.models.checkpoints import CheckpointError
from ui.common.i18n import t

DIGIT_SHOWN = {"turn_digits": 6}  # a turn is best seen on a 6 (it becomes a 9), a flip on the first digit, a 7


def step_annotator(picture, kind) -> Callable[[int, list], None]:
    """What the builder draws inside step `number`'s box: why it is wrong for this picture's kind of data,
    or, on a photo, that it would be wrong for digits."""
    def annotate(number: int, steps: list) -> None:
        try:
            found = misfits(steps, kind, picture, only=number)
        except PipelineError:
            return  # a parameter that cannot run: the results say why
        render_misfits(found, picture, kind)
        if not found:
            render_digit_hint(number, steps, kind)
    return annotate


def render_misfits(found: list[Misfit], picture, kind) -> None:
    """Inside a step's box: each warning, then this picture beside the damage (with the model's readings)."""
    for misfit in found:
        st.warning(t(misfit.key, **misfit.params), icon=":material/report:")
        harmed = damaged(picture, misfit) if picture is not None else None
        if harmed is None:
            continue
        shown = misfit.damage[0]
        label = t(f"transforms.misfit.shown_{shown}", degrees=misfit.params.get("degrees", ""))
        left, right = st.columns(2)
        _picture(left, picture, t("transforms.misfit.shown_picture"), kind)
        _picture(right, harmed, label, kind)


def _picture(column, picture, label: str, kind) -> None:
    column.image(picture, caption=label, width="stretch")
    if kind.ink:
        reading = _reading(picture)
        if reading is not None:
            column.caption(t("transforms.misfit.reads", digit=reading[0], prob=reading[1]))


def _reading(picture) -> tuple[int, float] | None:
    from core.vision.inference import shipped_model  # the model loads once per process, on the first digit

    try:
        return read_digit(picture, shipped_model())
    except (CheckpointError, OSError):
        return None  # no shipped model on this server: the pictures speak for themselves


def render_digit_hint(index: int, steps: list, kind) -> None:
    """On a photo, a step that would be wrong for digits says so, with a button to try it on one."""
    if kind.ink:
        return
    found = [m for m in misfits(steps, KINDS["digits"], only=index) if m.damage]
    if not found:
        return
    digit = DIGIT_SHOWN.get(found[0].key.rsplit(".", 1)[1])
    st.caption(t("transforms.misfit.on_digit"))
    st.button(t("transforms.misfit.see_digit"), icon=":material/arrow_forward:", key=f"tf.see_digit.{index}",
              on_click=_show_digit, args=(digit,), type="tertiary")


def _show_digit(digit: int | None) -> None:
    """Switch the page's picture to an MNIST test digit: the first one, or the first `digit`."""
    index = 0
    if digit is not None:
        try:
            labels = load_split("mnist", train=False).labels
            index = int((labels == digit).nonzero()[0, 0])
        except DatasetMissing:
            pass  # the page says MNIST is missing once it tries to show it
    st.session_state.update({"tf.source": "dataset", "tf.dataset": "mnist", "tf.index": index})
