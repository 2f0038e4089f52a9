"""Payments' time-driven work, run by `manage.py tick`. Both jobs are idempotent in themselves as well."""

from marketplace.scheduling.registry import job

from . import services


@job("payments.fee_instalments", every="minute")
def fee_instalments(*, period_start, period_end):
    # Rule 13: an instalment of the marketplace fee for each milestone the buyer has accepted.
    services.fee_instalments_create_due()


@job("payments.invoice_reminders", every="hour")
def invoice_reminders(*, period_start, period_end):
    # The buyer's finance contacts, 25 and 31 days after receipt of an unpaid invoice.
    services.invoices_remind_overdue()
