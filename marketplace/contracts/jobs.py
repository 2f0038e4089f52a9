"""Time-driven work for contracts, run by `manage.py tick`."""

from marketplace.scheduling.registry import job

from . import services


@job("contracts.draft", every="minute")
def draft(*, period_start, period_end):
    # After `competitions.standstill` has ended a standstill, the award's contract is drafted for the buyer.
    services.contracts_draft_due()
