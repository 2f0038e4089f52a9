"""Time-driven work for competitions, run by `manage.py tick`."""

from django.utils import timezone

from marketplace.scheduling.registry import job

from . import services


@job("competitions.close", every="minute")
def close_due(*, period_start, period_end):
    # Closed is already true from the deadline; this stamps it and tells the buyer.
    services.competitions_close_due(now=min(period_end, timezone.now()))


@job("competitions.invitations", every="hour")
def invitations(*, period_start, period_end):
    services.invitations_catch_up()


@job("competitions.digest", every="day")
def digest(*, period_start, period_end):
    services.digests_send(now=min(period_end, timezone.now()))


@job("competitions.standstill", every="minute")
def standstill(*, period_start, period_end):
    # Rule 10: standstill ends at its time unless the award is paused; then the contract may be signed.
    services.standstills_end_due(now=min(period_end, timezone.now()))
