"""The tick: run every due job once per period, catching up after downtime."""

import logging
import traceback
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.utils import timezone

from .models import JobRun, JobRunStatus
from .registry import Job, all_jobs

logger = logging.getLogger(__name__)

# A run still marked running after this long is taken to have died with its process.
STALE_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class RunOutcome:
    job: str
    period: datetime
    status: str


def due_periods(job: Job, now: datetime) -> list[datetime]:
    """Periods not yet done, in order, up to the current one, at most SPARK_TICK_CATCH_UP_PERIODS.

    They start after the last success, or, for a job that has never succeeded,
    at its first attempt, so a failed first period is retried too.
    """
    current = job.period_containing(now.astimezone(UTC))
    runs = JobRun.objects.filter(job=job.name)
    last = runs.filter(status=JobRunStatus.SUCCEEDED).aggregate(last=Max("period"))["last"]
    if last is not None:
        start = last + job.step
    else:
        start = runs.aggregate(first=Min("period"))["first"] or current
    earliest = current - job.step * (settings.SPARK_TICK_CATCH_UP_PERIODS - 1)
    start = max(start, earliest)
    periods = []
    period = start
    while period <= current:
        periods.append(period)
        period += job.step
    return periods


def _claim(job: Job, period: datetime, now: datetime) -> JobRun | None:
    """Take the (job, period) slot, or retry it if an earlier attempt failed or died. None if it is taken."""
    try:
        with transaction.atomic():
            return JobRun.objects.create(job=job.name, period=period, started_at=now)
    except IntegrityError:
        pass
    with transaction.atomic():
        run = JobRun.objects.select_for_update().get(job=job.name, period=period)
        retryable = run.status == JobRunStatus.FAILED or (
            run.status == JobRunStatus.RUNNING and run.started_at < now - STALE_AFTER
        )
        if not retryable:
            return None
        run.status = JobRunStatus.RUNNING
        run.attempts += 1
        run.started_at = now
        run.error = ""
        run.save(update_fields=["status", "attempts", "started_at", "error"])
        return run


def run_job(job: Job, period: datetime, now: datetime) -> RunOutcome | None:
    run = _claim(job, period, now)
    if run is None:
        return None
    try:
        job.func(period_start=period, period_end=period + job.step)
    except Exception:  # a failing job is recorded and retried next tick; other jobs still run
        logger.exception("Job %s for %s failed", job.name, period.isoformat())
        run.status = JobRunStatus.FAILED
        run.error = traceback.format_exc()[-4000:]
    else:
        run.status = JobRunStatus.SUCCEEDED
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])
    return RunOutcome(job.name, period, run.status)


def tick(*, now: datetime | None = None, only: list[str] | None = None) -> list[RunOutcome]:
    """Run every job for every period that is due. Running it twice in one period does nothing twice."""
    now = now or timezone.now()
    outcomes = []
    for job in all_jobs():
        if only and job.name not in only:
            continue
        for period in due_periods(job, now):
            outcome = run_job(job, period, now)
            if outcome is None:
                break  # another tick holds this period: leave the rest to it, in order
            outcomes.append(outcome)
            if outcome.status != JobRunStatus.SUCCEEDED:
                # Periods run in order (digests chain day by day): the ones after a
                # failure wait for it to succeed, at the next tick.
                break
    return outcomes
