"""Payments' time-driven work, run by `manage.py tick`. Each job is idempotent in itself as well."""

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


@job("payments.fee_reminders", every="hour")
def fee_reminders(*, period_start, period_end):
    # The supplier's people, once, when a fee instalment is still due after its due date.
    services.fee_instalments_remind_overdue()
