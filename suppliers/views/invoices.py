"""The supplier's invoices (rule 13), under /supplier/invoices/ and from a contract's accepted milestones: raising an
invoice for an accepted milestone, the organisation's invoices by status, each invoice, its PDF and answering a
dispute.

Thin: `marketplace.payments.selectors` decides what the organisation may read (another organisation's invoice is a
404), `marketplace.payments.services` takes every change and checks the rules again (an accepted milestone, one
invoice per milestone, the amount's reason, the VAT number). Money is typed in pounds and pence and read into
integer pence here, never through a float.
"""

from datetime import date

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from marketplace.accounts.forms import apply_domain_error
from marketplace.accounts.permissions import can_manage_members
from marketplace.errors import DomainError, NotAllowed, or_404, refuse
from marketplace.payments import invoice_selectors as selectors
from marketplace.payments import invoice_lists, services
from marketplace.payments.invoice_lists import status_of
from marketplace.payments.models import InvoiceStatus

from ..competition_forms import pence_to_pounds, pounds_to_pence
from ..forms import ApplicationForm
from .common import _data
from .competitions import _private, supplier_page
from .contracts import contract_page

PAGE_SIZE = 20
DATE_PARTS = ("day", "month", "year")
MAX_TEXT = services.MAX_TEXT

FILTER_LABELS = {
    "received": "Waiting for payment",
    "overdue": "Overdue",
    "disputed": "Disputed",
    "paid": "Paid",
}
NO_VAT_NUMBER = (
    "Add your VAT registration number to your organisation’s details, then raise the invoice again: this contract "
    "charges VAT and your organisation has no VAT registration number on Spark"
)
NO_VAT_NUMBER_ASK_AN_ADMIN = (
    "Ask an admin of your organisation to add its VAT registration number to your organisation’s details, then "
    "raise the invoice again: this contract charges VAT and your organisation has no VAT registration number on Spark"
)


# Raising an invoice.


class RaiseForm(ApplicationForm):
    number = forms.CharField(
        label="Invoice number", help_text="Your own invoice number, as it is in your accounts", max_length=40,
        required=False, error_messages={"max_length": "The invoice number must be 40 characters or fewer"},
    )
    invoice_date_day = forms.CharField(label="Day", required=False)
    invoice_date_month = forms.CharField(label="Month", required=False)
    invoice_date_year = forms.CharField(label="Year", required=False)
    amount = forms.CharField(
        label="Amount, excluding VAT", required=False, max_length=30,
        error_messages={"max_length": "Enter the amount in pounds and pence, like 12,500 or 12,500.50"},
    )
    amount_reason = forms.CharField(
        label="Why does the amount differ from the milestone’s?", required=False, widget=forms.Textarea,
        max_length=MAX_TEXT, error_messages={"max_length": f"The reason must be {MAX_TEXT:,} characters or fewer"},
    )

    def __init__(self, *args, milestone, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.milestone = milestone
        self.today = today
        self.date_error = None
        self.date_error_parts: set[str] = set()
        self.fields["amount_reason"].help_text = (
            f"Only if you invoice a different amount from the milestone’s {pence_to_pounds(milestone.amount_pence)} "
            "pounds: the buyer sees your reason"
        )

    def _date_problem(self, message: str, parts) -> None:
        self.date_error = message
        self.date_error_parts = set(parts)
        first = next(part for part in DATE_PARTS if part in self.date_error_parts)
        self.add_error(f"invoice_date_{first}", message)

    def _read_date(self) -> date | None:
        parts = {part: (self.data.get(f"invoice_date_{part}") or "").strip() for part in DATE_PARTS}
        missing = [part for part in DATE_PARTS if not parts[part]]
        if len(missing) == 3:
            self._date_problem("Enter the invoice date", DATE_PARTS)
            return None
        if missing:
            self._date_problem(f"The invoice date must include a {' and '.join(missing)}", missing)
            return None
        bad = [part for part in DATE_PARTS if not parts[part].isdigit()]
        if bad:
            self._date_problem("The invoice date must be a real date", bad)
            return None
        if len(parts["year"]) != 4:
            self._date_problem("The year must include 4 numbers", ["year"])
            return None
        try:
            day = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except (ValueError, OverflowError):
            self._date_problem("The invoice date must be a real date", DATE_PARTS)
            return None
        if day > self.today:
            self._date_problem("The invoice date must be today or in the past", DATE_PARTS)
            return None
        return day

    def clean(self):
        cleaned = super().clean()
        if "number" not in self.errors and not cleaned.get("number", "").strip():
            self.add_error("number", "Enter your invoice number")
        cleaned["invoice_date"] = self._read_date()
        cleaned["amount_pence"] = None
        if "amount" not in self.errors:
            text = cleaned.get("amount", "").strip()
            if not text:
                self.add_error("amount", "Enter the amount in pounds and pence, like 12,500 or 12,500.50")
            else:
                try:
                    cleaned["amount_pence"] = pounds_to_pence(text, "the amount")
                except forms.ValidationError as error:
                    self.add_error("amount", error)
        pence = cleaned["amount_pence"]
        reason = cleaned.get("amount_reason", "").strip()
        if pence is not None and pence != self.milestone.amount_pence and not reason and \
                "amount_reason" not in self.errors:
            self.add_error("amount_reason", "Explain why the amount differs from the milestone’s amount")
        return cleaned

    def date_inputs(self):
        return [
            {"field": self[f"invoice_date_{part}"], "error": part in self.date_error_parts,
             "width": 4 if part == "year" else 2}
            for part in DATE_PARTS
        ]


SERVICE_FIELDS = {"invoice_date": "invoice_date_day", "amount": "amount", "amount_reason": "amount_reason",
                  "number": "number"}


def _show(form, error: DomainError, *, is_admin: bool = False) -> None:
    if error.code == "no_vat_number":
        # The page links to the VAT registration number page beside the error summary (admins may set it).
        form.no_vat_number = True
        form.add_error(None, NO_VAT_NUMBER if is_admin else NO_VAT_NUMBER_ASK_AN_ADMIN)
        return
    if error.field == "invoice_date":
        form.date_error = error.message
        form.date_error_parts = set(DATE_PARTS)
    apply_domain_error(form, DomainError(error.message, field=SERVICE_FIELDS.get(error.field), code=error.code))


@require_http_methods(["GET", "POST"])
@never_cache
@contract_page
def invoice_raise(request, contract, milestone_id):
    milestone = or_404(lambda: contract.milestones.select_related("invoice").get(pk=milestone_id))
    back_url = reverse("suppliers:contract", args=[contract.pk])
    existing = getattr(milestone, "invoice", None)  # None when the milestone has no invoice yet
    if existing is not None:
        messages.info(request, f"“{milestone.title}” has already been invoiced: invoice {existing.number}.")
        return redirect("suppliers:invoice", existing.pk)
    today = timezone.localdate()
    form = RaiseForm(_data(request), milestone=milestone, today=today,
                     initial={"amount": pence_to_pounds(milestone.amount_pence)})
    blocked = "" if milestone.payable else "You can only invoice a milestone once the buyer has accepted it"
    if request.method == "POST" and not blocked and form.is_valid():
        data = form.cleaned_data
        try:
            invoice = services.invoice_raise(
                actor=request.user, milestone=milestone, number=data["number"].strip(),
                invoice_date=data["invoice_date"], amount_pence=data["amount_pence"],
                amount_reason=data["amount_reason"],
            )
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            _show(form, error, is_admin=can_manage_members(request.user, contract.supplier))
        else:
            messages.success(request, f"Invoice {invoice.number} has been sent to {contract.buyer.name}. It is due "
                                      f"for payment by {invoice.due_date:%-d %B %Y}.")
            return redirect("suppliers:invoice", invoice.pk)
    error_links = form.error_links() if form.is_bound else []
    vat_number_url = None
    if getattr(form, "no_vat_number", False) and can_manage_members(request.user, contract.supplier):
        # Back to this invoice once the number is saved; the error summary's item leads there too.
        vat_number_url = f"{reverse('accounts:vat_number')}?{urlencode({'next': request.path})}"
        error_links = [(vat_number_url if message == NO_VAT_NUMBER else href, message) for href, message in error_links]
    return render(
        request,
        "suppliers/invoices/raise.html",
        {
            "contract": contract,
            "milestone": milestone,
            "form": form,
            "blocked": blocked,
            "error_links": error_links,
            "has_errors": bool(error_links),
            "back_url": back_url,
            "vat_rate": contract.vat_rate_percent,
            "vat_number": contract.supplier.vat_number,
            "no_vat_number": getattr(form, "no_vat_number", False),
            "vat_number_url": vat_number_url,
        },
    )


# The organisation's invoices.


def _status_filter(request) -> str | None:
    status = request.GET.get("status")
    return status if status in FILTER_LABELS else None


@require_GET
@never_cache
@supplier_page
def invoices(request):
    today = timezone.localdate()
    mine = selectors.invoices_for_supplier(request.user)
    status = _status_filter(request)
    context = invoice_lists.list_context(mine, status=status, labels=FILTER_LABELS,
                                         page_number=request.GET.get("page"), per_page=PAGE_SIZE, today=today)
    return render(request, "suppliers/invoices/list.html", {"organisation": request.membership.organisation, **context})


# One invoice, and answering a dispute.


class AnswerForm(ApplicationForm):
    answer = forms.CharField(
        label="Your answer to the buyer", required=False, widget=forms.Textarea, max_length=MAX_TEXT,
        help_text=f"The buyer sees it and pays the invoice or disputes it again. Up to {MAX_TEXT:,} characters.",
        error_messages={"max_length": f"Your answer must be {MAX_TEXT:,} characters or fewer"},
    )

    def clean(self):
        cleaned = super().clean()
        if "answer" not in self.errors and not cleaned.get("answer", "").strip():
            self.add_error("answer", "Enter your answer to the buyer’s dispute")
        return cleaned


def _invoice(request, invoice_id):
    return or_404(lambda: selectors.invoice_for(request.user, invoice_id))


def _invoice_page(request, invoice, form):
    today = timezone.localdate()
    label, tag = status_of(invoice, today)
    error_links = form.error_links() if form is not None and form.is_bound else []
    return render(
        request,
        "suppliers/invoices/invoice.html",
        {
            "invoice": invoice,
            "contract": invoice.contract,
            "status_label": label,
            "status_tag": tag,
            "overdue": tag == "govuk-tag--red",
            "interest_pence": services.late_payment_interest_pence(invoice, today),
            "form": form,
            "error_links": error_links,
            "has_errors": bool(error_links),
        },
    )


@require_GET
@never_cache
@supplier_page
def invoice(request, invoice_id):
    invoice = _invoice(request, invoice_id)
    form = AnswerForm() if invoice.status == InvoiceStatus.DISPUTED else None
    return _invoice_page(request, invoice, form)


@require_POST
@never_cache
@supplier_page
def invoice_answer(request, invoice_id):
    invoice = _invoice(request, invoice_id)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.invoice_answer_dispute(actor=request.user, invoice=invoice, answer=form.cleaned_data["answer"])
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, f"Your answer has been sent to {invoice.buyer.name}. They will pay invoice "
                                      f"{invoice.number} or tell you what is still wrong.")
            return redirect("suppliers:invoice", invoice.pk)
    return _invoice_page(request, invoice, form)


@require_GET
@supplier_page
def invoice_document(request, invoice_id):
    """The invoice's PDF as stored when it was raised (its SHA-256 is in the audit log), as an attachment."""
    return _private(invoice_lists.invoice_document_response(_invoice(request, invoice_id)))
