"""Supplier invoices against accepted milestones (rule 13): money, purchase order, receipt and due date, payment,
disputes, reminders and the audit trail."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.audit.models import AuditEvent
from marketplace.contracts.models import Contract
from marketplace.errors import DomainError, NotAllowed
from marketplace.payments import services
from marketplace.payments.models import INVOICE_TRANSITIONS, InvoiceStatus, SupplierInvoice
from tests.evaluation_fixtures import _media_in_tmp  # noqa: F401 (fixture)
from tests.payments.builders import (  # noqa: F401 (fixture)
    FIRST_PENCE,
    PURCHASE_ORDER,
    VAT_NUMBER,
    accept,
    deal,
    make_deal,
    raise_invoice,
    uk_today,
)


def verbs(contract) -> list[str]:
    return list(AuditEvent.objects.filter(stream__key=contract.audit_stream, verb__startswith="payments.")
                .order_by("seq").values_list("verb", flat=True))


# ---------------------------------------------------------------------------------------------------------------
# Money.


def test_rule_13_vat_is_whole_pence_rounded_half_up():
    assert services.vat_pence(1_010, 5) == 51  # 50.5p
    assert services.vat_pence(1_009, 5) == 50  # 50.45p
    assert services.vat_pence(123_457, 20) == 24_691  # 24,691.4p
    assert services.vat_pence(100, 0) == 0


def test_rule_13_an_invoice_is_in_pence_with_vat_shown_separately_and_the_purchase_order_carried(
    deal, django_capture_on_commit_callbacks
):
    milestone = accept(deal, deal.first)
    Contract.objects.filter(pk=deal.contract.pk).update(vat_rate_percent=5)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invoice = raise_invoice(deal, milestone, number="INV-001")
    invoice.refresh_from_db()
    assert (invoice.amount_pence, invoice.vat_rate_percent, invoice.vat_pence, invoice.total_pence) == (
        FIRST_PENCE, 5, 150_003, FIRST_PENCE + 150_003)  # 150,002.5p rounded up
    assert all(isinstance(v, int) for v in (invoice.amount_pence, invoice.vat_pence, invoice.total_pence))
    assert invoice.purchase_order_number == PURCHASE_ORDER
    assert invoice.supplier_vat_number == VAT_NUMBER
    assert (invoice.supplier, invoice.buyer, invoice.contract_id) == (
        deal.supplier, deal.contract.buyer, deal.contract.pk)
    [email] = mail.outbox
    assert deal.buyer_admin.email in email.to
    assert "Purchase-order number: PO-4500012345" in email.body
    assert "Total: £31,500.53" in email.body
    assert "VAT at 5%: £1,500.03 (supplier's VAT number GB123456789)" in email.body


def test_rule_13_the_amount_differs_from_the_milestone_only_with_a_reason(deal):
    milestone = accept(deal, deal.first)
    with pytest.raises(DomainError) as refused:
        raise_invoice(deal, milestone, amount_pence=FIRST_PENCE - 50_000)
    assert refused.value.field == "amount_reason"
    assert refused.value.message == "Explain why the amount differs from the milestone’s amount"
    invoice = raise_invoice(deal, milestone, amount_pence=2_950_050, amount_reason="Credit for a late report")
    assert (invoice.amount_pence, invoice.vat_pence, invoice.total_pence) == (2_950_050, 590_010, 3_540_060)
    assert invoice.amount_reason == "Credit for a late report"


def test_rule_13_vat_needs_the_suppliers_vat_number(buyer_admin, buyer_member):
    deal = make_deal(buyer_admin, buyer_member, vat_number="")
    milestone = accept(deal, deal.first)
    with pytest.raises(DomainError) as refused:
        raise_invoice(deal, milestone)
    assert refused.value.code == "no_vat_number"
    assert "VAT registration number" in refused.value.message
    # Zero-rated: no VAT, so no VAT number is needed.
    Contract.objects.filter(pk=deal.contract.pk).update(vat_rate_percent=0)
    invoice = raise_invoice(deal, milestone)
    assert (invoice.vat_pence, invoice.total_pence, invoice.supplier_vat_number) == (0, FIRST_PENCE, "")


# ---------------------------------------------------------------------------------------------------------------
# Who may invoice what.


def test_rule_13_an_invoice_for_an_unaccepted_milestone_is_refused(deal):
    from marketplace.contracts import services as contracts

    with pytest.raises(DomainError) as refused:
        raise_invoice(deal, deal.first)
    assert refused.value.code == "not_accepted"
    assert refused.value.message == "You can only invoice a milestone once the buyer has accepted it"
    contracts.milestone_deliver(actor=deal.supplier_user, milestone=deal.first, note="Delivered")
    with pytest.raises(DomainError):
        raise_invoice(deal, deal.first)
    assert not SupplierInvoice.objects.exists()


def test_rule_13_a_second_invoice_for_the_same_milestone_is_refused(deal):
    milestone = accept(deal, deal.first)
    raise_invoice(deal, milestone, number="INV-001")
    with pytest.raises(DomainError) as refused:
        raise_invoice(deal, milestone, number="INV-002")
    assert refused.value.code == "already_invoiced"
    assert refused.value.message == "This milestone has already been invoiced. Each milestone has one invoice"
    # And the database says so too.
    first = SupplierInvoice.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        SupplierInvoice.objects.create(**{
            f.attname: getattr(first, f.attname) for f in SupplierInvoice._meta.concrete_fields if not f.primary_key
        } | {"number": "INV-003"})
    assert SupplierInvoice.objects.count() == 1


def test_an_invoice_number_is_unique_per_supplier(deal):
    raise_invoice(deal, accept(deal, deal.first), number="INV-001")
    with pytest.raises(DomainError) as refused:
        raise_invoice(deal, accept(deal, deal.second), number="inv-001")
    assert refused.value.field == "number"


def test_only_the_supplier_raises_an_invoice_and_the_date_is_not_in_the_future(deal):
    milestone = accept(deal, deal.first)
    with pytest.raises(NotAllowed):
        services.invoice_raise(actor=deal.buyer_admin, milestone=milestone, number="X", invoice_date=uk_today())
    with pytest.raises(DomainError) as refused:
        raise_invoice(deal, milestone, invoice_date=uk_today() + timedelta(days=1))
    assert refused.value.field == "invoice_date"
    # A supplier admin may raise it as well as a member.
    invoice = services.invoice_raise(actor=deal.supplier_admin, milestone=milestone, number="INV-9",
                                     invoice_date=uk_today())
    assert invoice.raised_by == deal.supplier_admin


# ---------------------------------------------------------------------------------------------------------------
# Receipt, due date, payment.


def test_rule_13_an_invoice_submitted_through_the_service_is_received_and_due_30_days_later(deal):
    invoice = raise_invoice(deal, accept(deal, deal.first), invoice_date=uk_today() - timedelta(days=3))
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.RECEIVED
    assert invoice.received_at is not None
    assert invoice.due_date == timezone.localtime(invoice.received_at).date() + timedelta(days=30)
    # From receipt, not from the supplier's invoice date.
    assert invoice.due_date == invoice.invoice_date + timedelta(days=33)


def test_rule_13_a_payment_recorded_by_the_supplier_is_refused(deal):
    invoice = raise_invoice(deal, accept(deal, deal.first))
    for supplier_side in (deal.supplier_user, deal.supplier_admin):
        with pytest.raises(NotAllowed) as refused:
            services.invoice_record_payment(actor=supplier_side, invoice=invoice, paid_on=uk_today(),
                                            remittance_reference="BACS 1")
        assert refused.value.message == "Only the buyer on this contract can record that an invoice has been paid."
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_on) == (InvoiceStatus.RECEIVED, None)


def test_rule_13_the_buyer_records_payment_with_its_date_and_remittance_reference(
    deal, django_capture_on_commit_callbacks
):
    invoice = raise_invoice(deal, accept(deal, deal.first))
    with pytest.raises(DomainError) as refused:
        services.invoice_record_payment(actor=deal.buyer_member, invoice=invoice, paid_on=uk_today(),
                                        remittance_reference=" ")
    assert refused.value.field == "remittance_reference"
    with pytest.raises(DomainError) as refused:
        services.invoice_record_payment(actor=deal.buyer_member, invoice=invoice,
                                        paid_on=uk_today() - timedelta(days=1), remittance_reference="BACS 1")
    assert refused.value.field == "paid_on"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.invoice_record_payment(actor=deal.buyer_member, invoice=invoice, paid_on=uk_today(),
                                        remittance_reference="BACS 0042")
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_on, invoice.remittance_reference, invoice.payment_recorded_by) == (
        InvoiceStatus.PAID, uk_today(), "BACS 0042", deal.buyer_member)
    [email] = mail.outbox
    assert deal.supplier_user.email in email.to
    assert "Remittance reference: BACS 0042" in email.body
    with pytest.raises(DomainError) as refused:
        services.invoice_record_payment(actor=deal.buyer_admin, invoice=invoice, paid_on=uk_today(),
                                        remittance_reference="Again")
    assert refused.value.code == "wrong_status"


def test_rule_13_dispute_and_answer(deal, django_capture_on_commit_callbacks):
    invoice = raise_invoice(deal, accept(deal, deal.first))
    with pytest.raises(NotAllowed):
        services.invoice_dispute(actor=deal.supplier_user, invoice=invoice, reason="Self-dispute")
    with pytest.raises(DomainError) as refused:
        services.invoice_answer_dispute(actor=deal.supplier_user, invoice=invoice, answer="Nothing to answer")
    assert refused.value.message == "This invoice is not disputed, so there is nothing to answer"
    with pytest.raises(DomainError) as refused:
        services.invoice_dispute(actor=deal.buyer_admin, invoice=invoice, reason="")
    assert refused.value.message == "Enter why you are disputing the invoice"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.invoice_dispute(actor=deal.buyer_admin, invoice=invoice, reason="The report is missing its annex")
    invoice.refresh_from_db()
    assert (invoice.status, invoice.dispute_reason) == (InvoiceStatus.DISPUTED, "The report is missing its annex")
    assert [m.subject for m in mail.outbox] == [f"Spark: Invoice INV-001 disputed on contract "
                                                f"{deal.contract.reference}"]
    with pytest.raises(NotAllowed):
        services.invoice_answer_dispute(actor=deal.buyer_admin, invoice=invoice, answer="Buyer answering")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.invoice_answer_dispute(actor=deal.supplier_user, invoice=invoice,
                                        answer="The annex was sent on 3 March")
    invoice.refresh_from_db()
    assert (invoice.status, invoice.dispute_answer, invoice.answered_by) == (
        InvoiceStatus.RECEIVED, "The annex was sent on 3 March", deal.supplier_user)
    assert "The annex was sent on 3 March" in mail.outbox[0].body
    assert deal.buyer_admin.email in mail.outbox[0].to
    # Back with the buyer: it can now be paid; the due date is still 30 days from receipt.
    services.invoice_record_payment(actor=deal.buyer_admin, invoice=invoice, paid_on=uk_today(),
                                    remittance_reference="BACS 7")
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    assert invoice.disputed_at is not None and not invoice.undisputed


# ---------------------------------------------------------------------------------------------------------------
# The state machine and the audit trail.

INVOICE_MOVES = {
    # name: (target, the states the service moves from, the call)
    "receive": (InvoiceStatus.RECEIVED, {InvoiceStatus.SUBMITTED},
                lambda d, i: services.invoice_receive(actor=d.buyer_admin, invoice=i)),
    "answer": (InvoiceStatus.RECEIVED, {InvoiceStatus.DISPUTED},
               lambda d, i: services.invoice_answer_dispute(actor=d.supplier_user, invoice=i, answer="Answered")),
    "pay": (InvoiceStatus.PAID, {InvoiceStatus.RECEIVED, InvoiceStatus.DISPUTED},
            lambda d, i: services.invoice_record_payment(actor=d.buyer_admin, invoice=i, paid_on=uk_today(),
                                                         remittance_reference="BACS 1")),
    "dispute": (InvoiceStatus.DISPUTED, {InvoiceStatus.RECEIVED},
                lambda d, i: services.invoice_dispute(actor=d.buyer_admin, invoice=i, reason="Wrong amount")),
}


def test_rule_13_invoice_moves_cover_exactly_the_transitions():
    edges = {(start, target) for start, targets in INVOICE_TRANSITIONS.items() for target in targets}
    moves = {(start, target) for target, starts, _ in INVOICE_MOVES.values() for start in starts}
    assert moves == edges
    assert set(INVOICE_TRANSITIONS) == set(InvoiceStatus)
    assert INVOICE_TRANSITIONS[InvoiceStatus.PAID] == set()


@pytest.mark.parametrize("start", list(InvoiceStatus))
def test_rule_13_invoice_transition_matrix(deal, start):
    invoice = raise_invoice(deal, accept(deal, deal.first))
    for name, (target, starts, move) in INVOICE_MOVES.items():
        SupplierInvoice.objects.filter(pk=invoice.pk).update(status=start)
        invoice.refresh_from_db()
        if start in starts:
            assert move(deal, invoice).status == target, name
        else:
            with pytest.raises(DomainError):
                move(deal, invoice)
            invoice.refresh_from_db()
            assert invoice.status == start, name


def test_rule_12_every_invoice_change_writes_an_audit_event(deal):
    invoice = raise_invoice(deal, accept(deal, deal.first))
    services.invoice_dispute(actor=deal.buyer_admin, invoice=invoice, reason="Wrong amount")
    services.invoice_answer_dispute(actor=deal.supplier_user, invoice=invoice, answer="It matches the milestone")
    services.invoice_record_payment(actor=deal.buyer_admin, invoice=invoice, paid_on=uk_today(),
                                    remittance_reference="BACS 9")
    assert verbs(deal.contract) == [
        "payments.invoice_raised", "payments.invoice_received", "payments.invoice_disputed",
        "payments.invoice_dispute_answered", "payments.invoice_paid",
    ]
    raised = AuditEvent.objects.get(stream__key=deal.contract.audit_stream, verb="payments.invoice_raised")
    assert raised.actor_id == deal.supplier_user.pk
    assert raised.data["purchase_order_number"] == PURCHASE_ORDER
    assert (raised.data["amount_pence"], raised.data["vat_pence"]) == (FIRST_PENCE, 600_010)
    paid = AuditEvent.objects.get(stream__key=deal.contract.audit_stream, verb="payments.invoice_paid")
    assert (paid.actor_id, paid.data["remittance_reference"], paid.data["late_interest_pence"]) == (
        deal.buyer_admin.pk, "BACS 9", 0)


def test_a_refused_action_writes_nothing(deal):
    invoice = raise_invoice(deal, accept(deal, deal.first))
    before = AuditEvent.objects.count()
    with pytest.raises(NotAllowed):
        services.invoice_record_payment(actor=deal.supplier_user, invoice=invoice, paid_on=uk_today(),
                                        remittance_reference="X")
    assert AuditEvent.objects.count() == before


# ---------------------------------------------------------------------------------------------------------------
# Late-payment interest.


def test_rule_13_late_payment_interest_on_a_known_example(settings):
    invoice = SupplierInvoice(total_pence=120_000, due_date=date(2026, 1, 31))
    # Base rate 4% + 8% = 12% a year: £1,200 × 12% × 10/365 = £3.9452… → £3.95.
    assert services.late_payment_interest_pence(invoice, date(2026, 2, 10)) == 395
    assert services.late_payment_interest_pence(invoice, date(2026, 1, 31)) == 0  # due today: not late
    assert services.late_payment_interest_pence(invoice, date(2026, 1, 1)) == 0
    settings.SPARK_BASE_RATE_PERCENT = "5.25"
    big = SupplierInvoice(total_pence=1_000_000, due_date=date(2026, 1, 31))
    # 13.25% on £10,000 for 100 days: 363.0137 pounds → 36,301p.
    assert services.late_payment_interest_pence(big, date(2026, 5, 11)) == 36_301
    # Once paid, interest stops on the payment date.
    big.paid_on = date(2026, 2, 10)
    assert services.late_payment_interest_pence(big, date(2026, 5, 11)) == services.late_payment_interest_pence(
        SupplierInvoice(total_pence=1_000_000, due_date=date(2026, 1, 31)), date(2026, 2, 10)) == 3_630
    settings.SPARK_BASE_RATE_PERCENT = 4.5
    with pytest.raises(Exception, match="never a float"):
        services.late_payment_interest_pence(big, date(2026, 5, 11))


# ---------------------------------------------------------------------------------------------------------------
# Reminders to the buyer's finance contacts.


def test_overdue_reminders_go_to_the_buyers_admins_at_25_and_31_days_once_each(
    deal, django_capture_on_commit_callbacks
):
    invoice = raise_invoice(deal, accept(deal, deal.first))
    received = invoice.received_at
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.invoices_remind_overdue(now=received + timedelta(days=24)) == []
        assert [r.days for r in services.invoices_remind_overdue(now=received + timedelta(days=25))] == [25]
        assert services.invoices_remind_overdue(now=received + timedelta(days=25, hours=1)) == []
        assert services.invoices_remind_overdue(now=received + timedelta(days=30)) == []
        assert [r.days for r in services.invoices_remind_overdue(now=received + timedelta(days=31))] == [31]
        assert services.invoices_remind_overdue(now=received + timedelta(days=40)) == []
    assert [m.to for m in mail.outbox] == [[deal.buyer_admin.email]] * 2
    assert mail.outbox[0].subject.startswith("Spark: Invoice INV-001 is due on")
    assert mail.outbox[1].subject == f"Spark: Overdue: invoice INV-001 on contract {deal.contract.reference}"
    assert "Statutory late-payment interest accrued so far" in mail.outbox[1].body


def test_a_paid_or_disputed_invoice_gets_no_reminder(deal):
    invoice = raise_invoice(deal, accept(deal, deal.first))
    services.invoice_dispute(actor=deal.buyer_admin, invoice=invoice, reason="Wrong amount")
    assert services.invoices_remind_overdue(now=invoice.received_at + timedelta(days=31)) == []
    services.invoice_record_payment(actor=deal.buyer_admin, invoice=invoice, paid_on=uk_today(),
                                    remittance_reference="BACS 1")
    assert services.invoices_remind_overdue(now=invoice.received_at + timedelta(days=31)) == []


# ---------------------------------------------------------------------------------------------------------------
# The PDF.


def test_rule_13_the_invoice_pdf_shows_the_purchase_order_the_vat_number_and_vat_separately(deal):
    import hashlib
    import io

    from pypdf import PdfReader

    invoice = raise_invoice(deal, accept(deal, deal.first), number="INV/001")
    invoice.refresh_from_db()
    with invoice.document.open("rb") as handle:
        pdf = handle.read()
    assert hashlib.sha256(pdf).hexdigest() == invoice.document_sha256
    assert len(pdf) == invoice.document_size
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    for expected in ("Invoice INV/001", "Purchase-order number PO-4500012345", "GB123456789",
                     "Amount excluding VAT £30,000.50", "VAT at 20% £6,000.10", "Total £36,000.60"):
        assert expected in text
    raised = AuditEvent.objects.get(stream__key=deal.contract.audit_stream, verb="payments.invoice_raised")
    assert raised.data["document_sha256"] == invoice.document_sha256
    assert invoice.filename == "invoice-INV-001.pdf"
