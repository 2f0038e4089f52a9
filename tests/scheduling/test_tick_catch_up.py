"""A tick after downtime catches up every missed period, in order, as far back as the cap allows."""

from datetime import timedelta

from marketplace.scheduling.models import JobRun, JobRunStatus
from marketplace.scheduling.registry import JOBS
from marketplace.scheduling.services import due_periods, tick

from .conftest import T0

MINUTE = timedelta(minutes=1)


def test_a_job_that_never_ran_starts_with_the_current_period(register_job):
    job = register_job("test.fresh")
    assert due_periods(JOBS["test.fresh"], T0 + timedelta(seconds=30)) == [T0]
    tick(now=T0 + timedelta(seconds=30), only=["test.fresh"])
    assert job.periods == [T0]


def test_every_missed_period_is_caught_up_in_order(register_job):
    job = register_job("test.catch_up")
    tick(now=T0, only=["test.catch_up"])

    # Seven minutes of downtime.
    outcomes = tick(now=T0 + 7 * MINUTE + timedelta(seconds=12), only=["test.catch_up"])

    missed = [T0 + n * MINUTE for n in range(1, 8)]
    assert [o.period for o in outcomes] == missed
    assert all(o.status == JobRunStatus.SUCCEEDED for o in outcomes)
    assert job.calls[1:] == [(start, start + MINUTE) for start in missed]
    assert list(JobRun.objects.filter(job="test.catch_up").order_by("period").values_list("period", flat=True)) == [
        T0,
        *missed,
    ]
    assert tick(now=T0 + 7 * MINUTE + timedelta(seconds=40), only=["test.catch_up"]) == []


def test_hourly_and_daily_jobs_catch_up_too(register_job):
    hourly = register_job("test.hourly", every="hour")
    daily = register_job("test.daily", every="day")
    tick(now=T0, only=["test.hourly", "test.daily"])
    tick(now=T0 + timedelta(days=2, hours=3, minutes=10), only=["test.hourly", "test.daily"])
    assert hourly.periods == [T0 + timedelta(hours=n) for n in range(0, 24 * 2 + 4)]
    midnight = T0.replace(hour=0)
    assert daily.periods == [midnight, midnight + timedelta(days=1), midnight + timedelta(days=2)]


def test_catching_up_is_capped(register_job, settings):
    settings.SPARK_TICK_CATCH_UP_PERIODS = 5
    job = register_job("test.capped")
    tick(now=T0, only=["test.capped"])

    tick(now=T0 + timedelta(hours=3, seconds=1), only=["test.capped"])

    now_period = T0 + timedelta(hours=3)
    assert job.periods == [T0] + [now_period - n * MINUTE for n in (4, 3, 2, 1, 0)]
    assert JobRun.objects.filter(job="test.capped").count() == 6
