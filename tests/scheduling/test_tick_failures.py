"""A failing job is recorded, does not stop the others, and is retried at the next tick."""

from datetime import timedelta

from marketplace.scheduling.models import JobRun, JobRunStatus
from marketplace.scheduling.services import tick

from .conftest import T0

MINUTE = timedelta(minutes=1)
JOBS = ["test.broken", "test.steady", "test.zzz"]


def test_a_failure_is_recorded_and_the_other_jobs_still_run(register_job):
    broken = register_job("test.broken")
    steady = register_job("test.steady")
    last = register_job("test.zzz")  # runs after the broken one
    broken.fail_times = 1

    outcomes = tick(now=T0, only=JOBS)

    assert {(o.job, o.status) for o in outcomes} == {
        ("test.broken", JobRunStatus.FAILED),
        ("test.steady", JobRunStatus.SUCCEEDED),
        ("test.zzz", JobRunStatus.SUCCEEDED),
    }
    run = JobRun.objects.get(job="test.broken")
    assert run.status == JobRunStatus.FAILED
    assert "RuntimeError: job broke for 2026-03-10T09:00:00+00:00" in run.error
    assert run.finished_at is not None
    assert len(steady.calls) == len(last.calls) == 1


def test_a_failed_run_is_retried_at_the_next_tick_in_the_same_period(register_job):
    broken = register_job("test.broken")
    steady = register_job("test.steady")
    broken.fail_times = 1
    tick(now=T0, only=JOBS)

    outcomes = tick(now=T0 + timedelta(seconds=30), only=JOBS)

    assert [(o.job, o.period, o.status) for o in outcomes] == [("test.broken", T0, JobRunStatus.SUCCEEDED)]
    run = JobRun.objects.get(job="test.broken")
    assert (run.status, run.attempts, run.error) == (JobRunStatus.SUCCEEDED, 2, "")
    assert broken.periods == [T0, T0]
    assert len(steady.calls) == 1


def test_a_failed_first_run_is_retried_when_the_next_period_has_begun(register_job):
    broken = register_job("test.broken")
    broken.fail_times = 1
    tick(now=T0, only=["test.broken"])

    outcomes = tick(now=T0 + MINUTE, only=["test.broken"])

    assert [(o.period, o.status) for o in outcomes] == [
        (T0, JobRunStatus.SUCCEEDED),
        (T0 + MINUTE, JobRunStatus.SUCCEEDED),
    ]
    assert broken.periods == [T0, T0, T0 + MINUTE]
    assert JobRun.objects.get(job="test.broken", period=T0).attempts == 2


def test_a_failure_while_catching_up_holds_the_later_periods_back(register_job):
    """Periods run in order: after a failure, later periods wait until it succeeds (digests chain day by day)."""
    job = register_job("test.broken")
    tick(now=T0, only=["test.broken"])
    job.fail_for = {T0 + 2 * MINUTE}

    outcomes = tick(now=T0 + 4 * MINUTE, only=["test.broken"])

    assert [(o.period, o.status) for o in outcomes] == [
        (T0 + MINUTE, JobRunStatus.SUCCEEDED),
        (T0 + 2 * MINUTE, JobRunStatus.FAILED),
    ]
    assert not JobRun.objects.filter(job="test.broken", period__gt=T0 + 2 * MINUTE).exists()

    job.fail_for = set()
    outcomes = tick(now=T0 + 4 * MINUTE + timedelta(seconds=20), only=["test.broken"])

    assert [o.period for o in outcomes] == [T0 + 2 * MINUTE, T0 + 3 * MINUTE, T0 + 4 * MINUTE]
    assert job.periods == [T0, T0 + MINUTE, T0 + 2 * MINUTE, T0 + 2 * MINUTE, T0 + 3 * MINUTE, T0 + 4 * MINUTE]
    assert set(JobRun.objects.filter(job="test.broken").values_list("status", flat=True)) == {JobRunStatus.SUCCEEDED}


def test_a_job_that_keeps_failing_is_retried_every_tick(register_job):
    broken = register_job("test.broken", every="day")
    broken.fail_times = 3
    midnight = T0.replace(hour=0)
    for n in range(3):
        assert [o.status for o in tick(now=T0 + n * MINUTE, only=["test.broken"])] == [JobRunStatus.FAILED]
    assert JobRun.objects.get(job="test.broken").attempts == 3
    assert [o.status for o in tick(now=T0 + 3 * MINUTE, only=["test.broken"])] == [JobRunStatus.SUCCEEDED]
    assert broken.periods == [midnight] * 4
