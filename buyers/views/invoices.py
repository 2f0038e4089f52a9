"""The buyer's invoices (rule 13), under /buyer/invoices/: the organisation's invoices by status (overdue ones marked,
with the late-payment interest they are accruing), each invoice and its PDF, recording payment and disputing.

Thin, as the contract pages: the organisation's buyer admins and members may look and act (another organisation's
invoice is a 404; evaluators, suppliers and everyone else are refused at the door). Reads go through
`marketplace.payments.selectors`, writes through its services, which check every rule again. The list runs a fixed
number of queries, whatever the number of invoices.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from marketplace.errors import or_404
from marketplace.payments import invoice_selectors as selectors
from marketplace.payments import invoice_lists, services
from marketplace.payments.invoice_lists import status_of
from marketplace.payments.models import InvoiceStatus

from ..invoice_forms import DisputeForm, PaymentForm
from .competitions import GET_AND_POST, competitions_page
from .contracts import _private
from .form_pages import form_page

PER_PAGE = 20

FILTER_LABELS = {
    "received": "To pay",
    "overdue": "Overdue",
    "disputed": "Disputed",
    "paid": "Paid",
}
PAYABLE = (InvoiceStatus.RECEIVED, InvoiceStatus.DISPUTED)


def _invoice(request, invoice_id):
    return or_404(lambda: selectors.invoice_for(request.user, invoice_id))


def _invoice_url(invoice) -> str:
    return reverse("buyers:invoice", args=[invoice.pk])


@competitions_page
@require_GET
@never_cache
def invoices(request):
    today = timezone.localdate()
    ours = selectors.invoices_for_buyer(request.user)
    status = request.GET.get("status")
    status = status if status in FILTER_LABELS else None
    context = invoice_lists.list_context(ours, status=status, labels=FILTER_LABELS,
                                         page_number=request.GET.get("page"), per_page=PER_PAGE, today=today)
    return render(request, "buyers/invoices/list.html", {"organisation": request.membership.organisation, **context})


def _facts(invoice) -> dict:
    today = timezone.localdate()
    label, tag = status_of(invoice, today)
    return {
        "invoice": invoice,
        "contract": invoice.contract,
        "status_label": label,
        "status_tag": tag,
        "overdue": tag == "govuk-tag--red",
        "interest_pence": services.late_payment_interest_pence(invoice, today),
        "invoice_url": _invoice_url(invoice),
    }


@competitions_page
@require_GET
@never_cache
def invoice(request, invoice_id):
    invoice = _invoice(request, invoice_id)
    return render(request, "buyers/invoices/invoice.html", {**_facts(invoice), "payable": invoice.status in PAYABLE,
                                                            "disputable": invoice.status == InvoiceStatus.RECEIVED})


@competitions_page
@GET_AND_POST
@never_cache
def invoice_pay(request, invoice_id):
    invoice = _invoice(request, invoice_id)
    form = PaymentForm(request.POST if request.method == "POST" else None)
    return form_page(
        request, form, template="buyers/invoices/pay.html",
        act=lambda data: services.invoice_record_payment(
            actor=request.user, invoice=invoice, paid_on=data["paid_date"],
            remittance_reference=data["remittance_reference"]),
        success=f"Payment of invoice {invoice.number} recorded. {invoice.supplier.name} has been told",
        done_url=_invoice_url(invoice), context=_facts(invoice),
    )


@competitions_page
@GET_AND_POST
@never_cache
def invoice_dispute(request, invoice_id):
    invoice = _invoice(request, invoice_id)
    form = DisputeForm(request.POST if request.method == "POST" else None)
    return form_page(
        request, form, template="buyers/invoices/dispute.html",
        act=lambda data: services.invoice_dispute(actor=request.user, invoice=invoice, reason=data["reason"]),
        success=f"Invoice {invoice.number} disputed. {invoice.supplier.name} has been told why",
        done_url=_invoice_url(invoice), context=_facts(invoice),
    )


@competitions_page
@require_GET
def invoice_document(request, invoice_id):
    """The invoice's PDF as stored when it was raised, as an attachment (404 for another organisation's)."""
    return _private(invoice_lists.invoice_document_response(_invoice(request, invoice_id)))
