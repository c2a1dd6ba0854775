"""The optimizer race on the page: settings, Start/Stop, and the live charts a fragment redraws.

The race runs in core.lessons.race_job's thread, which never calls Streamlit; a fragment polls its
snapshot every POLL_S while it runs, and reruns the page once when it ends so the buttons
come back. The job lives in session_state: one race per user, and a new one stops the old.
The job outlives what is on screen: with the surface tab open (only the open tab runs) or on another page,
no fragment polls, the thread goes on, and the race tab shows where it got to when it is drawn again.
Controls and results describe the same race: the sliders are kept across page switches (ui.common.remember)
and locked while a race runs, and results shown under other settings say whose they are.
"""

from __future__ import annotations

import streamlit as st

from core.code.race_snippets import race_code
from core.lessons.optimizer_race import RaceConfig, race_start
from core.lessons.race_job import RaceJob, RaceSnapshot
from core.plots.race_plots import fit_chart, race_loss_chart
from core.plots.train_plots import ChartText
from ui.common.code_expander import code_panel
from ui.common.echart import show_echart
from ui.common.i18n import current_language, t
from ui.common.remember import KEPT
from ui.optimizers.race_lesson import render_race_lesson

JOB = "optimizers.job"
CODE = "optimizers.code.race"  # the code expander: open or closed
LR, BATCH, EPOCHS = "optimizers.lr", "optimizers.batch", "optimizers.epochs"
SEED = RaceConfig()  # seed 001's settings: the sliders' first values
POLL_S = 0.5  # eight lines and a small fit chart as ECharts options: cheap enough to redraw twice a second
LRS = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2)
BATCHES = (8, 16, 32, 64, 128)
CHART_HEIGHT = 380  # two lines of legend below, and a plot as tall as the old 360 px plotly one


def render_race() -> None:
    job: RaceJob | None = st.session_state.get(JOB)
    running = job is not None and job.alive
    config = _select_config(locked=running)  # locked: the sliders show the running race's settings
    start, stop, _ = st.columns([1.2, 0.8, 4])
    start.button(t("optimizers_page.start"), type="primary", icon=":material/flag:", key="optimizers.start",
                 on_click=_start, args=(config,), disabled=running)
    stop.button(t("optimizers_page.stop"), icon=":material/stop_circle:", key="optimizers.stop",
                on_click=_stop, disabled=not running)
    if job is not None and job.config != config:  # the sliders moved since this race: never let its results pass
        st.warning(t("optimizers_page.stale", race=_settings(job.config), now=_settings(config)),
                   icon=":material/history:")
    # idle or racing, the charts sit at the same place in the same fragment: Start updates them in place
    st.fragment(_render, run_every=POLL_S if running else None)(job, running, config)
    shows_table = job is not None and job.config == config and job.snapshot().status == "finished"
    caption = t("optimizers_page.race_code_caption" if shows_table else "optimizers_page.race_code_caption_plain",
                epochs=config.epochs)
    code_panel(t("optimizers_page.code_title"), CODE, lambda: race_code(config, current_language()), caption)
    st.caption(t("optimizers_page.seed_differences"))


def _select_config(locked: bool) -> RaceConfig:
    lr_col, batch_col, epochs_col = st.columns(3)
    for key, value in ((LR, SEED.lr), (BATCH, SEED.batch_size), (EPOCHS, SEED.epochs)):
        st.session_state.setdefault(key, value)
    lr = lr_col.select_slider(t("optimizers_page.lr"), LRS, key=LR, persist_state=KEPT,
                              help=t("optimizers_page.lr_help"), disabled=locked)
    batch = batch_col.select_slider(t("optimizers_page.batch"), BATCHES, key=BATCH, persist_state=KEPT, disabled=locked)
    epochs = epochs_col.slider(t("optimizers_page.epochs"), 1, 30, key=EPOCHS, persist_state=KEPT, disabled=locked)
    return RaceConfig(lr=lr, batch_size=batch, epochs=epochs)


def _settings(config: RaceConfig) -> str:
    return t("optimizers_page.settings", lr=config.lr, batch=config.batch_size, epochs=config.epochs)


def _start(config: RaceConfig) -> None:
    _stop()
    st.session_state[JOB] = RaceJob(config).start()


def _stop() -> None:
    job = st.session_state.get(JOB)
    if job is not None:
        job.stop()


def _render(job: RaceJob | None, was_running: bool, config: RaceConfig) -> None:
    """The status line, both charts and, once the race is over, its table and lesson; before any race, the start."""
    if job is None:
        st.info(t("optimizers_page.idle"), icon=":material/sports_score:")
        _charts(_before(config), t("optimizers_page.fit_title_before"))
        return
    snap = job.snapshot()
    if was_running and snap.done:
        st.rerun()  # the whole page: Start comes back, Stop goes grey
    _status(snap, job.config)
    epoch_done = len(snap.steps) // max(job.config.steps_per_epoch, 1)
    if epoch_done:
        _charts(snap, t("optimizers_page.fit_title", epoch=epoch_done))
    else:  # until the thread has made the data: the same start the page showed before the click
        _charts(snap if snap.xs else _before(job.config), t("optimizers_page.fit_title_before"))
    outcome = snap.outcome()
    if snap.done and outcome is not None:
        final, reached = outcome.ranking.final, outcome.reached
        st.dataframe({t("optimizers_page.col_optimizer"): list(final),
                      t("optimizers_page.col_final_loss", step=outcome.steps): [f"{v:.6f}" for v in final.values()],
                      t("optimizers_page.col_reached", target=f"{outcome.target:.4f}"):
                          ["—" if reached[name] is None else str(reached[name]) for name in final]},
                     hide_index=True)
        render_race_lesson(outcome)


@st.cache_data(show_spinner=False, max_entries=16)
def _before(config: RaceConfig) -> RaceSnapshot:
    """The race before its start: the data and the one curve all four nets start from."""
    start, fits = race_start(config)
    return RaceSnapshot(status="idle", total_steps=config.total_steps, xs=start.xs, ys=start.ys, grid=fits.grid,
                        fits=fits.fits)


def _charts(snap: RaceSnapshot, fit_title: str) -> None:
    """Both charts under stable keys: a live redraw updates the same ECharts in place (no flash, no replay)."""
    loss_col, fit_col = st.columns(2)
    show_echart(race_loss_chart(snap.steps, snap.losses, snap.total_steps, ChartText(
        t("optimizers_page.loss_title"), t("optimizers_page.step_axis"), t("optimizers_page.loss_axis"))),
        key="optimizers.race_loss", height=CHART_HEIGHT, where=loss_col)
    show_echart(fit_chart(snap.xs, snap.ys, snap.grid, snap.fits, ChartText(
        fit_title, t("optimizers_page.x_axis"), t("optimizers_page.y_axis"), t("optimizers_page.data_name"))),
        key="optimizers.fit", height=CHART_HEIGHT, where=fit_col)


def _status(snap: RaceSnapshot, config: RaceConfig) -> None:
    done = len(snap.steps)
    if snap.status == "starting":
        st.progress(0.0, text=t("optimizers_page.starting"))
    elif snap.status == "running":
        text = t("optimizers_page.progress", step=done, total=snap.total_steps, epoch=snap.epoch, epochs=config.epochs)
        st.progress(done / max(snap.total_steps, 1), text=text)
    elif snap.status == "finished":
        st.success(t("optimizers_page.finished", steps=done), icon=":material/check_circle:")
    elif snap.status == "stopped":
        st.warning(t("optimizers_page.stopped", steps=done, total=snap.total_steps), icon=":material/stop_circle:")
    else:
        st.error(t("optimizers_page.failed", reason=snap.reason), icon=":material/error:")
