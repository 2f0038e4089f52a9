"""The audit log's time-driven jobs."""

from marketplace.scheduling.registry import job

from .services import audit_digest_create, audit_purge_expired, day_of


@job("audit.digest", every="day")
def publish_digest(*, period_start, period_end):
    """Record and publish every stream's head for the day that starts this period."""
    audit_digest_create(day=day_of(period_start))


@job("audit.purge", every="day")
def purge_expired(*, period_start, period_end):
    """Purge streams whose retention period has ended."""
    audit_purge_expired(now=period_start)
