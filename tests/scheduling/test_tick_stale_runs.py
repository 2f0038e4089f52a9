"""A run left 'running' by a process that died is reclaimed after an hour, and not before."""

from datetime import timedelta

from marketplace.scheduling.models import JobRun, JobRunStatus
from marketplace.scheduling.services import STALE_AFTER, tick

from .conftest import T0

MIDNIGHT = T0.replace(hour=0)


def test_a_stale_running_run_is_reclaimed(register_job):
    job = register_job("test.daily", every="day")
    JobRun.objects.create(job="test.daily", period=MIDNIGHT, status=JobRunStatus.RUNNING, started_at=MIDNIGHT)

    now = MIDNIGHT + STALE_AFTER + timedelta(minutes=1)
    outcomes = tick(now=now, only=["test.daily"])

    assert [(o.period, o.status) for o in outcomes] == [(MIDNIGHT, JobRunStatus.SUCCEEDED)]
    assert job.periods == [MIDNIGHT]
    run = JobRun.objects.get(job="test.daily")
    assert (run.status, run.attempts, run.started_at) == (JobRunStatus.SUCCEEDED, 2, now)


def test_a_recent_running_run_is_left_to_its_process(register_job):
    job = register_job("test.daily", every="day")
    JobRun.objects.create(job="test.daily", period=MIDNIGHT, status=JobRunStatus.RUNNING, started_at=MIDNIGHT)

    assert tick(now=MIDNIGHT + STALE_AFTER - timedelta(minutes=1), only=["test.daily"]) == []

    assert job.calls == []
    run = JobRun.objects.get(job="test.daily")
    assert (run.status, run.attempts) == (JobRunStatus.RUNNING, 1)


def test_a_run_held_by_another_tick_holds_back_the_periods_after_it(register_job):
    """Another tick is still working on a period: this one neither repeats it nor runs ahead of it."""
    job = register_job("test.minutely")
    JobRun.objects.create(job="test.minutely", period=T0, status=JobRunStatus.SUCCEEDED, started_at=T0)
    held = T0 + timedelta(minutes=1)
    JobRun.objects.create(job="test.minutely", period=held, status=JobRunStatus.RUNNING, started_at=held)

    assert tick(now=T0 + timedelta(minutes=3), only=["test.minutely"]) == []
    assert job.calls == []
    assert JobRun.objects.filter(job="test.minutely").count() == 2
