"""The buyer's contracts, under /buyer/contracts/ (rules 10 to 13): the register, a contract's page, preparing and
issuing it, signing it for the buyer, variations, deciding delivered milestones, and the stored PDFs.

Thin, as the competition pages: the organisation's buyer admins and members may look (another organisation's
contract is a 404; evaluators, suppliers and everyone else are refused at the door). Preparing, issuing, varying
and deciding milestones need `permissions.can_manage` (the competition's owner or a buyer admin); signing for the
buyer needs a buyer admin. Reads go through `marketplace.contracts.selectors`, writes through its services, which
check every rule again. The register runs a fixed number of queries, whatever the number of contracts.
"""

import csv
import io
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from marketplace.contracts import permissions, selectors, services
from marketplace.contracts.models import ContractStatus, DocumentKind, MilestoneStatus, SigningParty
from marketplace.errors import DomainError, NotAllowed, or_404, refuse

from .. import formatting
from ..competition_forms import ADD, date_parts, pounds_text, row_action, row_count
from ..contract_forms import (
    ContractFilter,
    DetailsForm,
    KPIsForm,
    MilestoneRejectForm,
    MilestonesForm,
    SignForm,
    VariationForm,
)
from ..csv_export import neutralise_cell
from .competitions import GET_AND_POST, competitions_page
from .form_pages import form_page

PER_PAGE = 20
MANAGE_ONLY = "Only the competition’s owner or a buyer admin can change this contract."
SIGN_ONLY = "Only a buyer admin can sign a contract for your organisation."

STATUS_TAGS = {
    ContractStatus.DRAFT: "govuk-tag--grey",
    ContractStatus.AWAITING_SIGNATURES: "govuk-tag--yellow",
    ContractStatus.ACTIVE: "govuk-tag--green",
    ContractStatus.COMPLETED: "govuk-tag--blue",
    ContractStatus.TERMINATED: "govuk-tag--red",
}
MILESTONE_TAGS = {
    MilestoneStatus.PLANNED: "govuk-tag--grey",
    MilestoneStatus.DELIVERED: "govuk-tag--yellow",
    MilestoneStatus.ACCEPTED: "govuk-tag--green",
    MilestoneStatus.REJECTED: "govuk-tag--red",
}


# Who may use these pages.


def contract_page(*, manage: bool = False, editable: bool = False):
    """The organisation's own contract (404 for anyone else's).

    `manage`: only the competition's owner or a buyer admin (403 otherwise). `editable`: a contract that can no
    longer be changed sends the person to its page, saying why.
    """

    def decorator(view):
        @competitions_page
        @wraps(view)
        def wrapped(request, contract_id, *args, **kwargs):
            contract = or_404(lambda: selectors.buyer_contract(viewer=request.user, pk=contract_id))
            if manage and not permissions.can_manage(request.user, contract):
                raise PermissionDenied(MANAGE_ONLY)
            if editable and not contract.editable:
                messages.info(request, _not_editable(contract))
                return redirect(_contract_url(contract))
            return view(request, contract, *args, **kwargs)

        return wrapped

    return decorator


def _not_editable(contract) -> str:
    if contract.awaiting_signatures:
        return f"Version {contract.version} has been issued for signature: it can no longer be changed."
    if contract.status == ContractStatus.ACTIVE:
        return "This contract has been signed. Any change needs a variation: start one first."
    return "This contract can no longer be changed."


def _posted(request):
    return request.POST if request.method == "POST" else None


def _contract_url(contract) -> str:
    return reverse("buyers:contract", args=[contract.pk])


def _back(request, contract, message: str):
    messages.info(request, message)
    return redirect(_contract_url(contract))


def _person(user) -> str:
    return (user.get_full_name() or user.email) if user else ""


def _private(response):
    """A download only this organisation may read: never kept by a shared cache, never sniffed."""
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


# The register.


def _filtered(request):
    return ContractFilter(request.GET or None, queryset=selectors.register(viewer=request.user))


@competitions_page
@require_GET
@never_cache
def contracts(request):
    filters = _filtered(request)
    paginator = Paginator(filters.qs, PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    rows = [{"contract": contract, "tag": STATUS_TAGS.get(contract.status, "")} for contract in page]
    return render(
        request,
        "buyers/contracts/list.html",
        {
            "organisation": request.membership.organisation,
            "filters": filters,
            "form": filters.form,
            "rows": rows,
            "page": page,
            "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)),
            "ellipsis": Paginator.ELLIPSIS,
            "filtered": any(value for key, value in request.GET.items() if key != "page"),
            "error_links": filters.error_links(),
            "export_query": request.GET.urlencode(),
        },
    )


CSV_HEADER = [
    "Reference",
    "Title",
    "Supplier",
    "Companies House number",
    "Category",
    "Status",
    "Value excluding VAT (£)",
    "VAT (£)",
    "Purchase-order number",
    "Start date",
    "End date",
    "Signed on",
]


def _day(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _csv_row(contract) -> list:
    return [
        contract.reference,
        contract.title,
        contract.supplier.name,
        contract.supplier.companies_house_number,
        contract.category.name,
        contract.get_status_display(),
        formatting.pounds_plain(contract.value_pence),
        formatting.pounds_plain(contract.vat_pence),
        contract.purchase_order_number,
        _day(contract.start_date),
        _day(contract.end_date),
        _day(timezone.localtime(contract.signed_at)) if contract.signed_at else "",
    ]


@competitions_page
@require_GET
@never_cache
def contracts_export(request):
    """The register's rows, as filtered, as CSV; every cell neutralised so no spreadsheet runs it as a formula."""
    filters = _filtered(request)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise_cell(cell) for cell in CSV_HEADER])
    for contract in filters.qs.iterator(chunk_size=500):
        writer.writerow([neutralise_cell(cell) for cell in _csv_row(contract)])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="contracts-{timezone.localdate():%Y-%m-%d}.csv"'
    return _private(response)


# A contract's page.


def _next_step(user, contract, waiting) -> str:
    manage = permissions.can_manage(user, contract)
    admin = permissions.can_sign_for_buyer(user, contract)
    if contract.editable:
        what = "the variation" if contract.status == ContractStatus.ACTIVE else "the contract"
        if manage:
            return (f"Prepare {what}: check the purchase-order number, the start date, the milestones and the KPIs, "
                    f"then issue version {contract.version + 1} for signature.")
        return f"The competition’s owner or a buyer admin prepares {what} and issues it for signature."
    if waiting == SigningParty.SUPPLIER:
        return f"Waiting for the supplier’s signatory to sign version {contract.version}. Your buyer admin signs next."
    if waiting == SigningParty.BUYER:
        if admin:
            return f"The supplier has signed version {contract.version}. Review it and sign it for your organisation."
        return f"The supplier has signed version {contract.version}. A buyer admin of your organisation signs next."
    if contract.status == ContractStatus.ACTIVE:
        if manage:
            return "The supplier marks each milestone delivered; accept it (it becomes payable) or reject it."
        return "The supplier marks each milestone delivered; the owner or a buyer admin accepts or rejects it."
    if contract.status == ContractStatus.COMPLETED:
        return "Every milestone has been accepted: the contract is completed."
    return "This contract has ended."


@contract_page()
@require_GET
@never_cache
def contract(request, contract):
    manage = permissions.can_manage(request.user, contract)
    waiting = services.waiting_for(contract)
    milestones = list(contract.milestones.select_related("delivered_by", "decided_by", "invoice"))
    documents = list(contract.documents.order_by("-version", "kind"))
    signatures = list(contract.signatures.order_by("-version", "signed_at"))
    can_decide = manage and contract.status == ContractStatus.ACTIVE
    milestone_rows = [
        {
            "milestone": milestone,
            "tag": MILESTONE_TAGS.get(milestone.status, ""),
            "accept_url": reverse("buyers:contract_milestone_accept", args=[contract.pk, milestone.pk])
            if can_decide and milestone.status == MilestoneStatus.DELIVERED else None,
            "reject_url": reverse("buyers:contract_milestone_reject", args=[contract.pk, milestone.pk])
            if can_decide and milestone.status == MilestoneStatus.DELIVERED else None,
        }
        for milestone in milestones
    ]
    return render(
        request,
        "buyers/contracts/contract.html",
        {
            "contract": contract,
            "tag": STATUS_TAGS.get(contract.status, ""),
            "next_step": _next_step(request.user, contract, waiting),
            "manage": manage,
            "editable": contract.editable,
            "can_edit": manage and contract.editable,
            "problems": services.issue_problems(contract) if contract.editable else [],
            "milestone_rows": milestone_rows,
            "milestones_total": sum(m.amount_pence for m in milestones),
            "kpis": list(contract.kpis.all()),
            "kpis_required": services.kpis_required(contract),
            "documents": [
                {"document": d, "url": reverse("buyers:contract_document", args=[contract.pk, d.pk])}
                for d in documents
            ],
            "signatures": signatures,
            "can_sign": waiting == SigningParty.BUYER and permissions.can_sign_for_buyer(request.user, contract),
            "can_vary": manage and contract.status == ContractStatus.ACTIVE and not contract.variation_reason,
            "owner": _person(contract.competition.owner) if contract.competition.owner_id else "",
        },
    )


# Preparing: details, milestones, KPIs.


def _form_page(request, contract, form, *, template, act, success: str, context=None):
    """A page with something to type: on POST the service acts; its refusal is shown on the field it names."""
    url = _contract_url(contract)
    return form_page(request, form, template=template, act=act, success=success, done_url=url,
                     context={"contract": contract, "contract_url": url, **(context or {})})


@contract_page(manage=True, editable=True)
@GET_AND_POST
@never_cache
def contract_details(request, contract):
    form = DetailsForm(
        _posted(request),
        initial={"purchase_order_number": contract.purchase_order_number,
                 "start_date": date_parts(contract.start_date)},
    )
    return _form_page(
        request, contract, form, template="buyers/contracts/details.html",
        act=lambda data: services.contract_details_save(
            actor=request.user, contract=contract, purchase_order_number=data["purchase_order_number"],
            start_date=data["start"],
        ),
        success="Purchase-order number and start date saved",
        context={"signed": contract.status != ContractStatus.DRAFT,
                 "months": contract.competition.contract_months or 12},
    )


def _posted_milestones(data, rows: int) -> list[dict]:
    return [
        {
            "title": data.get(f"title_{n}") or "",
            "due_date": {part: (data.get(f"due_date_{n}_{part}") or "").strip() for part in ("day", "month", "year")},
            "amount": data.get(f"amount_{n}") or "",
        }
        for n in range(1, rows + 1)
    ]


BLANK_MILESTONE = {"title": "", "due_date": {}, "amount": ""}


@contract_page(manage=True, editable=True)
@GET_AND_POST
@never_cache
def contract_milestones(request, contract):
    milestones = list(contract.milestones.all())
    kept = [m for m in milestones if m.status in (MilestoneStatus.DELIVERED, MilestoneStatus.ACCEPTED)]
    open_ = [m for m in milestones if m not in kept]
    saved = [{"title": m.title, "due_date": date_parts(m.due_date), "amount": pounds_text(m.amount_pence)}
             for m in open_]
    data = _posted(request)
    action, number = row_action(data)
    if data is not None and action != "save":
        # "Add another" and "Remove" rebuild the page from what was typed; nothing is saved.
        values = _posted_milestones(data, row_count(data, default=1, maximum=MilestonesForm.maximum))
        if action == ADD and len(values) < MilestonesForm.maximum:
            values.append(dict(BLANK_MILESTONE))
        elif number is not None and 1 <= number <= len(values):
            del values[number - 1]
        values = values or [dict(BLANK_MILESTONE)]
        form = MilestonesForm(rows=len(values), values=values)
    else:
        values = saved or [dict(BLANK_MILESTONE)]
        form = MilestonesForm(data, rows=row_count(data, default=len(values), maximum=MilestonesForm.maximum),
                              values=values)
    return _form_page(
        request, contract, form, template="buyers/contracts/milestones.html",
        act=lambda data: services.milestones_set(actor=request.user, contract=contract, milestones=form.entries),
        success="Milestones saved",
        context={
            "kept": kept,
            "kept_total": sum(m.amount_pence for m in kept),
            "saved_total": sum(m.amount_pence for m in milestones),
            "rows": form.row_list(),
        },
    )


@contract_page(manage=True, editable=True)
@GET_AND_POST
@never_cache
def contract_kpis(request, contract):
    saved = [{"name": k.name, "target": k.target} for k in contract.kpis.all()]
    data = _posted(request)
    action, number = row_action(data)
    blank = {"name": "", "target": ""}
    if data is not None and action != "save":
        rows = row_count(data, default=1, maximum=KPIsForm.maximum)
        values = [{name: data.get(f"{name}_{n}") or "" for name in KPIsForm.row_fields} for n in range(1, rows + 1)]
        if action == ADD and len(values) < KPIsForm.maximum:
            values.append(dict(blank))
        elif number is not None and 1 <= number <= len(values):
            del values[number - 1]
        values = values or [dict(blank)]
        form = KPIsForm(rows=len(values), values=values)
    else:
        values = saved or [dict(blank)] * 3
        form = KPIsForm(data, rows=row_count(data, default=len(values), maximum=KPIsForm.maximum), values=values)
    return _form_page(
        request, contract, form, template="buyers/contracts/kpis.html",
        act=lambda data: services.kpis_set(actor=request.user, contract=contract, kpis=form.entries),
        success="KPIs saved",
        context={"required": services.kpis_required(contract), "minimum": settings.SPARK_KPI_MINIMUM,
                 "above": settings.SPARK_KPI_REQUIRED_ABOVE_PENCE},
    )


@contract_page(manage=True, editable=True)
@GET_AND_POST
@never_cache
def contract_issue(request, contract):
    """Check your answers, then issue the next version for signature."""
    error_message = None
    if request.method == "POST":
        try:
            document = services.contract_issue(actor=request.user, contract=contract)
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            error_message = error.message
        else:
            messages.success(
                request,
                f"Version {document.version} is issued for signature. The supplier’s signatory signs first, then a "
                "buyer admin of your organisation",
            )
            return redirect(_contract_url(contract))
    return render(
        request,
        "buyers/contracts/issue.html",
        {
            "contract": contract,
            "problems": services.issue_problems(contract),
            "milestones": list(contract.milestones.all()),
            "kpis": list(contract.kpis.all()),
            "next_version": contract.version + 1,
            "error_links": [("#confirm", error_message)] if error_message else [],
            "contract_url": _contract_url(contract),
        },
    )


# Signing for the buyer.


@contract_page()
@GET_AND_POST
@never_cache
def contract_sign(request, contract):
    if not permissions.can_sign_for_buyer(request.user, contract):
        raise PermissionDenied(SIGN_ONLY)
    waiting = services.waiting_for(contract)
    if waiting is None:
        return _back(request, contract, "There is no version of this contract waiting for your signature.")
    if waiting == SigningParty.SUPPLIER:
        return _back(request, contract, "The supplier signs first. You can sign once its signatory has signed.")
    document = contract.documents.filter(version=contract.version, kind=DocumentKind.ISSUED).first()
    if document is None:
        raise Http404("No issued document")
    declaration = f"I have read version {contract.version} and sign it for {contract.buyer.name}"
    form = SignForm(_posted(request), declaration=declaration, initial={"version": contract.version})
    return _form_page(
        request, contract, form, template="buyers/contracts/sign.html",
        act=lambda data: services.contract_sign(actor=request.user, contract=contract, version=data["version"],
                                                name=data["name"], job_title=data["job_title"]),
        success=f"You have signed version {contract.version} for {contract.buyer.name}. The contract is now in force",
        context={
            "document": document,
            "document_url": reverse("buyers:contract_document", args=[contract.pk, document.pk]),
            "supplier_signature": contract.signatures.filter(
                version=contract.version, party=SigningParty.SUPPLIER).first(),
        },
    )


# Variations.


@contract_page(manage=True)
@GET_AND_POST
@never_cache
def contract_variation(request, contract):
    if contract.status != ContractStatus.ACTIVE:
        return _back(request, contract, "Only an active contract can be varied.")
    if contract.variation_reason:
        return _back(request, contract, "A variation of this contract is already being prepared or signed.")
    return _form_page(
        request, contract, VariationForm(_posted(request)), template="buyers/contracts/variation.html",
        act=lambda data: services.variation_start(actor=request.user, contract=contract, reason=data["reason"]),
        success=f"Variation started. Make the changes, then issue version {contract.version + 1} for signature",
    )


# Deciding a delivered milestone.


def _delivered(request, contract, milestone_id):
    milestone = contract.milestones.filter(pk=milestone_id).select_related("delivered_by").first()
    if milestone is None:
        raise Http404("No such milestone")
    return milestone


@contract_page(manage=True)
@GET_AND_POST
@never_cache
def contract_milestone_accept(request, contract, milestone_id):
    milestone = _delivered(request, contract, milestone_id)
    if milestone.status != MilestoneStatus.DELIVERED:
        return _back(request, contract, "Only a delivered milestone can be accepted or rejected.")
    error_message = None
    if request.method == "POST":
        try:
            services.milestone_accept(actor=request.user, milestone=milestone)
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            error_message = error.message
        else:
            messages.success(request, f"Milestone ‘{milestone.title}’ accepted. The supplier can now invoice it")
            return redirect(_contract_url(contract))
    return render(
        request,
        "buyers/contracts/milestone_accept.html",
        {
            "contract": contract,
            "milestone": milestone,
            "delivered_by": _person(milestone.delivered_by),
            "error_links": [("#confirm", error_message)] if error_message else [],
            "contract_url": _contract_url(contract),
        },
    )


@contract_page(manage=True)
@GET_AND_POST
@never_cache
def contract_milestone_reject(request, contract, milestone_id):
    milestone = _delivered(request, contract, milestone_id)
    if milestone.status != MilestoneStatus.DELIVERED:
        return _back(request, contract, "Only a delivered milestone can be accepted or rejected.")
    return _form_page(
        request, contract, MilestoneRejectForm(_posted(request)), template="buyers/contracts/milestone_reject.html",
        act=lambda data: services.milestone_reject(actor=request.user, milestone=milestone, reason=data["reason"]),
        success=f"Milestone ‘{milestone.title}’ rejected. The supplier has been told why",
        context={"milestone": milestone, "delivered_by": _person(milestone.delivered_by)},
    )


# The stored PDFs.


@contract_page()
@require_GET
def contract_document(request, contract, document_id):
    """A stored PDF of the organisation's own contract, as an attachment (404 for anyone else's)."""
    document = or_404(lambda: selectors.document_of(contract, document_id))
    try:
        handle = document.file.storage.open(document.file.name, "rb")
    except FileNotFoundError:
        raise Http404("No such document") from None
    response = FileResponse(handle, as_attachment=True, filename=document.filename, content_type="application/pdf")
    return _private(response)
