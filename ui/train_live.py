"""The running (or last) job drawn live: progress, loss, accuracy, learning rate, confusion, mistakes.

Drawn by a fragment that reruns every half second while the job runs: charts keep
stable keys, so they update in place. The job's thread never calls Streamlit.
"""

from __future__ import annotations

import streamlit as st

from core.data import load_split
from core.datasets import get_spec
from core.jobs import JobSnapshot, TrainingJob
from core.train_plots import ChartText, accuracy_chart, confusion_heatmap, loss_chart, lr_chart
from core.visual import upscale
from ui.i18n import current_language, t

POLL_S = 1.0  # live enough for curves; each redraw costs the training thread CPU on a small server


def render_job(job: TrainingJob) -> None:
    """Poll while running; when the job ends, rerun the whole page once (buttons, history)."""
    running = not job.done
    st.fragment(_render, run_every=POLL_S if running else None)(job, running)


def _render(job: TrainingJob, was_running: bool) -> None:
    snap = job.snapshot()
    if was_running and snap.done:
        st.rerun()  # the page, not just this fragment: Start comes back, history gains the run
    _progress(snap, job.config.epochs)
    if snap.done and snap.message is not None:
        _ending(snap)
    loss_col, acc_col = st.columns(2)
    loss_col.plotly_chart(loss_chart(snap.steps, snap.losses, ChartText(
        t("train_page.loss_title"), t("train_page.step"), t("train_page.loss"),
        t("train_page.raw"), t("train_page.smoothed"))), key="train-loss")
    acc_col.plotly_chart(accuracy_chart(snap.epochs, snap.accuracies, ChartText(
        t("train_page.acc_title"), t("train_page.epoch"), t("train_page.accuracy"))), key="train-acc")
    lr_col, confusion_col = st.columns(2)
    lr_col.plotly_chart(lr_chart(snap.steps, snap.lrs, ChartText(
        t("train_page.lr_title"), t("train_page.step"), t("train_page.lr"))), key="train-lr")
    if snap.confusion:
        spec = get_spec(job.config.dataset)
        confusion_col.plotly_chart(confusion_heatmap(snap.confusion, list(spec.classes), ChartText(
            t("train_page.confusion_title"), t("train_page.predicted"), t("train_page.true"))), key="train-confusion")
        _mistakes(snap, job.config.dataset)


def _progress(snap: JobSnapshot, epochs: int) -> None:
    if snap.status == "starting":
        st.progress(0.0, text=t("train_page.starting"))
        return
    epoch = min(epochs, int(snap.progress * epochs) + 1)
    st.progress(min(snap.progress, 1.0), text=t("train_page.progress", epoch=epoch, epochs=epochs,
                step=len(snap.steps), steps=snap.total_steps, rate=f"{snap.samples_per_s:,.0f}",
                eta=f"{snap.eta_s:.0f}", device=snap.device))


def _ending(snap: JobSnapshot) -> None:
    text = snap.message.render(current_language())
    if snap.status == "finished":
        st.success(text, icon=":material/check_circle:")
    elif snap.status == "stopped":
        st.warning(text, icon=":material/stop_circle:")
    else:  # diverged or failed: say what happened and what to try
        st.error(text, icon=":material/error:")


@st.cache_data(max_entries=64)
def _mistake_pictures(dataset: str, indices: tuple[int, ...]) -> list:
    """Enlarged test images, made once per epoch's mistakes instead of on every poll."""
    images = load_split(dataset, False).images  # (N, C, H, W) uint8
    return [upscale(images[i].permute(1, 2, 0).squeeze(-1).numpy(), 3) for i in indices]


def _mistakes(snap: JobSnapshot, dataset: str) -> None:
    if not snap.mistakes:
        return
    st.markdown(f"**{t('train_page.mistakes_title')}**")
    spec = get_spec(dataset)
    pictures = _mistake_pictures(dataset, tuple(m["index"] for m in snap.mistakes))
    captions = [t("train_page.mistake", true=spec.classes[m["true"]], predicted=spec.classes[m["predicted"]],
                  confidence=m["confidence"]) for m in snap.mistakes]
    st.image(pictures, caption=captions, width=84)
