"""Payments' writes (rule 13): supplier invoices against accepted milestones, and the marketplace fee instalments.

Choices:

* Receipt. The issue says "the service records receipt". An invoice submitted through the marketplace is delivered
  to the buyer at that moment, so `invoice_raise` records its receipt in the same transaction (status submitted,
  then received, one audit event each) and the invoice is due 30 calendar days after the UK date of receipt.
  `invoice_receive` is the same step as a buyer's act, for an invoice still only submitted.
* Disputes. The buyer disputes with a reason; the supplier's answer puts the invoice back to received, for the
  buyer to pay or dispute again. The due date stays 30 days from receipt. An invoice that was ever disputed is left
  out of the prompt-payment figures, which count undisputed invoices only.
* Late-payment interest (Late Payment of Commercial Debts (Interest) Act 1998): simple interest at the base-rate
  setting plus 8% a year on the invoice total, for each day after the due date until payment (or the day asked
  about), rounded half up to the penny. The Act's fixed compensation sums are not added.
* The fee: `SPARK_MARKETPLACE_FEE_PERCENT` (default 1) of each accepted milestone's amount, held as basis points so
  no float is ever involved, rounded half up to the penny. An instalment is due 30 days after it is created.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from marketplace.audit.services import audit_record
from marketplace.competitions.services.common import database_now, member_emails
from marketplace.contracts.models import Contract, Milestone, MilestoneStatus
from marketplace.contracts.services import signatory_emails
from marketplace.errors import DomainError, NotAllowed
from marketplace.notifications import send_email
from marketplace.pdf import render_pdf

from . import permissions
from .models import (
    FEE_TRANSITIONS,
    INVOICE_TRANSITIONS,
    FeeInstalment,
    FeeStatus,
    InvoiceStatus,
    PaymentMethod,
    SupplierInvoice,
)

PAYMENT_TERMS_DAYS = 30
FEE_DUE_DAYS = 30
REMINDER_DAYS = (25, 31)
STATUTORY_INTEREST_OVER_BASE_PERCENT = Decimal("8")
MAX_TEXT = 2000
MAX_NUMBER = 40
MAX_REMITTANCE = 60

# ---------------------------------------------------------------------------------------------------------------
# Money arithmetic: integer pence in, integer pence out.


def vat_pence(amount_pence: int, rate_percent: int) -> int:
    """VAT on an amount at a whole-percent rate, rounded half up to the penny."""
    return (int(amount_pence) * int(rate_percent) + 50) // 100


def _decimal_setting(name: str, default: str) -> Decimal:
    raw = getattr(settings, name, default)
    if isinstance(raw, float):
        raise ImproperlyConfigured(f"{name} must be a string or a Decimal, never a float")
    try:
        return Decimal(str(raw))
    except InvalidOperation as exc:
        raise ImproperlyConfigured(f"{name} must be a number, like {default!r}") from exc


def fee_basis_points() -> int:
    """The fee rate in basis points (1% is 100), from `SPARK_MARKETPLACE_FEE_PERCENT` (default "1")."""
    points = _decimal_setting("SPARK_MARKETPLACE_FEE_PERCENT", "1") * 100
    if points < 0 or points != points.to_integral_value():
        raise ImproperlyConfigured("SPARK_MARKETPLACE_FEE_PERCENT must be zero or more, to at most two decimal "
                                   "places")
    return int(points)


def fee_pence(amount_pence: int, basis_points: int) -> int:
    """`basis_points` of an amount, rounded half up to the penny."""
    return (int(amount_pence) * int(basis_points) + 5_000) // 10_000


def base_rate_percent() -> Decimal:
    return _decimal_setting("SPARK_BASE_RATE_PERCENT", "4.00")


def uk_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def late_payment_interest_pence(invoice: SupplierInvoice, on_date: date) -> int:
    """Statutory interest accrued on an invoice by `on_date`: simple interest at base rate + 8% a year on the total,
    for each day after the due date (until the day it was paid, if it has been), rounded half up to the penny."""
    if invoice.due_date is None:
        return 0
    end = min(on_date, invoice.paid_on) if invoice.paid_on else on_date
    days = (end - invoice.due_date).days
    if days <= 0:
        return 0
    rate = base_rate_percent() + STATUTORY_INTEREST_OVER_BASE_PERCENT
    interest = Decimal(invoice.total_pence) * rate * days / (Decimal(100) * 365)
    return int(interest.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# ---------------------------------------------------------------------------------------------------------------
# Helpers.


def _text(value, *, field: str, missing: str, limit: int = MAX_TEXT) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(missing, field=field)
    if len(text) > limit:
        raise DomainError(f"This must be {limit:,} characters or fewer", field=field)
    return text


def _move(invoice: SupplierInvoice, to: str) -> None:
    if to not in INVOICE_TRANSITIONS[InvoiceStatus(invoice.status)]:
        raise DomainError(f"This invoice is {invoice.get_status_display().lower()}, so it cannot be "
                          f"{InvoiceStatus(to).label.lower()} now", code="wrong_status")
    invoice.status = to


def _lock_invoice(invoice: SupplierInvoice) -> SupplierInvoice:
    return (
        SupplierInvoice.objects.select_for_update(of=("self",))
        .select_related("contract", "contract__competition", "milestone", "supplier", "buyer")
        .get(pk=invoice.pk)
    )


def _invoice_data(invoice: SupplierInvoice, **extra) -> dict:
    return {"invoice_id": invoice.pk, "number": invoice.number, "milestone_id": invoice.milestone_id,
            "total_pence": invoice.total_pence, "status": invoice.status, **extra}


def finance_contacts(buyer) -> list[str]:
    """Whom to tell about a buyer's invoices. There is no finance role yet: the buyer organisation's admins."""
    return signatory_emails(buyer)


def _buyer_recipients(contract: Contract) -> list[str]:
    return sorted({contract.competition.owner.email, *finance_contacts(contract.buyer)})


# ---------------------------------------------------------------------------------------------------------------
# Supplier invoices.


def _receive(invoice: SupplierInvoice, *, actor, at: datetime) -> None:
    _move(invoice, InvoiceStatus.RECEIVED)
    invoice.received_at = at
    invoice.due_date = uk_date(at) + timedelta(days=PAYMENT_TERMS_DAYS)
    invoice.save(update_fields=["status", "received_at", "due_date"])
    audit_record(stream=invoice.contract.audit_stream, verb="payments.invoice_received", actor=actor, target=invoice,
                 data=_invoice_data(invoice, received_at=at.isoformat(), due_date=invoice.due_date.isoformat()))


def render_invoice(invoice: SupplierInvoice) -> bytes:
    return render_pdf(render_to_string("payments/pdf/invoice.html", {
        "invoice": invoice, "contract": invoice.contract, "milestone": invoice.milestone,
        "supplier": invoice.supplier, "buyer": invoice.buyer,
    }))


def _store_document(invoice: SupplierInvoice) -> None:
    pdf = render_invoice(invoice)
    invoice.document_sha256 = hashlib.sha256(pdf).hexdigest()
    invoice.document_size = len(pdf)
    invoice.document.save(invoice.filename, ContentFile(pdf), save=False)
    invoice.save(update_fields=["document", "document_sha256", "document_size"])


@transaction.atomic
def invoice_raise(*, actor, milestone: Milestone, number: str, invoice_date: date, amount_pence: int | None = None,
                  amount_reason: str = "") -> SupplierInvoice:
    """The supplier invoices an accepted milestone; submitted through the service, it is received at once."""
    contract = Contract.objects.select_for_update(of=("self",)).select_related(
        "supplier", "buyer", "competition__owner").get(pk=milestone.contract_id)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk, contract=contract)
    if not permissions.can_raise_invoice(actor, contract):
        raise NotAllowed("Only the supplier on this contract can raise an invoice for its milestones.")
    if not milestone.payable:
        raise DomainError("You can only invoice a milestone once the buyer has accepted it", code="not_accepted")
    if SupplierInvoice.objects.filter(milestone=milestone).exists():
        raise DomainError("This milestone has already been invoiced. Each milestone has one invoice",
                          code="already_invoiced")
    number = _text(number, field="number", missing="Enter your invoice number", limit=MAX_NUMBER)
    if SupplierInvoice.objects.filter(supplier=contract.supplier, number__iexact=number).exists():
        raise DomainError("You have already used this invoice number. Enter a different one", field="number",
                          code="duplicate_number")
    if not isinstance(invoice_date, date):
        raise DomainError("Enter the invoice date", field="invoice_date")
    now = database_now()
    if invoice_date > uk_date(now):
        raise DomainError("The invoice date must be today or in the past", field="invoice_date")
    if amount_pence is None:
        amount_pence = milestone.amount_pence
    if not isinstance(amount_pence, int) or isinstance(amount_pence, bool) or amount_pence <= 0:
        raise DomainError("Enter the amount in pounds and pence, more than £0", field="amount")
    amount_reason = (amount_reason or "").strip()
    if amount_pence != milestone.amount_pence:
        amount_reason = _text(amount_reason, field="amount_reason",
                              missing="Explain why the amount differs from the milestone’s amount")
    if not contract.purchase_order_number:
        raise DomainError("This contract has no purchase-order number. Ask the buyer to add it before you invoice",
                          code="no_purchase_order")
    vat = vat_pence(amount_pence, contract.vat_rate_percent)
    if vat and not contract.supplier.vat_number:
        raise DomainError("Add your organisation’s VAT registration number before you raise an invoice that "
                          "charges VAT", code="no_vat_number")
    invoice = SupplierInvoice.objects.create(
        supplier=contract.supplier, buyer=contract.buyer, contract=contract, milestone=milestone, number=number,
        invoice_date=invoice_date, purchase_order_number=contract.purchase_order_number, amount_pence=amount_pence,
        amount_reason=amount_reason, vat_rate_percent=contract.vat_rate_percent, vat_pence=vat,
        total_pence=amount_pence + vat, supplier_vat_number=contract.supplier.vat_number if vat else "",
        status=InvoiceStatus.SUBMITTED, raised_at=now, raised_by=actor,
    )
    invoice.contract = contract
    _store_document(invoice)
    audit_record(stream=contract.audit_stream, verb="payments.invoice_raised", actor=actor, target=invoice,
                 data=_invoice_data(invoice, invoice_date=invoice_date.isoformat(),
                                    document_sha256=invoice.document_sha256,
                                    purchase_order_number=invoice.purchase_order_number,
                                    amount_pence=invoice.amount_pence, vat_pence=invoice.vat_pence,
                                    amount_reason=invoice.amount_reason))
    # The service delivers it to the buyer: receipt is recorded now, and the 30 days run from today.
    _receive(invoice, actor=None, at=now)
    send_email(to=_buyer_recipients(contract), template="payments/email/invoice_received",
               context={"contract": contract, "invoice": invoice, "milestone": milestone})
    return invoice


@transaction.atomic
def invoice_receive(*, actor, invoice: SupplierInvoice) -> SupplierInvoice:
    """The buyer records receipt of an invoice still only submitted (the service does this itself on submission)."""
    invoice = _lock_invoice(invoice)
    if not permissions.can_handle_invoice(actor, invoice):
        raise NotAllowed("Only the buyer on this contract can record receiving an invoice.")
    if invoice.status != InvoiceStatus.SUBMITTED:
        raise DomainError("This invoice has already been received", code="wrong_status")
    _receive(invoice, actor=actor, at=database_now())
    return invoice


def _paid_on(value, invoice: SupplierInvoice, now: datetime) -> date:
    if not isinstance(value, date):
        raise DomainError("Enter the date the invoice was paid", field="paid_on")
    if value > uk_date(now):
        raise DomainError("The payment date must be today or in the past", field="paid_on")
    if value < uk_date(invoice.received_at):
        raise DomainError("The payment date must be on or after the date the invoice was received", field="paid_on")
    return value


@transaction.atomic
def invoice_record_payment(*, actor, invoice: SupplierInvoice, paid_on: date,
                           remittance_reference: str) -> SupplierInvoice:
    invoice = _lock_invoice(invoice)
    if not permissions.can_handle_invoice(actor, invoice):
        raise NotAllowed("Only the buyer on this contract can record that an invoice has been paid.")
    now = database_now()
    _move(invoice, InvoiceStatus.PAID)
    invoice.paid_on = _paid_on(paid_on, invoice, now)
    invoice.remittance_reference = _text(remittance_reference, field="remittance_reference",
                                         missing="Enter the remittance reference", limit=MAX_REMITTANCE)
    invoice.payment_recorded_at = now
    invoice.payment_recorded_by = actor
    invoice.save(update_fields=["status", "paid_on", "remittance_reference", "payment_recorded_at",
                                "payment_recorded_by"])
    audit_record(stream=invoice.contract.audit_stream, verb="payments.invoice_paid", actor=actor, target=invoice,
                 data=_invoice_data(invoice, paid_on=invoice.paid_on.isoformat(),
                                    remittance_reference=invoice.remittance_reference,
                                    late_interest_pence=late_payment_interest_pence(invoice, invoice.paid_on)))
    send_email(to=member_emails(invoice.supplier), template="payments/email/invoice_paid",
               context={"contract": invoice.contract, "invoice": invoice})
    return invoice


@transaction.atomic
def invoice_dispute(*, actor, invoice: SupplierInvoice, reason: str) -> SupplierInvoice:
    invoice = _lock_invoice(invoice)
    if not permissions.can_handle_invoice(actor, invoice):
        raise NotAllowed("Only the buyer on this contract can dispute an invoice.")
    _move(invoice, InvoiceStatus.DISPUTED)
    invoice.dispute_reason = _text(reason, field="reason", missing="Enter why you are disputing the invoice")
    now = database_now()
    invoice.disputed_at = invoice.disputed_at or now
    invoice.disputed_by = actor
    invoice.dispute_answer, invoice.answered_at, invoice.answered_by = "", None, None
    invoice.save(update_fields=["status", "dispute_reason", "disputed_at", "disputed_by", "dispute_answer",
                                "answered_at", "answered_by"])
    audit_record(stream=invoice.contract.audit_stream, verb="payments.invoice_disputed", actor=actor,
                 target=invoice, data=_invoice_data(invoice, reason=invoice.dispute_reason))
    send_email(to=member_emails(invoice.supplier), template="payments/email/invoice_disputed",
               context={"contract": invoice.contract, "invoice": invoice})
    return invoice


@transaction.atomic
def invoice_answer_dispute(*, actor, invoice: SupplierInvoice, answer: str) -> SupplierInvoice:
    """The supplier answers a dispute; the invoice goes back to the buyer (received) to pay or dispute again."""
    invoice = _lock_invoice(invoice)
    if not permissions.can_answer_dispute(actor, invoice):
        raise NotAllowed("Only the supplier on this contract can answer a dispute about its invoice.")
    if invoice.status != InvoiceStatus.DISPUTED:
        raise DomainError("This invoice is not disputed, so there is nothing to answer", code="wrong_status")
    _move(invoice, InvoiceStatus.RECEIVED)
    invoice.dispute_answer = _text(answer, field="answer", missing="Enter your answer to the buyer’s dispute")
    invoice.answered_at = database_now()
    invoice.answered_by = actor
    invoice.save(update_fields=["status", "dispute_answer", "answered_at", "answered_by"])
    audit_record(stream=invoice.contract.audit_stream, verb="payments.invoice_dispute_answered", actor=actor,
                 target=invoice, data=_invoice_data(invoice, answer=invoice.dispute_answer))
    send_email(to=_buyer_recipients(invoice.contract), template="payments/email/invoice_dispute_answered",
               context={"contract": invoice.contract, "invoice": invoice})
    return invoice


@dataclass(frozen=True)
class Reminder:
    invoice_id: int
    days: int


def invoices_remind_overdue(*, now: datetime | None = None) -> list[Reminder]:
    """Email the buyer's finance contacts about each unpaid, undisputed-now invoice 25 and 31 days after receipt,
    once each. After downtime only the latest reminder due is sent (the 25-day one is then marked as passed)."""
    now = now or timezone.now()
    today = uk_date(now)
    sent = []
    candidates = SupplierInvoice.objects.filter(
        status=InvoiceStatus.RECEIVED, reminded_31_at__isnull=True, received_at__isnull=False,
        received_at__lt=now - timedelta(days=min(REMINDER_DAYS) - 1),
    ).values_list("pk", flat=True)
    for pk in candidates:
        with transaction.atomic():
            invoice = _lock_invoice(SupplierInvoice(pk=pk))
            if invoice.status != InvoiceStatus.RECEIVED or invoice.reminded_31_at is not None:
                continue
            days = (today - uk_date(invoice.received_at)).days
            if days < REMINDER_DAYS[0]:
                continue
            if days >= REMINDER_DAYS[1]:
                invoice.reminded_31_at = now
                invoice.reminded_25_at = invoice.reminded_25_at or now
                template, at = "payments/email/invoice_overdue", REMINDER_DAYS[1]
            elif invoice.reminded_25_at is None:
                invoice.reminded_25_at = now
                template, at = "payments/email/invoice_due_soon", REMINDER_DAYS[0]
            else:
                continue
            invoice.save(update_fields=["reminded_25_at", "reminded_31_at"])
            send_email(to=finance_contacts(invoice.buyer), template=template,
                       context={"contract": invoice.contract, "invoice": invoice, "days": days,
                                "interest_pence": late_payment_interest_pence(invoice, today)})
            sent.append(Reminder(invoice.pk, at))
    return sent


# ---------------------------------------------------------------------------------------------------------------
# The marketplace fee (rule 13).


def fee_instalments_create_due(*, now: datetime | None = None) -> list[FeeInstalment]:
    """One instalment for each accepted milestone that has none yet, emailed to the supplier. Idempotent: the
    milestone is locked and the instalment is one-to-one with it, so a second run (or a concurrent one) adds none."""
    now = now or timezone.now()
    basis_points = fee_basis_points()
    created = []
    pending = Milestone.objects.filter(status=MilestoneStatus.ACCEPTED, fee_instalment__isnull=True).values_list(
        "pk", flat=True)
    for pk in pending:
        with transaction.atomic():
            milestone = Milestone.objects.select_for_update(of=("self",)).select_related(
                "contract__supplier").get(pk=pk)
            if milestone.status != MilestoneStatus.ACCEPTED or FeeInstalment.objects.filter(
                    milestone=milestone).exists():
                continue
            contract = milestone.contract
            instalment = FeeInstalment.objects.create(
                contract=contract, milestone=milestone, supplier=contract.supplier,
                amount_pence=fee_pence(milestone.amount_pence, basis_points), fee_basis_points=basis_points,
                status=FeeStatus.DUE, created_at=now, due_date=uk_date(now) + timedelta(days=FEE_DUE_DAYS),
            )
            audit_record(stream=contract.audit_stream, verb="payments.fee_instalment_created", target=instalment,
                         data={"instalment_id": instalment.pk, "milestone_id": milestone.pk,
                               "milestone_amount_pence": milestone.amount_pence,
                               "fee_basis_points": basis_points, "amount_pence": instalment.amount_pence,
                               "due_date": instalment.due_date.isoformat()})
            send_email(to=member_emails(contract.supplier), template="payments/email/fee_instalment_due",
                       context={"contract": contract, "milestone": milestone, "instalment": instalment})
            created.append(instalment)
    return created


def fee_instalments_remind_overdue(*, now: datetime | None = None) -> list[FeeInstalment]:
    """Tell the supplier's people, once, about each instalment still due after its due date."""
    now = now or timezone.now()
    today = uk_date(now)
    reminded = []
    candidates = FeeInstalment.objects.filter(status=FeeStatus.DUE, due_date__lt=today,
                                              overdue_reminded_at__isnull=True).values_list("pk", flat=True)
    for pk in candidates:
        with transaction.atomic():
            instalment = _lock_instalment(FeeInstalment(pk=pk))
            if not instalment.overdue_on(today) or instalment.overdue_reminded_at is not None:
                continue
            instalment.overdue_reminded_at = now
            instalment.save(update_fields=["overdue_reminded_at"])
            audit_record(stream=instalment.contract.audit_stream, verb="payments.fee_instalment_overdue",
                         target=instalment, data={"instalment_id": instalment.pk,
                                                  "amount_pence": instalment.amount_pence,
                                                  "due_date": instalment.due_date.isoformat()})
            send_email(to=member_emails(instalment.supplier), template="payments/email/fee_instalment_overdue",
                       context={"instalment": instalment, "contract": instalment.contract,
                                "milestone": instalment.milestone})
            reminded.append(instalment)
    return reminded


def fee_transition_allowed(instalment: FeeInstalment, to: str) -> bool:
    return to in FEE_TRANSITIONS[FeeStatus(instalment.status)]


def _lock_instalment(instalment: FeeInstalment) -> FeeInstalment:
    return (FeeInstalment.objects.select_for_update(of=("self",)).select_related("contract", "supplier", "milestone")
            .get(pk=instalment.pk))


def _move_fee(instalment: FeeInstalment, to: str) -> None:
    if not fee_transition_allowed(instalment, to):
        raise DomainError(f"This fee instalment is {instalment.get_status_display().lower()}, so it cannot be "
                          f"{FeeStatus(to).label.lower()} now", code="wrong_status")
    instalment.status = to


@transaction.atomic
def fee_instalment_record_transfer(*, actor, instalment: FeeInstalment, reference: str) -> FeeInstalment:
    """An operator records that the supplier paid an instalment by bank transfer instead of by card."""
    instalment = _lock_instalment(instalment)
    if not permissions.can_manage_fees(actor):
        raise NotAllowed("Only operators can record a bank transfer for a fee instalment.")
    _move_fee(instalment, FeeStatus.PAID)
    instalment.transfer_reference = _text(reference, field="reference", missing="Enter the bank transfer reference",
                                          limit=MAX_REMITTANCE)
    instalment.method = PaymentMethod.BANK_TRANSFER
    instalment.paid_at = database_now()
    instalment.decided_by = actor
    instalment.save(update_fields=["status", "transfer_reference", "method", "paid_at", "decided_by"])
    audit_record(stream=instalment.contract.audit_stream, verb="payments.fee_instalment_paid", actor=actor,
                 target=instalment, data={"instalment_id": instalment.pk, "amount_pence": instalment.amount_pence,
                                          "method": instalment.method, "reference": instalment.transfer_reference})
    send_email(to=member_emails(instalment.supplier), template="payments/email/fee_instalment_paid",
               context={"instalment": instalment, "contract": instalment.contract, "milestone": instalment.milestone})
    return instalment


@transaction.atomic
def fee_instalment_waive(*, actor, instalment: FeeInstalment, reason: str) -> FeeInstalment:
    instalment = _lock_instalment(instalment)
    if not permissions.can_manage_fees(actor):
        raise NotAllowed("Only operators can waive a fee instalment.")
    _move_fee(instalment, FeeStatus.WAIVED)
    instalment.waiver_reason = _text(reason, field="reason", missing="Enter why the fee instalment is waived")
    instalment.waived_at = database_now()
    instalment.decided_by = actor
    instalment.save(update_fields=["status", "waiver_reason", "waived_at", "decided_by"])
    audit_record(stream=instalment.contract.audit_stream, verb="payments.fee_instalment_waived", actor=actor,
                 target=instalment, data={"instalment_id": instalment.pk, "amount_pence": instalment.amount_pence,
                                          "reason": instalment.waiver_reason})
    send_email(to=member_emails(instalment.supplier), template="payments/email/fee_instalment_waived",
               context={"contract": instalment.contract, "instalment": instalment})
    return instalment
