"""Prompt payment (rule 13): per buyer and calendar quarter, over a fixed set of invoices with known answers."""

from datetime import date, datetime, timezone as dt_timezone
from decimal import Decimal

import pytest

from marketplace.contracts.models import Milestone, MilestoneStatus
from marketplace.payments.models import InvoiceStatus, SupplierInvoice
from marketplace.payments.selectors import prompt_payment
from tests.evaluation_fixtures import _media_in_tmp  # noqa: F401 (fixture)
from tests.factories import BuyerOrganisationFactory
from tests.payments.builders import deal  # noqa: F401 (fixture)


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=dt_timezone.utc)


def invoice(deal, buyer, number, received: date, paid: date | None, *, disputed=False) -> SupplierInvoice:
    milestone = Milestone.objects.create(contract=deal.contract, position=100 + len(number), title=number,
                                         due_date=received, amount_pence=100_000, status=MilestoneStatus.ACCEPTED)
    return SupplierInvoice.objects.create(
        supplier=deal.supplier, buyer=buyer, contract=deal.contract, milestone=milestone, number=number,
        invoice_date=received, purchase_order_number="PO-1", amount_pence=100_000, vat_rate_percent=20,
        vat_pence=20_000, total_pence=120_000, raised_by=deal.supplier_user, received_at=noon(received),
        due_date=date.fromordinal(received.toordinal() + 30),
        status=InvoiceStatus.PAID if paid else InvoiceStatus.RECEIVED, paid_on=paid,
        disputed_at=noon(received) if disputed else None,
    )


@pytest.fixture
def ledger(deal):
    alpha = deal.contract.buyer
    beta = BuyerOrganisationFactory(name="Zeta Borough Council")
    # Alpha, paid in 2026 Q1: 15, 30 (on the due date), 31 and 58 days: 2 of 4 on time, 134 / 4 = 33.5 days.
    invoice(deal, alpha, "A1", date(2026, 1, 5), date(2026, 1, 20))
    invoice(deal, alpha, "A2", date(2026, 1, 10), date(2026, 2, 9))
    invoice(deal, alpha, "A3", date(2026, 1, 10), date(2026, 2, 10))
    invoice(deal, alpha, "A4", date(2026, 2, 1), date(2026, 3, 31))
    # Left out: one disputed (paid late), one not yet paid.
    invoice(deal, alpha, "A5", date(2026, 1, 5), date(2026, 3, 1), disputed=True)
    invoice(deal, alpha, "A6", date(2026, 3, 1), None)
    # Alpha, 2026 Q2 (the quarter of the payment date, not of receipt): 13 days.
    invoice(deal, alpha, "A7", date(2026, 3, 20), date(2026, 4, 2))
    # Zeta, 2026 Q1: 10, 3 and 40 days: 2 of 3 = 66.7%, 53 / 3 = 17.7 days.
    invoice(deal, beta, "B1", date(2026, 2, 1), date(2026, 2, 11))
    invoice(deal, beta, "B2", date(2026, 2, 5), date(2026, 2, 8))
    invoice(deal, beta, "B3", date(2026, 1, 1), date(2026, 2, 10))
    return alpha, beta


def test_rule_13_prompt_payment_figures_on_a_fixed_set_of_invoices(ledger):
    alpha, beta = ledger
    rows = [(r.buyer_id, r.period, r.invoices_paid, r.paid_within_30_days, r.share_within_30_days_percent,
             r.average_days_to_pay) for r in prompt_payment()]
    assert alpha.name < beta.name
    assert rows == [
        (alpha.pk, "2026 Q1", 4, 2, Decimal("50.0"), Decimal("33.5")),
        (alpha.pk, "2026 Q2", 1, 1, Decimal("100.0"), Decimal("13.0")),
        (beta.pk, "2026 Q1", 3, 2, Decimal("66.7"), Decimal("17.7")),
    ]


def test_rule_13_prompt_payment_for_one_buyer(ledger):
    alpha, beta = ledger
    assert [(r.period, r.share_within_30_days_percent) for r in prompt_payment(buyer=beta)] == [
        ("2026 Q1", Decimal("66.7"))]
    assert [r.period for r in prompt_payment(buyer=alpha)] == ["2026 Q1", "2026 Q2"]


def test_prompt_payment_with_no_paid_invoices_is_empty(deal):
    assert prompt_payment() == []
