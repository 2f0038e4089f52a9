"""Demo payments (rule 13): supplier invoices in each state and the marketplace fee, through the payment services.

- The demo suppliers on a contract get a VAT registration number, set on the organisation as registration would
  have (there is no service for changing it), so that their invoices can charge VAT.
- On the active contract (demo/contracts.py: Riverside's clinic letters, with Brightwave), Brightwave's member
  invoices the four accepted milestones, in order: one received and not yet due; one the buyer has paid; one the
  buyer disputed and Brightwave answered (so it is back with the buyer, received); and one overdue, received 40
  days ago.
- The fee instalments on the accepted milestones, as `manage.py tick` creates them; an operator records one as
  paid by bank transfer, and the others are left due.

Idempotent like the rest: a milestone that already has an invoice is left alone, `fee_instalments_create_due`
adds none that exist, and a transfer is recorded only if no instalment has been paid or waived yet.
"""

from datetime import timedelta

from django.db.models import F

from marketplace.accounts.models import Organisation, Side, User
from marketplace.contracts.models import Contract, ContractStatus, MilestoneStatus
from marketplace.payments import services
from marketplace.payments.models import FeeInstalment, FeeStatus, SupplierInvoice

from .people import supplier_domains

# Company number -> VAT registration number, for the demo suppliers that invoice (or will) on a seeded contract.
VAT_NUMBERS = {
    "09876543": "GB284613957",  # Brightwave Analytics Ltd
    "08123456": "GB319570246",  # Cobalt Robotics Ltd
}

CONTRACT_BUYER = "Riverside University Hospitals NHS Foundation Trust"
CONTRACT_TITLE = "Transcribe and draft outpatient clinic letters"

RECEIVED = "received"
PAID = "paid"
DISPUTED = "disputed"  # disputed by the buyer, then answered by the supplier
OVERDUE = "overdue"
# What happens to the invoice for each accepted milestone, in order of position.
PLAN = [PAID, DISPUTED, OVERDUE, RECEIVED]
OVERDUE_DAYS_AGO = 40  # received this long ago: 10 days past its 30-day due date

DISPUTE_REASON = ("The invoice charges for the speech model's tuning, but the word error rate report in the project "
                  "folder is for the pilot templates only. Send the report for the full test set before we pay.")
DISPUTE_ANSWER = ("The report for the full test set (2,000 dictations, word error rate 4.1%) is now in the project "
                  "folder (Riverside letters > Speech). It was signed off when the milestone was accepted.")


def create_payments(operator: User, stdout=None) -> int:
    """VAT numbers, the active contract's invoices and the fee instalments, once; returns how many rows were made."""
    _vat_numbers()
    contract = Contract.objects.filter(
        buyer__name=CONTRACT_BUYER, competition__title=CONTRACT_TITLE, status=ContractStatus.ACTIVE
    ).select_related("supplier", "competition__owner").first()
    invoices = _invoices(contract) if contract is not None else 0
    instalments = services.fee_instalments_create_due()
    transfers = _transfer(operator)
    made = invoices + len(instalments) + transfers
    if stdout is not None and made:
        stdout.write(f"Payments: {invoices} invoices raised, {len(instalments)} fee instalments created, "
                     f"{transfers} paid by bank transfer.")
    return made


def _vat_numbers() -> None:
    for company_number, vat_number in VAT_NUMBERS.items():
        organisation = Organisation.objects.filter(kind=Side.SUPPLIER, companies_house_number=company_number,
                                                   vat_number="").first()
        if organisation is not None:
            organisation.vat_number = vat_number
            organisation.save(update_fields=["vat_number"])


def _invoices(contract: Contract) -> int:
    supplier = User.objects.get(email=f"bids@{supplier_domains()[contract.supplier.companies_house_number]}")
    owner = contract.competition.owner
    accepted = contract.milestones.filter(status=MilestoneStatus.ACCEPTED).order_by("position")
    made = 0
    for number, (milestone, what) in enumerate(zip(accepted, PLAN), start=1):
        if SupplierInvoice.objects.filter(milestone=milestone).exists():
            continue
        invoice = services.invoice_raise(actor=supplier, milestone=milestone, number=f"BWA-{2400 + number}",
                                         invoice_date=services.uk_date(milestone.decided_at))
        made += 1
        if what == PAID:
            services.invoice_record_payment(actor=owner, invoice=invoice, paid_on=services.uk_date(invoice.received_at),
                                            remittance_reference=f"RUH-REM-{880_140 + number}")
        elif what == DISPUTED:
            invoice = services.invoice_dispute(actor=owner, invoice=invoice, reason=DISPUTE_REASON)
            services.invoice_answer_dispute(actor=supplier, invoice=invoice, answer=DISPUTE_ANSWER)
        elif what == OVERDUE:
            # Demo history only: move the submission and receipt (and so the 30-day due date) into the past after
            # raising it, as demo/evaluation.py's `_as_if_earlier` does for awards. The audit events keep the real
            # times, and the invoice date is left as printed on the stored PDF.
            back = timedelta(days=OVERDUE_DAYS_AGO)
            SupplierInvoice.objects.filter(pk=invoice.pk).update(
                raised_at=F("raised_at") - back, received_at=F("received_at") - back, due_date=F("due_date") - back,
            )
    return made


def _transfer(operator: User) -> int:
    """Record the oldest due instalment as paid by bank transfer, unless one has already been settled."""
    instalments = FeeInstalment.objects.order_by("milestone__contract", "milestone__position")
    if instalments.exclude(status=FeeStatus.DUE).exists() or instalments.count() < 2:
        return 0
    first = instalments.first()
    services.fee_instalment_record_transfer(actor=operator, instalment=first,
                                            reference=f"SPARK-FEE-{first.pk:06d}")
    return 1
