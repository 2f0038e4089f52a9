"""Open data's time-driven jobs."""

from marketplace.scheduling.registry import job

from .services import bulk_file_days_due, market_release_ensure
from .tasks import build_bulk_file


@job("opendata.bulk_file", every="hour")
def bulk_file(*, period_start, period_end):
    """Build the bulk file of each UTC day that ended an hour or more ago and has none yet (days missed while the
    tick was down included). The hour lets in a release committed just after midnight but dated before it."""
    for day in bulk_file_days_due(now=period_start):
        build_bulk_file.enqueue(day=day.isoformat())


@job("opendata.market_notice", every="day")
def market_notice(*, period_start, period_end):
    """A new installation publishes its dynamic market notice on its first tick (then this does nothing)."""
    market_release_ensure()
