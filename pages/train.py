"""Train: choose a model and its hyperparameters, press Train, watch it learn; runs are kept."""

import streamlit as st

from ui.shell import ensure_app_navigation

ensure_app_navigation()  # first line of every page: see ui/shell.py

from core.jobs import TrainingJob  # noqa: E402
from core.runs import RunStore  # noqa: E402
from core.training_code import training_loop_code  # noqa: E402
from ui.i18n import current_language, t  # noqa: E402
from ui.identity import current_owner  # noqa: E402
from ui.train_controls import keep_settings, run_summary, select_config  # noqa: E402
from ui.train_history import render_history  # noqa: E402
from ui.train_live import render_job  # noqa: E402

JOB = "train.job"  # one job per session, kept across page switches
START = "train.start_requested"  # set by the button's callback, acted on below with the widgets' config


def request_start() -> None:
    st.session_state[START] = True  # callbacks run before the script: no click is ever lost


def stop_job() -> None:
    job = st.session_state.get(JOB)
    if job is not None:
        job.stop()
        job.join(timeout=2.0)  # the loop checks the stop flag between steps: well under a second

st.title(t("pages.train.title"))
st.markdown(t("train_page.intro"))
owner, store = current_owner(), RunStore()
job: TrainingJob | None = st.session_state.get(JOB)
running = job is not None and not job.done

if running:  # a lean page while it trains: every redraw costs the browser less, the charts get the width
    keep_settings()
    summary, stop = st.columns([4, 1], vertical_alignment="center")
    summary.markdown(t("train_page.running_summary", summary=run_summary(job.config)))
    stop.button(t("train_page.stop"), icon=":material/stop:", key="train.stop", width="stretch", on_click=stop_job)
    render_job(job, running=True)
    st.stop()

controls, live = st.columns([1, 1.8], gap="large")
with controls:
    config, problem = select_config()
    if problem:
        st.warning(problem)
    st.button(t("train_page.start"), type="primary", icon=":material/play_arrow:", key="train.start",
              disabled=problem is not None, width="stretch", on_click=request_start)
    if st.session_state.pop(START, False) and problem is None:
        st.session_state[JOB] = TrainingJob(config, store, owner).start()
        st.rerun()  # the training layout: run summary, Stop and the live charts
with live:
    if job is None:
        st.info(t("train_page.hint"), icon=":material/model_training:")
    else:
        render_job(job, running=False)

render_history(store, owner, None)
with st.expander(t("train_page.code_heading"), icon=":material/code:"):
    st.caption(t("train_page.code_caption"))
    st.code(training_loop_code(config, lang=current_language()), language="python")
st.caption(t("train_page.tensorboard"))
