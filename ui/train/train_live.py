"""The running (or last) job drawn live: progress, loss, accuracy, learning rate, confusion, mistakes.

While the job runs, the browser draws it from the job's feed (ui/train/live_charts.py): no rerun of
this page per update. When the run ends, the page reruns once and the same charts come back as
interactive Plotly figures. The job's thread never calls Streamlit.
"""

from __future__ import annotations

import json

import streamlit as st

from core.plots.train_plots import ChartText, accuracy_chart, confusion_heatmap, loss_chart, lr_chart
from core.training.jobs import JobSnapshot, TrainingJob
from core.training.config import TrainConfig
from core.training.live_feed import enlarged_test_images
from core.training.run_data import run_classes
from ui.common.i18n import current_language, t
from ui.train.live_charts import live_view

WATCH_S = 30.0  # the browser reports the end itself (the page reruns at once); this catches a lost report.
# Not more often: each check is a rerun that costs the browser ~0.1 s of CPU (a third of the live view at 10 s).


def render_job(job: TrainingJob, running: bool) -> None:
    """Live while running (the page reruns when it ends); the finished run's charts otherwise.

    `running` is what the page saw when it chose its layout: a job that ends in between
    must still trigger that rerun, or the lean training layout would stay without controls.
    """
    if running:
        live_view(job)  # its value changes when the run ends: that reruns the page
        st.fragment(_rerun_when_done, run_every=WATCH_S)(job)
        return
    snap = job.snapshot()
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
        classes = list(run_classes(job.config))
        confusion_col.plotly_chart(confusion_heatmap(snap.confusion, classes, ChartText(
            t("train_page.confusion_title"), t("train_page.predicted"), t("train_page.true"))), key="train-confusion")
        _mistakes(snap, job.config)


def _rerun_when_done(job: TrainingJob) -> None:
    if job.done:
        st.rerun()  # the page, not just this fragment: Start comes back, history gains the run


def _progress_text(snap: JobSnapshot, epochs: int) -> str:
    """Where the run is; its speed once measured; time left only while it runs, how it ended after."""
    epoch = min(epochs, int(snap.progress * epochs) + 1)
    device = " · ".join([snap.device, snap.precision] + ([t("train_page.threads", n=snap.threads)] if snap.threads else []))
    where = dict(epoch=epoch, epochs=epochs, steps=snap.total_steps, device=device)
    if snap.done and not snap.steps:
        return t("train_page.progress_ended_early", **where, ended=t(f"train_page.ended_{snap.status}"))
    if snap.done:
        return t("train_page.progress_ended", **where, step=len(snap.steps), rate=f"{snap.samples_per_s:,.0f}",
                 ended=t(f"train_page.ended_{snap.status}"))
    if not snap.steps:  # no step timed yet: "0 samples/s" would be a measurement nobody made
        return t("train_page.progress_first", **where)
    return t("train_page.progress", **where, step=len(snap.steps), rate=f"{snap.samples_per_s:,.0f}",
             eta=f"{snap.eta_s:.0f}")


def _progress(snap: JobSnapshot, epochs: int) -> None:
    if snap.status == "starting":
        st.progress(0.0, text=t("train_page.starting"))
        return
    st.progress(min(snap.progress, 1.0), text=_progress_text(snap, epochs))


def _ending(snap: JobSnapshot) -> None:
    """Green only for a run that learned: one that finished at chance level says so as a warning."""
    text = snap.message.render(current_language())
    if snap.learned:
        st.success(text, icon=":material/check_circle:")
    elif snap.status in ("finished", "stopped"):
        st.warning(text, icon=":material/stop_circle:" if snap.status == "stopped" else ":material/warning:")
    else:  # diverged or failed: say what happened and what to try
        st.error(text, icon=":material/error:")


@st.cache_data(max_entries=64)
def _mistake_pictures(config_json: str, indices: tuple[int, ...]) -> list:
    """Enlarged test images, made once per run's mistakes instead of on every rerun (keyed by the
    whole config: a folder's validation part depends on its share and the model's size)."""
    return enlarged_test_images(TrainConfig(**json.loads(config_json)), indices)


def _mistakes(snap: JobSnapshot, config: TrainConfig) -> None:
    if not snap.mistakes:
        return
    st.markdown(f"**{t('train_page.mistakes_title')}**")
    classes = run_classes(config)
    indices = tuple(m["index"] for m in snap.mistakes)
    captions = [t("train_page.mistake", true=classes[m["true"]], predicted=classes[m["predicted"]],
                  confidence=m["confidence"]) for m in snap.mistakes]
    st.image(_mistake_pictures(json.dumps(config.to_dict()), indices), caption=captions, width=84)
