"""The server's one training queue, and what a waiting visitor sees of it."""

from __future__ import annotations

import streamlit as st

from core.common.host_limits import host_limits
from core.training.runs import RunStore
from core.training.scheduler import QUEUED, Ticket, TrainingScheduler
from ui.common.i18n import t
from ui.train.live_charts import feed_dir

POLL_S = 1.0  # a place in line is worth watching closely; each poll is a few hundred bytes


@st.cache_resource
def shared_scheduler() -> TrainingScheduler:
    """One scheduler for every session of this server process (thread-safe by its own lock)."""
    return TrainingScheduler(host_limits(), RunStore(), feed_dir=feed_dir())


def render_waiting(ticket: Ticket, scheduler: TrainingScheduler) -> None:
    """Place in line, live; the page reruns into the training layout when the job starts."""
    st.fragment(_waiting, run_every=POLL_S)(ticket, scheduler)


def _waiting(ticket: Ticket, scheduler: TrainingScheduler) -> None:
    status = scheduler.status(ticket)  # also tells the scheduler this page is still open
    if ticket.state != QUEUED:
        st.rerun()  # started (or dropped): the whole page changes layout
    st.info(t("train_page.queue_position", position=status.position, queued=status.queued,
              running=status.running, slots=status.limits.max_jobs), icon=":material/hourglass_top:")
    st.caption(t("train_page.queue_why"))
