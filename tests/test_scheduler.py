"""The process-wide training queue: slots, FIFO order, one job each, leaving, forgotten tickets, limits."""

import dataclasses

import pytest

from core.common.host_limits import HostLimits, host_limits
from core.common.i18n import LocalizedError
from core.training.config import TrainConfig
from core.training.runs import RunStore
from core.training.scheduler import DONE, LEFT, QUEUED, RUNNING, TrainingScheduler

TINY = TrainConfig(model="linear", train_subset=1000, epochs=1, batch_size=100)
LIMITS = HostLimits(max_jobs=1, max_queue=3, max_epochs=5, train_threads=1, busy_threads=1, train_nice=10,
                    train_yield=0, queue_patience_s=600.0)


@pytest.fixture
def scheduler(tmp_path):
    made = TrainingScheduler(LIMITS, RunStore(tmp_path))
    yield made
    for ticket in [*made._running, *made._queue]:  # never leave a thread training after a test
        made.leave(ticket)
    for ticket in list(made._running):
        ticket.job.join(timeout=30)


def stop_and_wait(scheduler, ticket):
    scheduler.leave(ticket)
    assert ticket.job.join(timeout=30)


def test_first_job_starts_at_once_and_the_next_ones_wait_in_order(scheduler):
    first = scheduler.submit(TINY, "ann")
    second, third = scheduler.submit(TINY, "bob"), scheduler.submit(TINY, "cat")
    assert first.state == RUNNING and first.job is not None
    assert (second.state, third.state) == (QUEUED, QUEUED) and second.job is None
    assert scheduler.status(second).position == 1 and scheduler.status(third).position == 2
    status = scheduler.status()
    assert (status.running, status.queued, status.position) == (1, 2, 0)

    stop_and_wait(scheduler, first)  # its thread hands the slot to the next in line
    assert first.state == DONE and second.state == RUNNING and second.job is not None
    assert scheduler.status(third).position == 1


def test_a_job_runs_with_the_hosts_thread_count_and_priority(scheduler, monkeypatch):
    import core.training.jobs

    lowered = []
    monkeypatch.setattr(core.training.jobs, "lower_priority", lowered.append)
    ticket = scheduler.submit(TINY, "ann")
    assert ticket.job.wait_until(lambda s: s.status != "starting", timeout=60)
    assert ticket.job.snapshot().threads == LIMITS.train_threads
    assert lowered == [LIMITS.train_nice]


def test_one_active_job_per_owner(scheduler):
    scheduler.submit(TINY, "ann")
    with pytest.raises(LocalizedError, match="already have a run"):
        scheduler.submit(TINY, "ann")
    waiting = scheduler.submit(TINY, "bob")
    with pytest.raises(LocalizedError):
        scheduler.submit(TINY, "bob")  # waiting counts as active too
    assert scheduler.active_ticket("bob") is waiting and scheduler.active_ticket("zoe") is None


def test_a_full_queue_refuses_with_a_message(scheduler):
    for owner in ("a", "b", "c", "d"):  # one runs, three wait
        scheduler.submit(TINY, owner)
    with pytest.raises(LocalizedError, match="line is full"):
        scheduler.submit(TINY, "e")


def test_leaving_the_queue_moves_everyone_up(scheduler):
    scheduler.submit(TINY, "ann")
    bob, cat = scheduler.submit(TINY, "bob"), scheduler.submit(TINY, "cat")
    scheduler.leave(bob)
    assert bob.state == LEFT and bob.job is None
    assert scheduler.status(cat).position == 1
    assert scheduler.submit(TINY, "bob").state == QUEUED, "a ticket that left no longer counts"


def test_a_ticket_whose_page_closed_is_dropped_from_the_queue(tmp_path):
    patient = TrainingScheduler(dataclasses.replace(LIMITS, queue_patience_s=0.0), RunStore(tmp_path))
    first = patient.submit(TINY, "ann")
    gone = patient.submit(TINY, "bob")
    late = patient.submit(TINY, "cat")  # submitting drops tickets nobody asked about since the cutoff
    assert gone.state == LEFT and late.state == QUEUED
    stop_and_wait(patient, first)
    assert late.state in (LEFT, RUNNING), "either dropped too, or started: never stuck"
    if late.job is not None:
        stop_and_wait(patient, late)


def test_more_epochs_than_the_host_allows_are_refused(scheduler):
    with pytest.raises(LocalizedError, match="more than this server allows"):
        scheduler.submit(dataclasses.replace(TINY, epochs=6), "ann")


def test_finished_jobs_leave_no_running_slot(scheduler):
    ticket = scheduler.submit(TINY, "ann")
    assert ticket.job.join(timeout=120)
    assert ticket.state == DONE and scheduler.status().running == 0
    assert ticket.job.snapshot().status == "finished"


def test_limits_come_from_the_environment():
    limits = host_limits({"TORCHLAB_MAX_JOBS": "3", "TORCHLAB_MAX_EPOCHS": "7", "TORCHLAB_MAX_QUEUE": "9",
                          "TORCHLAB_TRAIN_THREADS": "2"})
    assert (limits.max_jobs, limits.max_epochs, limits.max_queue, limits.train_threads) == (3, 7, 9, 2)
    assert host_limits({"TORCHLAB_TRAIN_THREADS": "1"}).busy_threads == 1, "never more while people wait"
    assert limits.train_nice == 10 and host_limits({"TORCHLAB_TRAIN_NICE": "40"}).train_nice == 19
    assert not limits.problems


def test_defaults_share_the_cores_leave_one_to_people_waiting_and_typos_fall_back(monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 8)
    monkeypatch.setattr("torch.cuda.is_available", lambda: False)
    limits = host_limits({})
    assert (limits.max_jobs, limits.train_threads, limits.busy_threads) == (4, 2, 1)  # 8 cores, then 7, over 4 jobs
    alone = host_limits({"TORCHLAB_MAX_JOBS": "1"})
    assert (alone.train_threads, alone.busy_threads) == (8, 7), "one job trains as fast as the CLI"
    bad = host_limits({"TORCHLAB_MAX_EPOCHS": "ten", "TORCHLAB_MAX_JOBS": "0"})
    assert bad.max_epochs == 20 and bad.max_jobs == 4
    assert [p.params["name"] for p in bad.problems] == ["TORCHLAB_MAX_JOBS", "TORCHLAB_MAX_EPOCHS"]
    assert "default (20) applies" in bad.problems[1].render("en")
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    assert (host_limits({}).train_threads, host_limits({}).busy_threads) == (2, 1)
    off = host_limits({"TORCHLAB_TRAIN_NICE": "0", "TORCHLAB_TRAIN_YIELD": "0"})
    assert (off.train_nice, off.train_yield, off.problems) == (0, 0, ())


def test_a_finished_job_lets_go_of_its_model_and_optimizer(scheduler, monkeypatch):
    import gc
    import weakref

    import core.training.jobs

    made = []
    real = core.training.jobs.seeded_model
    monkeypatch.setattr(core.training.jobs, "seeded_model", lambda config: made.append(real(config)) or made[-1])
    ticket = scheduler.submit(TINY, "ann")
    assert ticket.job.join(timeout=120)
    model = weakref.ref(made.pop())
    gc.collect()
    assert model() is None, "nothing keeps a finished job's model (and the optimizer that points at it) alive"


def test_lowering_priority_affects_only_the_calling_thread():
    import os
    import threading

    from core.common.threads import lower_priority

    seen = {}

    def work():
        lower_priority(5)
        seen["nice"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen["nice"] == max(before, 5), "lowered to nice 5 (never raised, e.g. when already niced)"
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before, "the caller keeps its priority"


def test_a_job_pauses_between_steps_only_while_someone_waits_on_inference(tmp_path, monkeypatch):
    import core.training.jobs
    from core.training.jobs import TrainingJob

    pauses = []
    waiting = {"now": False}
    monkeypatch.setattr(core.training.jobs, "recently_waited", lambda: waiting["now"])

    def run(yield_factor):
        job = TrainingJob(TINY, RunStore(tmp_path), "ann", threads=1, yield_factor=yield_factor)
        real_wait = job._stop.wait
        job._stop.wait = lambda timeout=None: pauses.append(timeout) or real_wait(0)
        assert job.start().join(timeout=120)
        return job.snapshot()

    run(2.0)
    assert pauses == [], "nobody waiting: no pause"
    waiting["now"] = True
    steps = len(run(2.0).steps)
    assert len(pauses) == steps and all(0 < p <= 1.0 for p in pauses), "one bounded pause per step"
    pauses.clear()
    run(0.0)
    assert pauses == [], "yield 0 turns it off"


def test_a_job_trains_on_fewer_threads_only_while_someone_waits_on_inference(tmp_path, monkeypatch):
    import torch

    import core.training.jobs
    from core.training.jobs import TrainingJob

    answers = []  # what recently_waited() said after each step: three steps yes, three no, ...
    monkeypatch.setattr(core.training.jobs, "recently_waited", lambda: answers.append(len(answers) // 3 % 2 == 1) or answers[-1])
    job = TrainingJob(TINY, RunStore(tmp_path), "ann", threads=2, busy_threads=1)
    real_use, used = job._use_threads, []  # (someone waiting, the job thread's OpenMP threads after the switch)
    job._use_threads = lambda n: real_use(n) or used.append((answers[-1], torch.get_num_threads(), job.snapshot().threads))
    assert job.start().join(timeout=120) and job.snapshot().status == "finished"
    assert len(used) == len(answers) == len(job.snapshot().steps) >= 6
    assert {(n, shown) for waited, n, shown in used if waited} == {(1, 1)}, "a core left to the person waiting"
    assert {(n, shown) for waited, n, shown in used if not waited} == {(2, 2)}, "every core again once they stop"
