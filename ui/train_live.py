"""The running (or last) job drawn live: progress, loss, accuracy, learning rate, confusion, mistakes.

A fragment redraws it every 2 s while the job runs, as SVG (core.live_svg): the
browser draws those for almost nothing, where Plotly relayouts would take CPU from
training on a small machine. When the run ends, the page reruns once and the same
charts come back as interactive Plotly figures. The job's thread never calls Streamlit.
"""

from __future__ import annotations

from html import escape

import streamlit as st

from core.data import load_split
from core.datasets import get_spec
from core.jobs import JobSnapshot, TrainingJob
from core.evaluation import smooth
from core.live_svg import Series, heatmap, line_chart, svg_data_uri
from core.optim import lr_at
from core.train_plots import LIGHT_ORANGE, ORANGE, ChartText, accuracy_chart, confusion_heatmap, loss_chart, lr_chart
from core.visual import png_data_uri, upscale
from ui.i18n import current_language, t

POLL_S = 2.0  # each redraw costs the browser tens of ms of CPU: every 2 s is live and affordable


def render_job(job: TrainingJob, running: bool) -> None:
    """Poll while running; when the job ends, rerun the whole page once (buttons, history).

    `running` is what the page saw when it chose its layout: a job that ends in between
    must still trigger that rerun, or the lean training layout would stay without controls.
    """
    st.fragment(_render, run_every=POLL_S if running else None)(job, running)


def _render(job: TrainingJob, was_running: bool) -> None:
    snap = job.snapshot()
    if was_running and snap.done:
        st.rerun()  # the page, not just this fragment: Start comes back, history gains the run
    if was_running:
        _render_live(snap, job)
        return
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


def _render_live(snap: JobSnapshot, job: TrainingJob) -> None:
    """The cheap view, redrawn every 2 s: the bar, its caption and the four SVG charts as one HTML
    element, which costs the browser a quarter less per redraw than five separate elements."""
    config = job.config
    if snap.status == "starting":
        st.progress(0.0, text=t("train_page.starting"))
        return
    cells = "".join(f'<img style="width:100%;height:auto" alt="{escape(title)}" src="{svg_data_uri(svg)}">'
                    for title, svg in _live_charts(snap, config))
    st.html(f'<div style="height:8px;border-radius:4px;background:rgba(138,138,138,0.25)">'
            f'<div style="height:8px;border-radius:4px;background:{ORANGE};width:{min(snap.progress, 1) * 100:.1f}%">'
            f'</div></div><p style="font-size:14px;opacity:.7;margin:6px 0 12px">{escape(_progress_text(snap, config.epochs))}</p>'
            f'<div style="display:grid;grid-template-columns:1fr 1fr;gap:24px">{cells}</div>')
    if snap.confusion:
        _mistakes(snap, config.dataset, live=True)


def _live_charts(snap: JobSnapshot, config) -> list[tuple[str, str]]:
    """(title, SVG) of the loss, accuracy, learning-rate and (after an epoch) confusion charts."""
    total = max(snap.total_steps, 1)
    per_epoch = max(total // config.epochs, 1)
    planned = [lr_at(config, step, per_epoch) for step in range(total)]
    loss_text = ChartText(t("train_page.loss_title"), t("train_page.step"), t("train_page.loss"))
    acc_text = ChartText(t("train_page.acc_title"), t("train_page.epoch"), t("train_page.accuracy"))
    lr_text = ChartText(t("train_page.lr_title"), t("train_page.step"), t("train_page.lr"))
    charts = [
        (loss_text.title, line_chart([
            Series(snap.steps, snap.losses, LIGHT_ORANGE, 1, t("train_page.raw")),
            Series(snap.steps, smooth(snap.losses, 0.9), ORANGE, 3, t("train_page.smoothed")),
        ], loss_text, x_range=(0, total))),
        (acc_text.title, line_chart([Series(snap.epochs, snap.accuracies, ORANGE, 2, markers=True)], acc_text,
                                    x_range=(0.5, config.epochs + 0.5), percent=True)),
        (lr_text.title, line_chart([
            Series(list(range(1, total + 1)), planned, LIGHT_ORANGE, 2),
            Series(snap.steps, snap.lrs, ORANGE, 2),
        ], lr_text, x_range=(0, total), y_range=(0, max(planned, default=1) * 1.15), height=220)),
    ]
    if snap.confusion:
        confusion_text = ChartText(t("train_page.confusion_title"), t("train_page.predicted"), t("train_page.true"))
        classes = [str(c) for c in get_spec(config.dataset).classes]
        charts.append((confusion_text.title, heatmap(snap.confusion, classes, confusion_text)))
    return charts


def _progress_text(snap: JobSnapshot, epochs: int) -> str:
    epoch = min(epochs, int(snap.progress * epochs) + 1)
    device = " · ".join([snap.device, snap.precision] + ([t("train_page.threads", n=snap.threads)] if snap.threads else []))
    return t("train_page.progress", epoch=epoch, epochs=epochs, step=len(snap.steps), steps=snap.total_steps,
             rate=f"{snap.samples_per_s:,.0f}", eta=f"{snap.eta_s:.0f}", device=device)


def _progress(snap: JobSnapshot, epochs: int) -> None:
    if snap.status == "starting":
        st.progress(0.0, text=t("train_page.starting"))
        return
    st.progress(min(snap.progress, 1.0), text=_progress_text(snap, epochs))


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


@st.cache_data(max_entries=64)
def _mistakes_html(dataset: str, indices: tuple[int, ...], captions: tuple[str, ...]) -> str:
    """The same pictures as one HTML grid of inline PNGs: no media files to fetch on every poll."""
    cells = "".join(
        f'<figure style="margin:0;width:84px;text-align:center"><img src="{png_data_uri(picture)}" width="84" '
        f'height="84" style="image-rendering:pixelated"><figcaption style="font-size:11px;opacity:.75">'
        f'{escape(caption)}</figcaption></figure>'
        for picture, caption in zip(_mistake_pictures(dataset, indices), captions))
    return f'<div style="display:flex;flex-wrap:wrap;gap:8px">{cells}</div>'


def _mistakes(snap: JobSnapshot, dataset: str, live: bool = False) -> None:
    if not snap.mistakes:
        return
    st.markdown(f"**{t('train_page.mistakes_title')}**")
    spec = get_spec(dataset)
    indices = tuple(m["index"] for m in snap.mistakes)
    captions = [t("train_page.mistake", true=spec.classes[m["true"]], predicted=spec.classes[m["predicted"]],
                  confidence=m["confidence"]) for m in snap.mistakes]
    if live:
        st.html(_mistakes_html(dataset, indices, tuple(captions)))
    else:
        st.image(_mistake_pictures(dataset, indices), caption=captions, width=84)
