"""Train: choose a model and its hyperparameters, press Train, watch it learn; runs are kept."""

import streamlit as st

from ui.common.shell import ensure_app_navigation

ensure_app_navigation()  # first line of every page: see ui/common/shell.py

from core.code.training_code import training_loop_code  # noqa: E402
from core.common.i18n import LocalizedError  # noqa: E402
from core.training.jobs import TrainingJob  # noqa: E402
from core.training.runs import RunStore  # noqa: E402
from core.training.scheduler import QUEUED, Ticket  # noqa: E402
from ui.common.code_expander import opened_code_expander  # noqa: E402
from ui.common.i18n import current_language, t, t_error  # noqa: E402
from ui.common.identity import current_owner  # noqa: E402
from ui.train.tensorboard_view import render_tensorboard  # noqa: E402
from ui.train.speedrun_panel import show_speedrun_panel  # noqa: E402
from ui.train.train_controls import PRESET, run_summary, select_config, show_settings  # noqa: E402
from ui.train.train_history import render_history  # noqa: E402
from ui.train.train_live import render_job  # noqa: E402
from ui.train.train_queue import render_waiting, shared_scheduler  # noqa: E402

TICKET = "train.ticket"  # this session's place in the server's queue, then its running job
JOB = "train.job"  # the job once started, kept across page switches
START = "train.start_requested"  # set by the button's callback, acted on below with the widgets' config
CODE = "train.code"  # the plain-PyTorch expander: True while open


def request_start() -> None:
    st.session_state[START] = True  # callbacks run before the script: no click is ever lost


def leave_or_stop() -> None:
    ticket = st.session_state.get(TICKET)
    if ticket is not None:
        shared_scheduler().leave(ticket)  # out of the queue, or Stop for a running job
        if ticket.job is not None:
            ticket.job.join(timeout=2.0)  # the loop checks the stop flag between steps: well under a second


def lean_header(config, summary_key: str, button_key: str, icon: str) -> None:
    """While waiting or training: what was asked for, and the one button that ends it."""
    summary, stop = st.columns([4, 1], vertical_alignment="center")
    summary.markdown(t(summary_key, summary=run_summary(config)))
    stop.button(t(button_key), icon=icon, key="train.stop", width="stretch", on_click=leave_or_stop)


st.title(t("pages.train.title"))
st.markdown(t("train_page.intro"))
owner, store, scheduler = current_owner(), RunStore(), shared_scheduler()
ticket: Ticket | None = st.session_state.get(TICKET) or scheduler.active_ticket(owner)  # a refresh finds it again
if ticket is not None:
    st.session_state[TICKET] = ticket
    if ticket.job is not None:
        st.session_state[JOB] = ticket.job
job: TrainingJob | None = st.session_state.get(JOB)

if ticket is not None and ticket.state == QUEUED:  # waiting for a free slot: place in line, and a way out
    show_settings(ticket.config)  # the hidden controls hold this run's settings, even in a reloaded page
    lean_header(ticket.config, "train_page.queued_summary", "train_page.leave_queue", ":material/logout:")
    render_waiting(ticket, scheduler)
    st.stop()
if job is not None and not job.done:  # a lean page while it trains: cheaper redraws, the charts get the width
    show_settings(job.config)  # the hidden controls hold this run's settings, even in a reloaded page
    lean_header(job.config, "train_page.running_summary", "train_page.stop", ":material/stop:")
    render_job(job, running=True)
    st.stop()

controls, live = st.columns([1.25, 1.75], gap="large")  # four preset pills fit on one line at 1280 px
with controls:
    config, problem = select_config(scheduler.limits.max_epochs)
    if problem:
        st.warning(problem)
    st.button(t("train_page.start"), type="primary", icon=":material/play_arrow:", key="train.start",
              disabled=problem is not None, width="stretch", on_click=request_start)
    if st.session_state.pop(START, False) and problem is None:
        try:
            st.session_state[TICKET] = scheduler.submit(config, owner)
        except LocalizedError as error:  # the queue is full, or this browser already has a job
            st.error(t_error(error), icon=":material/block:")
        else:
            st.session_state.pop(JOB, None)
            st.rerun()  # the waiting or training layout
with live:
    if job is None:
        st.info(t("train_page.hint"), icon=":material/model_training:")
    else:
        render_job(job, running=False)

if job is None and st.session_state.get(PRESET) == "speedrun":
    show_speedrun_panel()  # what made it fast, measured: its table needs the page's width
render_history(store, owner, None)
code = opened_code_expander(t("train_page.code_heading"), CODE)  # None while closed: no code built or sent
if code:
    with code:
        st.caption(t("train_page.code_caption"))
        try:
            st.code(training_loop_code(config, lang=current_language()), language="python")
        except LocalizedError as error:  # e.g. a handed-over Normalize that cannot fit: the warning above says so
            st.caption(t_error(error))
render_tensorboard(store, owner)  # the command, what every run logs, and seed 002's calls to try
