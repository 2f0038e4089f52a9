"""A second tick in the same period does nothing twice."""

from datetime import timedelta

import pytest

from marketplace.scheduling import registry
from marketplace.scheduling.models import JobRun, JobRunStatus
from marketplace.scheduling.services import tick

from .conftest import T0


MIDNIGHT = T0.replace(hour=0)


@pytest.mark.parametrize(
    ("every", "period", "later_in_period", "next_period"),
    [
        ("minute", T0, timedelta(seconds=50), timedelta(minutes=1)),
        ("hour", T0, timedelta(minutes=59), timedelta(hours=1)),
        ("day", MIDNIGHT, timedelta(hours=14, minutes=59), timedelta(days=1)),
    ],
)
def test_a_job_runs_once_per_period(register_job, every, period, later_in_period, next_period):
    job = register_job("test.once", every=every)
    start = T0 + timedelta(seconds=5)

    outcomes = tick(now=start, only=["test.once"])
    assert [(o.job, o.period, o.status) for o in outcomes] == [("test.once", period, JobRunStatus.SUCCEEDED)]
    assert job.calls == [(period, period + next_period)]

    assert tick(now=start, only=["test.once"]) == []
    assert tick(now=T0 + later_in_period, only=["test.once"]) == []
    assert len(job.calls) == 1
    run = JobRun.objects.get(job="test.once")
    assert (run.period, run.status, run.attempts) == (period, JobRunStatus.SUCCEEDED, 1)
    assert run.finished_at is not None

    tick(now=T0 + next_period, only=["test.once"])
    assert job.periods == [period, period + next_period]
    assert JobRun.objects.filter(job="test.once").count() == 2


def test_only_limits_a_tick_to_the_named_jobs(register_job):
    first = register_job("test.first")
    second = register_job("test.second")
    tick(now=T0, only=["test.first"])
    assert len(first.calls) == 1 and second.calls == []
    tick(now=T0, only=["test.first", "test.second"])
    assert len(first.calls) == 1 and len(second.calls) == 1


def test_the_throwaway_jobs_sit_beside_the_apps_jobs(register_job):
    register_job("test.extra")
    names = [job.name for job in registry.all_jobs()]
    assert {"audit.digest", "audit.purge", "test.extra"} <= set(names)
    assert names == sorted(names)


def test_an_unknown_period_length_is_refused():
    with pytest.raises(ValueError, match="every must be one of"):
        registry.job("test.weekly", every="week")
    assert "test.weekly" not in registry.JOBS
