"""The supplier's contracts (rules 10 to 13), under /supplier/contracts/: the list, each contract, signing the issued
version, marking milestones delivered and downloading the stored PDFs.

Thin: `marketplace.contracts.selectors` decides what the organisation may read (another organisation's contract,
or a draft the buyer is still preparing, is a 404), `marketplace.contracts.services` takes every change and
enforces the rules again (who may sign, which version, standstill, the milestone's state). Supplier admins and
members may read these pages and mark milestones delivered; only a supplier admin signs. Buyers and operators get
a 403 page, anonymous people the sign-in page. Nothing here is cached.
"""

from functools import wraps

from crispy_forms_gds.layout import HTML, Field, Layout, Size
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from marketplace.accounts.forms import apply_domain_error
from marketplace.contracts import permissions, selectors, services
from marketplace.contracts.models import ContractStatus, DocumentKind, MilestoneStatus, SigningParty
from marketplace.contracts.services import MAX_TEXT
from marketplace.errors import DomainError, NotAllowed, or_404, refuse

from ..forms import ApplicationForm
from .common import _data
from .competitions import _private, supplier_page

PAGE_SIZE = 20

DELIVERABLE = (MilestoneStatus.PLANNED, MilestoneStatus.REJECTED)

STATUS_TAGS = {
    ContractStatus.AWAITING_SIGNATURES: "govuk-tag--blue",
    ContractStatus.ACTIVE: "govuk-tag--green",
    ContractStatus.COMPLETED: "govuk-tag--grey",
    ContractStatus.TERMINATED: "govuk-tag--red",
}

MILESTONE_TAGS = {
    MilestoneStatus.PLANNED: "govuk-tag--grey",
    MilestoneStatus.DELIVERED: "govuk-tag--blue",
    MilestoneStatus.ACCEPTED: "govuk-tag--green",
    MilestoneStatus.REJECTED: "govuk-tag--red",
}


def contract_page(view):
    """A contract the supplier's organisation holds and the buyer has issued, or 404."""

    @wraps(view)
    @supplier_page
    def wrapper(request, contract_id, *args, **kwargs):
        contract = or_404(lambda: selectors.supplier_contract(viewer=request.user, pk=contract_id))
        return view(request, contract, *args, **kwargs)

    return wrapper


def next_step(contract, waiting: str | None) -> str:
    """What happens next, in plain words."""
    if waiting == SigningParty.SUPPLIER:
        return (f"Version {contract.version} has been issued for signature. An admin of your organisation reviews "
                "the PDF and signs first; the buyer signs after.")
    if waiting == SigningParty.BUYER:
        return (f"Your organisation has signed version {contract.version}. {contract.buyer.name} signs next; the "
                "signed contract is then stored here.")
    if contract.status == ContractStatus.ACTIVE:
        return ("The contract is in force. Mark each milestone delivered when you have delivered it; the buyer "
                "accepts it or tells you why not. An accepted milestone can be invoiced.")
    if contract.status == ContractStatus.COMPLETED:
        return "Every milestone has been accepted: the contract is complete."
    if contract.status == ContractStatus.TERMINATED:
        return "The contract has been terminated."
    return ""


@require_GET
@never_cache
@supplier_page
def contracts(request):
    """The organisation's contracts, newest first (drafts the buyer is still preparing are not shown)."""
    paginator = Paginator(selectors.contracts_for_supplier(viewer=request.user), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "suppliers/contracts/list.html",
        {
            "organisation": request.membership.organisation,
            "contracts": [(contract, STATUS_TAGS.get(contract.status, "")) for contract in page.object_list],
            "count": paginator.count,
            "page": page,
            "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)),
            "ellipsis": Paginator.ELLIPSIS,
        },
    )


@require_GET
@never_cache
@contract_page
def contract(request, contract):
    waiting = services.waiting_for(contract)
    milestones = list(contract.milestones.select_related("invoice", "fee_instalment"))
    can_deliver = contract.status == ContractStatus.ACTIVE and permissions.can_deliver(request.user, contract)
    return render(
        request,
        "suppliers/contracts/detail.html",
        {
            "contract": contract,
            "status_tag": STATUS_TAGS.get(contract.status, ""),
            "next_step": next_step(contract, waiting),
            "can_sign": waiting == SigningParty.SUPPLIER and permissions.can_sign_for_supplier(request.user, contract),
            "waiting": waiting,
            "milestones": [
                (m, MILESTONE_TAGS.get(m.status, ""), can_deliver and m.status in DELIVERABLE) for m in milestones
            ],
            "kpis": list(contract.kpis.all()),
            "documents": list(contract.documents.order_by("-version", "kind")),
            "signatures": list(contract.signatures.order_by("-version", "signed_at")),
        },
    )


# Signing.

DECLARATION = (
    "I have read version {version} of this contract, in the PDF above, and I am authorised to sign it for "
    "{organisation}. Signing here binds {organisation} to it."
)


class SignForm(ApplicationForm):
    name = forms.CharField(label="Full name", max_length=150, required=False,
                           help_text="As it is on your Spark account")
    job_title = forms.CharField(label="Job title", max_length=150, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    confirmed = forms.BooleanField(label="I confirm the declaration above", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs = {"autocomplete": "name", "spellcheck": "false"}
        self.fields["job_title"].widget.attrs = {"autocomplete": "organization-title"}
        self.fields["confirmed"].widget.attrs = {"aria-describedby": "declaration-text"}
        self.helper.layout = Layout(
            Field.text("name"),
            Field.text("job_title"),
            "version",
            HTML('<div class="govuk-inset-text" id="declaration-text">{{ declaration_text }}</div>'),
            "confirmed",
        )

    def clean(self):
        cleaned = super().clean()
        self.require("name", "Enter your full name")
        self.require("job_title", "Enter your job title")
        if not cleaned.get("confirmed"):
            self.add_error("confirmed", "Confirm the declaration")
        if cleaned.get("version") is None and "version" not in self.errors:
            self.add_error(None, "Open the contract again and review the version issued for signature")
        return cleaned


def _issued_document(contract):
    return contract.documents.filter(version=contract.version, kind=DocumentKind.ISSUED).first()


@require_http_methods(["GET", "POST"])
@never_cache
@contract_page
def contract_sign(request, contract):
    """The supplier's signatory reviews the issued PDF and signs by confirming their name and role."""
    if not permissions.can_sign_for_supplier(request.user, contract):
        raise PermissionDenied(f"Only an admin of {contract.supplier.name} can sign this contract.")
    back_url = reverse("suppliers:contract", args=[contract.pk])
    if request.method == "GET" and services.waiting_for(contract) != SigningParty.SUPPLIER:
        messages.info(request, "There is no version of this contract waiting for your organisation’s signature.")
        return redirect(back_url)
    form = SignForm(_data(request), initial={"version": contract.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_sign(
                actor=request.user, contract=contract, version=form.cleaned_data["version"],
                name=form.cleaned_data["name"], job_title=form.cleaned_data["job_title"],
            )
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, f"You have signed version {contract.version} of {contract.reference} for "
                                      f"{contract.supplier.name}. {contract.buyer.name} signs next.")
            return redirect(back_url)
    error_links = form.error_links() if form.is_bound else []
    return render(
        request,
        "suppliers/contracts/sign.html",
        {
            "contract": contract,
            "document": _issued_document(contract),
            "form": form,
            "declaration_text": DECLARATION.format(version=contract.version, organisation=contract.supplier.name),
            "error_links": error_links,
            "has_errors": bool(error_links),
            "back_url": back_url,
        },
    )


# Milestones.


class DeliverForm(ApplicationForm):
    note = forms.CharField(
        label="What did you deliver?",
        help_text=("Describe what was delivered and where the buyer can see it, for example a link or the name of "
                   f"the report. You can enter up to {MAX_TEXT:,} characters."),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea,
        error_messages={"max_length": f"Your note must be {MAX_TEXT:,} characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].widget.attrs.pop("maxlength", None)
        self.helper.layout = Layout(Field.textarea("note", label_size=Size.MEDIUM, rows=8, max_characters=MAX_TEXT))

    def clean(self):
        cleaned = super().clean()
        if "note" not in self.errors and not cleaned.get("note", "").strip():
            self.add_error("note", "Describe what you delivered and where the buyer can see it")
        return cleaned


@require_http_methods(["GET", "POST"])
@never_cache
@contract_page
def milestone_deliver(request, contract, milestone_id):
    milestone = or_404(lambda: contract.milestones.get(pk=milestone_id))
    back_url = reverse("suppliers:contract", args=[contract.pk])
    form = DeliverForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_deliver(actor=request.user, milestone=milestone, note=form.cleaned_data["note"])
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, f"“{milestone.title}” is marked delivered. {contract.buyer.name} has been "
                                      "told and will accept it or tell you what must change.")
            return redirect(back_url)
    blocked = ""
    if contract.status != ContractStatus.ACTIVE:
        blocked = "Milestones can be delivered only once the contract has been signed by both parties"
    elif milestone.status not in DELIVERABLE:
        blocked = f"This milestone is already {milestone.get_status_display().lower()}"
    error_links = form.error_links() if form.is_bound else []
    if blocked and error_links:
        error_links = [("#milestone", message) for _href, message in error_links]
    return render(
        request,
        "suppliers/contracts/deliver.html",
        {
            "contract": contract,
            "milestone": milestone,
            "form": form,
            "blocked": blocked,
            "error_links": error_links,
            "has_errors": bool(error_links),
            "back_url": back_url,
        },
    )


# Documents.


@require_GET
@contract_page
def contract_document(request, contract, document_id):
    """A stored PDF of the contract, exactly as hashed (its SHA-256 is on the contract page and in the audit log)."""
    document = or_404(lambda: selectors.document_of(contract, document_id))
    try:
        handle = document.file.storage.open(document.file.name, "rb")
    except FileNotFoundError:
        raise Http404("No such document") from None
    return _private(FileResponse(handle, as_attachment=True, filename=document.filename,
                                 content_type="application/pdf"))
