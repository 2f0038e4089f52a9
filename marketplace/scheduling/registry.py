"""The time-driven jobs of every app. Apps declare them in a `jobs.py` module with @job."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from django.utils.module_loading import autodiscover_modules

EVERY = {
    "minute": timedelta(minutes=1),
    "hour": timedelta(hours=1),
    "day": timedelta(days=1),
}


@dataclass(frozen=True)
class Job:
    name: str
    every: str
    func: Callable[..., object]

    @property
    def step(self) -> timedelta:
        return EVERY[self.every]

    def period_containing(self, moment: datetime) -> datetime:
        """The start of the period holding `moment` (periods are aligned to UTC)."""
        if self.every == "minute":
            return moment.replace(second=0, microsecond=0)
        if self.every == "hour":
            return moment.replace(minute=0, second=0, microsecond=0)
        return moment.replace(hour=0, minute=0, second=0, microsecond=0)


JOBS: dict[str, Job] = {}


def job(name: str, *, every: str):
    """Register `func(period_start, period_end)` to run once for each `every` period."""
    if every not in EVERY:
        raise ValueError(f"every must be one of {sorted(EVERY)}")

    def register(func):
        JOBS[name] = Job(name=name, every=every, func=func)
        return func

    return register


def all_jobs() -> list[Job]:
    autodiscover_modules("jobs")
    return [JOBS[name] for name in sorted(JOBS)]
