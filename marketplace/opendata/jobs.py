"""Open data's time-driven jobs."""

from datetime import timedelta, timezone as dt_timezone

from marketplace.scheduling.registry import job

from .services import market_release_ensure
from .tasks import build_bulk_file


@job("opendata.bulk_file", every="day")
def bulk_file(*, period_start, period_end):
    """Build the bulk file of the UTC day before this period, once that day has ended."""
    day = (period_start.astimezone(dt_timezone.utc) - timedelta(days=1)).date()
    build_bulk_file.enqueue(day=day.isoformat())


@job("opendata.market_notice", every="day")
def market_notice(*, period_start, period_end):
    """A new installation publishes its dynamic market notice on its first tick (then this does nothing)."""
    market_release_ensure()
