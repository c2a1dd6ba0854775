"""The running job's live view: a small custom component (ui/train/live_view/) that draws the job's feed.

Streamlit sends it the labels and the feed's name once; the browser then fetches the feed
(core.training.live_feed) every 3 s and draws it on canvases, with no rerun of the page. On a 2-core
machine the reruns this replaces (a fragment every 2 s) cost chromium ~0.06 of a core, this
~0.013, and the server nothing but a file read; see docs/performance.md (What limits us).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

from core.training.jobs import TrainingJob
from ui.common.i18n import current_language, t

SOURCE = Path(__file__).with_name("live_view")
POLL_MS = 3000  # each poll costs the browser ~15 ms of CPU (fetch and draw), on the cores training uses
ENDINGS = ("finished", "stopped", "diverged", "failed")  # how a job can end (core.training.jobs)
LABELS = ("starting", "loss_title", "step", "loss", "raw", "smoothed", "acc_title", "epoch", "accuracy",
          "lr_title", "lr", "confusion_title", "predicted", "true", "mistakes_title")


@st.cache_resource
def _served() -> tuple[tempfile.TemporaryDirectory, object]:
    """A folder Streamlit serves as the component: its page, its script and the jobs' feeds.

    Feeds are written while the server runs, so the folder is a fresh one (removed at exit),
    not the source tree; the component's page is copied in next to them."""
    folder = tempfile.TemporaryDirectory(prefix="torchlab-live-")
    root = Path(folder.name)
    for name in ("index.html", "live_view.js"):
        shutil.copy(SOURCE / name, root / name)
    (root / "feeds").mkdir()
    return folder, components.declare_component("live_view", path=str(root))


def feed_dir() -> Path:
    """Where page jobs publish their feeds (given to the scheduler)."""
    return Path(_served()[0].name) / "feeds"


def live_view(job: TrainingJob) -> str | None:
    """Draw the job live; returns how it ended ("finished", "stopped", …) once the browser saw it end."""
    labels = {name: t(f"train_page.{name}") for name in LABELS}
    labels["progress"] = t("train_page.progress", epoch="{epoch}", epochs="{epochs}", step="{step}", steps="{steps}",
                           rate="{rate}", eta="{eta}", device="{device}")  # filled in by the browser
    labels["progress_first"] = t("train_page.progress_first", epoch="{epoch}", epochs="{epochs}", steps="{steps}",
                                 device="{device}")
    labels["progress_ended"] = t("train_page.progress_ended", epoch="{epoch}", epochs="{epochs}", step="{step}",
                                 steps="{steps}", rate="{rate}", ended="{ended}", device="{device}")
    labels["progress_ended_early"] = t("train_page.progress_ended_early", epoch="{epoch}", epochs="{epochs}",
                                       steps="{steps}", ended="{ended}", device="{device}")
    labels.update({f"ended_{status}": t(f"train_page.ended_{status}") for status in ENDINGS})
    labels["threads"] = t("train_page.threads", n="{n}")
    component = _served()[1]
    return component(feed=job.feed.path.name, poll_ms=POLL_MS, lang=current_language(), labels=labels,
                     key=f"live-{job.run.id}", default=None)
