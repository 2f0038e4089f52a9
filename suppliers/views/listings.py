"""The supplier's solution listings: its list, a new listing, a task list per version, check and send, archive.

Thin: every write goes through `suppliers.services`, every read through `suppliers.selectors` (which give a
supplier only its own listings: another supplier's id is a 404). Any member of the supplier may list its
solutions. A listing's content is edited in a revision: the first draft, a version returned by an operator, or
a new version of a published listing (which stays live until an operator publishes the new one). A version
in review, published or withdrawn is shown read-only.
"""

import re
from functools import wraps
from html import unescape

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from marketplace.accounts import permissions as account_permissions
from marketplace.accounts.decorators import side_required
from marketplace.accounts.forms import apply_domain_error
from marketplace.accounts.models import Side
from marketplace.admission import permissions as admission_permissions
from marketplace.admission.selectors import admitted_categories
from marketplace.errors import DomainError, NotAllowed
from marketplace.sanitise import sanitise_html
from marketplace.taxonomy.models import Standard
from marketplace.taxonomy.selectors import regions as all_regions
from marketplace.uploads import file_size

from .. import selectors, services
from ..forms import (
    CaseStudyForm,
    DocumentForm,
    ListingCategoriesForm,
    ListingDeploymentForm,
    ListingDescriptionForm,
    ListingNameForm,
    ListingPricingForm,
    ListingReadinessForm,
    ListingRegionsForm,
    ListingStandardsForm,
    whole_pounds,
)
from ..models import MAX_CASE_STUDIES, WORKING, RevisionStatus, SolutionRevision, SolutionStatus
from .common import _data, _finishing

MAX_DOCUMENTS = services.MAX_DOCUMENTS


# Who may use these pages.


def _mfa_first(request):
    messages.info(request, "Set up two-factor authentication before you change your organisation’s listings.")
    return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}")


def listings_page(view):
    """Any member of a supplier (buyers and operators get a 403 page, anonymous people the sign-in page).

    A supplier admin sets up TOTP first, as for the application.
    """

    @wraps(view)
    @side_required(Side.SUPPLIER)
    def wrapper(request, *args, **kwargs):
        if account_permissions.needs_mfa_setup(request.user):
            return _mfa_first(request)
        return view(request, *args, **kwargs)

    return wrapper


def solution_page(view):
    """The supplier's own listing, or 404."""

    @wraps(view)
    @listings_page
    def wrapper(request, solution_id, *args, **kwargs):
        try:
            solution = selectors.solution_for_supplier(viewer=request.user, solution_id=solution_id)
        except ObjectDoesNotExist as exc:
            raise Http404 from exc
        return view(request, solution, *args, **kwargs)

    return wrapper


def changeable(revision) -> bool:
    return revision.is_editable and revision.solution.status != SolutionStatus.ARCHIVED


def _read_only_reason(revision) -> str:
    if revision.solution.status == SolutionStatus.ARCHIVED or revision.status == RevisionStatus.WITHDRAWN:
        return "This listing is archived, so it can no longer be changed."
    if revision.status == RevisionStatus.IN_REVIEW:
        return (
            "This version has been sent for review, so it cannot be changed. An operator will publish it or "
            "return it to you with comments."
        )
    return "This version has been published, so it cannot be changed. Edit the listing to start a new version."


def revision_page(*, editable_only: bool = True):
    """A version of the supplier's own listing (404 for anyone else's).

    With `editable_only`, a version that can no longer be changed sends the person to its read-only page.
    """

    def decorator(view):
        @wraps(view)
        @listings_page
        def wrapper(request, solution_id, revision_id, *args, **kwargs):
            try:
                revision = selectors.revision_for_supplier(
                    viewer=request.user, solution_id=solution_id, revision_id=revision_id
                )
            except ObjectDoesNotExist as exc:
                raise Http404 from exc
            if editable_only and not changeable(revision):
                messages.info(request, _read_only_reason(revision))
                return redirect("suppliers:revision", revision.solution_id, revision.pk)
            return view(request, revision, *args, **kwargs)

        return wrapper

    return decorator


# URLs and words.


def _rurl(name, revision, *args) -> str:
    return reverse(f"suppliers:{name}", args=[revision.solution_id, revision.pk, *args])


def _from_check(request) -> bool:
    return request.GET.get("from") == "check"


def _keep_from(request, url: str) -> str:
    """The URL, still saying the person came from the check page if they did."""
    return f"{url}?from=check" if _from_check(request) else url


def _return_url(request, revision) -> str:
    """Where a page goes back to: the check page if that is where the person came from, else the task list."""
    return _rurl("revision_check" if _from_check(request) else "revision", revision)


def public_url(solution) -> str:
    """The listing's page in the public catalogue."""
    return reverse("catalogue:detail", args=[solution.pk])


def display_title(solution, revision=None) -> str:
    return (revision.title if revision is not None else "") or solution.title or f"Untitled listing {solution.pk}"


def _caption(revision) -> str:
    if revision.solution.live_revision_id and revision.pk != revision.solution.live_revision_id:
        return f"New version of your listing (version {revision.number})"
    return "Your solution listing"


def _raise_if_not_allowed(error: DomainError) -> None:
    if isinstance(error, NotAllowed):
        raise PermissionDenied(error.message) from error


# A page of a listing: show it; on POST, save through a service and move on. Nothing typed is lost on an error.


def _question(request, revision, form, template, *, title, save, next_url=None, back_url=None, **context):
    if request.method == "POST" and form.is_valid():
        try:
            url = save(form.cleaned_data)
        except DomainError as error:
            _raise_if_not_allowed(error)
            apply_domain_error(form, error)
        else:
            if not _finishing(request):
                revision.refresh_from_db(fields=["title"])
                messages.success(
                    request,
                    f"Your changes to ‘{display_title(revision.solution, revision)}’ have been saved. "
                    "You can come back to them from your solutions at any time.",
                )
                return redirect("suppliers:solutions")
            return redirect(url or next_url or _return_url(request, revision))
    return render(
        request,
        template,
        {
            "revision": revision,
            "solution": revision.solution,
            "form": form,
            "title": title,
            "caption": _caption(revision),
            "error_links": form.error_links() if form.is_bound else [],
            "back_url": back_url or _return_url(request, revision),
            "task_list_url": _rurl("revision", revision),
            **context,
        },
    )


# The list of listings.

STATUS_ORDER = {"returned": 0, "draft": 1, "in_review": 2, "published": 3, "archived": 4}
TAGS = {
    "draft": ("Draft", "govuk-tag--grey"),
    "returned": ("Returned with comments", "govuk-tag--orange"),
    "in_review": ("In review", "govuk-tag--blue"),
    "published": ("Published", "govuk-tag--green"),
    "archived": ("Archived", "govuk-tag--grey"),
}


def _listing_row(solution, public_ids) -> dict:
    """What the list shows of a listing: its status, what is happening to its next version, and its links."""
    working = solution.working_revisions[0] if solution.working_revisions else None
    live = solution.status == SolutionStatus.PUBLISHED
    if solution.status == SolutionStatus.ARCHIVED:
        status = "archived"
    elif live:
        status = "published"
    elif working is not None and working.status == RevisionStatus.RETURNED:
        status = "returned"
    elif working is not None and working.status == RevisionStatus.IN_REVIEW:
        status = "in_review"
    else:
        status = "draft"
    label, tag = TAGS[status]
    title = solution.title if live else (working.title if working else solution.latest_title)
    row = {
        "solution": solution,
        "title": title or f"Untitled listing {solution.pk}",
        "status": status,
        "label": label,
        "tag": tag,
        "working": working,
        "overview_url": reverse("suppliers:solution", args=[solution.pk]),
        "continue_url": None,
        "edit_url": None,
        "public_url": None,
        "hidden": False,
    }
    if working is not None and working.status in (RevisionStatus.DRAFT, RevisionStatus.RETURNED):
        row["continue_url"] = reverse("suppliers:revision", args=[solution.pk, working.pk])
    if live:
        row["public_url"] = public_url(solution) if solution.pk in public_ids else None
        row["hidden"] = solution.pk not in public_ids
        if working is None:
            row["edit_url"] = reverse("suppliers:solution_edit", args=[solution.pk])
    return row


@listings_page
def solutions(request):
    """Every listing of the supplier, whatever its state, in a fixed number of queries."""
    organisation = request.membership.organisation
    latest_title = SolutionRevision.objects.filter(solution=OuterRef("pk")).order_by("-number").values("title")[:1]
    listings = selectors.solutions_for_supplier(viewer=request.user).annotate(latest_title=Subquery(latest_title))
    public_ids = set(selectors.public_solutions().filter(organisation=organisation).values_list("pk", flat=True))
    rows = sorted(
        (_listing_row(solution, public_ids) for solution in listings),
        key=lambda row: (STATUS_ORDER[row["status"]], row["title"].casefold()),
    )
    admitted = list(admitted_categories(organisation))
    return render(
        request,
        "suppliers/listings/list.html",
        {
            "organisation": organisation,
            "rows": rows,
            "admitted": admitted,
            "can_apply": admission_permissions.can_start_application(request.user, organisation),
        },
    )


# A new listing: its name and summary first.


@listings_page
def solution_new(request):
    organisation = request.membership.organisation
    admitted = list(admitted_categories(organisation))
    if not admitted:
        return render(
            request,
            "suppliers/listings/not_admitted.html",
            {
                "organisation": organisation,
                "can_apply": admission_permissions.can_start_application(request.user, organisation),
            },
        )
    form = ListingNameForm(_data(request), finishing=_finishing(request))
    if request.method == "POST" and form.is_valid():
        try:
            revision = services.solution_create(
                actor=request.user,
                organisation=organisation,
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
            )
        except DomainError as error:
            _raise_if_not_allowed(error)
            apply_domain_error(form, error)
        else:
            if not _finishing(request):
                messages.success(
                    request,
                    f"Your listing ‘{revision.title}’ has been saved as a draft. "
                    "You can come back to it from your solutions at any time.",
                )
                return redirect("suppliers:solutions")
            return redirect("suppliers:revision", revision.solution_id, revision.pk)
    return render(
        request,
        "suppliers/listings/new.html",
        {
            "form": form,
            "admitted": admitted,
            "error_links": form.error_links() if form.is_bound else [],
        },
    )


# A listing's overview: its state, its versions, and what can be done with it.


@solution_page
def solution(request, solution):
    revisions = list(solution.revisions.order_by("-number"))
    working = next((revision for revision in revisions if revision.status in WORKING), None)
    live = solution.live_revision
    latest = working or live or (revisions[0] if revisions else None)
    is_public = solution.status == SolutionStatus.PUBLISHED and selectors.is_public(solution)
    return render(
        request,
        "suppliers/listings/solution.html",
        {
            "solution": solution,
            "title": display_title(solution, None if live else latest),
            "working": working,
            "live": live,
            "revisions": revisions,
            "is_public": is_public,
            "public_url": public_url(solution) if is_public else None,
            "archived": solution.status == SolutionStatus.ARCHIVED,
        },
    )


@solution_page
def solution_edit(request, solution):
    """Start a new version of a published listing (or carry on with the one in progress). The live one stays."""
    overview = reverse("suppliers:solution", args=[solution.pk])
    if solution.status == SolutionStatus.ARCHIVED:
        messages.info(request, "This listing is archived, so it can no longer be changed.")
        return redirect(overview)
    working = solution.revisions.filter(status__in=WORKING).first()
    if working is not None and working.status == RevisionStatus.IN_REVIEW:
        messages.info(
            request,
            f"Version {working.number} is in review, so the listing cannot be changed until an operator has "
            "published it or returned it to you.",
        )
        return redirect(overview)
    if working is not None:
        return redirect("suppliers:revision", solution.pk, working.pk)
    if request.method == "POST":
        try:
            revision = services.solution_edit(actor=request.user, solution=solution)
        except DomainError as error:
            _raise_if_not_allowed(error)
            messages.error(request, error.message)
            return redirect(overview)
        messages.success(
            request,
            f"You are editing version {revision.number}. Your published listing stays in the catalogue as it is "
            "until an operator publishes this version.",
        )
        return redirect("suppliers:revision", solution.pk, revision.pk)
    return render(
        request,
        "suppliers/listings/edit.html",
        {"solution": solution, "title": display_title(solution), "overview_url": overview},
    )


@solution_page
def solution_archive(request, solution):
    overview = reverse("suppliers:solution", args=[solution.pk])
    if solution.status == SolutionStatus.ARCHIVED:
        messages.info(request, "This listing is already archived.")
        return redirect(overview)
    working = solution.revisions.filter(status__in=WORKING).first()
    title = display_title(solution, None if solution.live_revision_id else working)
    if request.method == "POST":
        try:
            services.solution_archive(actor=request.user, solution=solution)
        except DomainError as error:
            _raise_if_not_allowed(error)
            messages.error(request, error.message)
            return redirect(overview)
        messages.success(request, f"‘{title}’ has been archived.")
        return redirect("suppliers:solutions")
    return render(
        request,
        "suppliers/listings/archive.html",
        {
            "solution": solution,
            "title": title,
            "working": working,
            "published": solution.status == SolutionStatus.PUBLISHED,
            "overview_url": overview,
        },
    )


# A version: its task list while it can be changed, its content otherwise.

NOT_STARTED, IN_PROGRESS, COMPLETED, CANNOT_START = "not_started", "in_progress", "completed", "cannot_start"

REQUIRED_TASKS = [
    (
        "About the solution",
        [
            ("name", "Name and summary", "revision_name", ("title", "summary")),
            ("description", "Description", "revision_description", ("description",)),
            ("categories", "Categories", "revision_categories", ("categories",)),
            ("readiness", "Technology readiness level", "revision_readiness", ("readiness_level",)),
        ],
    ),
    (
        "Pricing and where it is used",
        [
            ("pricing", "Pricing", "revision_pricing", ("pricing_model", "price_min")),
            ("deployment", "Deployment", "revision_deployment", ("deployment",)),
            ("regions", "Regions served", "revision_regions", ("regions",)),
        ],
    ),
]
OPTIONAL_TASKS = [
    ("standards", "Standards and certifications", "revision_standards"),
    ("case_studies", "Case studies", "revision_case_studies"),
    ("documents", "Documents", "revision_documents"),
]
# Where each answer the core may report missing is given: (page, id of its first input).
FIELD_PAGES = {
    "title": ("revision_name", "id_title"),
    "summary": ("revision_name", "id_summary"),
    "description": ("revision_description", "id_description"),
    "categories": ("revision_categories", "id_categories_1"),
    "readiness_level": ("revision_readiness", "id_readiness_level_1"),
    "pricing_model": ("revision_pricing", "id_pricing_model_1"),
    "price_min": ("revision_pricing", "id_price_min"),
    "price_max": ("revision_pricing", "id_price_max"),
    "deployment": ("revision_deployment", "id_deployment_1"),
    "regions": ("revision_regions", "id_regions_1"),
    "case_studies": ("revision_case_studies", "main-content"),
    "file": ("revision_documents", "id_file"),
}


def _lapsed_categories(revision, admitted) -> list:
    admitted_ids = {category.pk for category in admitted}
    return [category for category in revision.categories.all() if category.pk not in admitted_ids]


def _started(revision) -> dict:
    return {
        "name": bool(revision.title or revision.summary),
        "description": bool(revision.description),
        "categories": bool(revision.categories.all()),
        "readiness": revision.readiness_level is not None,
        "pricing": bool(revision.pricing_model)
        or revision.price_min_pence is not None
        or revision.price_max_pence is not None,
        "deployment": bool(revision.deployment),
        "regions": bool(revision.regions.all()),
        "standards": bool(revision.standards.all()),
        "case_studies": bool(revision.case_studies),
        "documents": bool(revision.documents.all()),
    }


def _tasks(revision, missing, lapsed):
    missing_fields = {field for field, _message in missing}
    started = _started(revision)
    groups = []
    for heading, items in REQUIRED_TASKS:
        tasks = []
        for key, name, page, fields in items:
            gaps = missing_fields.intersection(fields) or (key == "categories" and lapsed)
            status = NOT_STARTED if not started[key] else (IN_PROGRESS if gaps else COMPLETED)
            hint = ""
            if key == "categories" and lapsed:
                hint = f"You are no longer admitted to {', '.join(c.name for c in lapsed)}: remove it"
            tasks.append({"key": key, "name": name, "status": status, "hint": hint, "url": _rurl(page, revision)})
        groups.append({"heading": heading, "tasks": tasks})
    groups.append(
        {
            "heading": "Evidence for buyers",
            "tasks": [
                {
                    "key": key,
                    "name": name,
                    "status": COMPLETED if started[key] else NOT_STARTED,
                    "hint": "Optional",
                    "url": _rurl(page, revision),
                }
                for key, name, page in OPTIONAL_TASKS
            ],
        }
    )
    ready = not missing and not lapsed
    groups.append(
        {
            "heading": "Send for review",
            "tasks": [
                {
                    "key": "check",
                    "name": "Check and send for review",
                    "status": NOT_STARTED if ready else CANNOT_START,
                    "hint": "" if ready else "Complete the sections above first",
                    "url": _rurl("revision_check", revision) if ready else None,
                }
            ],
        }
    )
    return groups


def _row(key, lines, url=None, hidden="", html=None):
    lines = [line for line in (lines if isinstance(lines, list) else [lines]) if line not in (None, "")]
    if html is None and not lines:
        lines = ["Not answered"]
    return {"key": key, "lines": lines, "html": html, "url": url, "hidden": hidden or key.lower()}


def price_range(revision) -> str:
    low, high = revision.price_min_pence, revision.price_max_pence
    if low is None and high is None:
        return ""
    if low is None or high is None:
        return f"£{whole_pounds(low if high is None else high)} (the other end of the range is not given)"
    if low == high:
        return f"£{whole_pounds(low)}"
    return f"£{whole_pounds(low)} to £{whole_pounds(high)}"


def _summary(revision, *, editable: bool):
    """The version's content as GOV.UK summary lists, with Change links (back to the check page) if editable."""

    def link(page):
        return f"{_rurl(page, revision)}?from=check" if editable else None

    description = sanitise_html(revision.description)  # sanitised when saved; again here, whatever is stored
    studies = revision.case_studies or []
    documents = list(revision.documents.all())
    return [
        {
            "heading": "About the solution",
            "rows": [
                _row("Name", revision.title, link("revision_name"), "name"),
                _row("One-line summary", revision.summary, link("revision_name"), "one-line summary"),
                _row(
                    "Description",
                    [],
                    link("revision_description"),
                    "description",
                    html=mark_safe(description) if description else None,  # noqa: S308 - sanitised just above
                ),
                _row("Categories", [c.name for c in revision.categories.all()], link("revision_categories")),
                _row(
                    "Technology readiness level",
                    revision.get_readiness_level_display() if revision.readiness_level else "",
                    link("revision_readiness"),
                ),
            ],
        },
        {
            "heading": "Pricing and where it is used",
            "rows": [
                _row("Pricing model", revision.get_pricing_model_display(), link("revision_pricing")),
                _row("Price range", price_range(revision), link("revision_pricing")),
                _row("Deployment", revision.get_deployment_display(), link("revision_deployment")),
                _row("Regions served", [r.name for r in revision.regions.all()], link("revision_regions")),
            ],
        },
        {
            "heading": "Evidence for buyers",
            "rows": [
                _row(
                    "Standards and certifications",
                    [s.name for s in revision.standards.all()] or ["None"],
                    link("revision_standards"),
                ),
                *[
                    _row(
                        f"Case study {index}",
                        [
                            f"Client sector: {study.get('client_sector') or 'not answered'}",
                            f"Problem: {study.get('problem') or 'not answered'}",
                            f"Outcome: {study.get('outcome') or 'not answered'}",
                        ],
                        link("revision_case_studies"),
                        f"case study {index}",
                    )
                    for index, study in enumerate(studies, start=1)
                ],
                *([] if studies else [_row("Case studies", "None", link("revision_case_studies"))]),
                _row(
                    "Documents",
                    [f"{document.title} (PDF, {file_size(document.size)})" for document in documents] or ["None"],
                    link("revision_documents"),
                ),
            ],
        },
    ]


@revision_page(editable_only=False)
def revision(request, revision):
    solution = revision.solution
    context = {
        "revision": revision,
        "solution": solution,
        "title": display_title(solution, revision),
        "caption": _caption(revision),
        "overview_url": reverse("suppliers:solution", args=[solution.pk]),
        "live": solution.live_revision if solution.live_revision_id != revision.pk else None,
    }
    if changeable(revision):
        missing = services.missing_for_submission(revision)
        lapsed = _lapsed_categories(revision, admitted_categories(solution.organisation))
        groups = _tasks(revision, missing, lapsed)
        required = [task for group in groups[:2] for task in group["tasks"]]
        return render(
            request,
            "suppliers/listings/task_list.html",
            {
                **context,
                "groups": groups,
                "completed": sum(1 for task in required if task["status"] == COMPLETED),
                "total": len(required),
                "complete": not missing and not lapsed,
            },
        )
    return render(
        request,
        "suppliers/listings/revision.html",
        {**context, "sections": _summary(revision, editable=False), "reason": _read_only_reason(revision)},
    )


# The sections of a version.


@revision_page()
def revision_name(request, revision):
    form = ListingNameForm(
        _data(request), finishing=_finishing(request), initial={"title": revision.title, "summary": revision.summary}
    )

    def save(data):
        services.revision_update(actor=request.user, revision=revision, title=data["title"], summary=data["summary"])

    return _question(
        request, revision, form, "suppliers/listings/question.html", title="Name and summary", save=save
    )


_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_TAG = re.compile(r"</?([a-zA-Z0-9]+)")


def editable_text(html: str) -> str:
    """The stored description as the supplier would type it.

    The service turns plain text into <p> paragraphs (and escapes it); that is turned back into paragraphs
    separated by blank lines, so an edit starts from what was typed. Any other formatting is shown as HTML.
    """
    if not html:
        return ""
    tags = {tag.lower() for tag in _TAG.findall(html)}
    if not tags:
        return unescape(html)
    if tags <= {"p", "br"}:
        blocks = _PARAGRAPH.findall(html)
        if "".join(f"<p>{block}</p>" for block in blocks) == html and all("<p>" not in b for b in blocks):
            return "\n\n".join(unescape(block.replace("<br>", "\n")) for block in blocks)
    return html


@revision_page()
def revision_description(request, revision):
    form = ListingDescriptionForm(
        _data(request), finishing=_finishing(request), initial={"description": editable_text(revision.description)}
    )

    def save(data):
        services.revision_update(actor=request.user, revision=revision, description=data["description"])

    return _question(
        request, revision, form, "suppliers/listings/description.html", title="Description", save=save
    )


@revision_page()
def revision_categories(request, revision):
    admitted = list(admitted_categories(revision.solution.organisation))
    lapsed = _lapsed_categories(revision, admitted)
    form = ListingCategoriesForm(
        _data(request),
        finishing=_finishing(request),
        objects=admitted,
        hints={category.pk: category.description for category in admitted},
        initial={"categories": [str(category.pk) for category in revision.categories.all() if category not in lapsed]},
    )

    def save(data):
        services.revision_update(actor=request.user, revision=revision, categories=form.chosen())

    return _question(
        request,
        revision,
        form,
        "suppliers/listings/categories.html",
        title="Categories",
        save=save,
        offered=admitted,
        lapsed=lapsed,
        can_apply=admission_permissions.can_start_application(request.user, revision.solution.organisation),
    )


@revision_page()
def revision_readiness(request, revision):
    form = ListingReadinessForm(
        _data(request), finishing=_finishing(request), initial={"readiness_level": revision.readiness_level}
    )

    def save(data):
        services.revision_update(actor=request.user, revision=revision, readiness_level=data["readiness_level"])

    return _question(
        request, revision, form, "suppliers/listings/question.html", title="Technology readiness level", save=save
    )


@revision_page()
def revision_pricing(request, revision):
    form = ListingPricingForm(
        _data(request),
        finishing=_finishing(request),
        initial={
            "pricing_model": revision.pricing_model,
            "price_min": whole_pounds(revision.price_min_pence),
            "price_max": whole_pounds(revision.price_max_pence),
        },
    )

    def save(data):
        services.revision_update(
            actor=request.user,
            revision=revision,
            pricing_model=data.get("pricing_model") or "",
            price_min_pence=data.get("price_min_pence"),
            price_max_pence=data.get("price_max_pence"),
        )

    return _question(request, revision, form, "suppliers/listings/pricing.html", title="Pricing", save=save)


@revision_page()
def revision_deployment(request, revision):
    form = ListingDeploymentForm(
        _data(request), finishing=_finishing(request), initial={"deployment": revision.deployment}
    )

    def save(data):
        services.revision_update(actor=request.user, revision=revision, deployment=data["deployment"])

    return _question(request, revision, form, "suppliers/listings/question.html", title="Deployment", save=save)


@revision_page()
def revision_regions(request, revision):
    form = ListingRegionsForm(
        _data(request),
        finishing=_finishing(request),
        objects=list(all_regions()),
        initial={"regions": [str(region.pk) for region in revision.regions.all()]},
    )

    def save(data):
        services.revision_update(actor=request.user, revision=revision, regions=form.chosen())

    return _question(request, revision, form, "suppliers/listings/question.html", title="Regions served", save=save)


@revision_page()
def revision_standards(request, revision):
    form = ListingStandardsForm(
        _data(request),
        finishing=_finishing(request),
        objects=list(Standard.objects.order_by("position", "name")),
        initial={"standards": [str(standard.pk) for standard in revision.standards.all()]},
    )

    def save(data):
        services.revision_update(actor=request.user, revision=revision, standards=form.chosen())

    return _question(
        request, revision, form, "suppliers/listings/question.html", title="Standards and certifications", save=save
    )


# Case studies: up to three, added, changed and removed one at a time.


def _study(revision, index: int) -> dict:
    studies = revision.case_studies or []
    if not 1 <= index <= len(studies):
        raise Http404
    return studies[index - 1]


@revision_page()
def revision_case_studies(request, revision):
    studies = [
        {
            "index": index,
            "study": study,
            "change_url": _keep_from(request, _rurl("revision_case_study", revision, index)),
            "remove_url": _keep_from(request, _rurl("revision_case_study_remove", revision, index)),
        }
        for index, study in enumerate(revision.case_studies or [], start=1)
    ]
    return render(
        request,
        "suppliers/listings/case_studies.html",
        {
            "revision": revision,
            "solution": revision.solution,
            "title": "Case studies",
            "caption": _caption(revision),
            "studies": studies,
            "max_studies": MAX_CASE_STUDIES,
            "add_url": _keep_from(request, _rurl("revision_case_study_add", revision))
            if len(studies) < MAX_CASE_STUDIES
            else None,
            "back_url": _return_url(request, revision),
            "task_list_url": _rurl("revision", revision),
        },
    )


@revision_page()
def revision_case_study_add(request, revision):
    studies = list(revision.case_studies or [])
    list_url = _keep_from(request, _rurl("revision_case_studies", revision))
    if len(studies) >= MAX_CASE_STUDIES:
        messages.info(request, f"A listing can have up to {MAX_CASE_STUDIES} case studies. Remove one to add another.")
        return redirect(list_url)
    form = CaseStudyForm(_data(request), finishing=_finishing(request))

    def save(data):
        study = form.study()
        if any(study.values()):  # saved for later with nothing typed: nothing to keep
            services.revision_update(actor=request.user, revision=revision, case_studies=[*studies, study])
        return list_url

    return _question(
        request,
        revision,
        form,
        "suppliers/listings/question.html",
        title=f"Add a case study ({len(studies) + 1} of up to {MAX_CASE_STUDIES})",
        save=save,
        back_url=list_url,
    )


@revision_page()
def revision_case_study(request, revision, index):
    studies = list(revision.case_studies or [])
    study = _study(revision, index)
    list_url = _keep_from(request, _rurl("revision_case_studies", revision))
    form = CaseStudyForm(_data(request), finishing=_finishing(request), initial=study)

    def save(data):
        studies[index - 1] = form.study()
        services.revision_update(actor=request.user, revision=revision, case_studies=studies)
        return list_url

    return _question(
        request,
        revision,
        form,
        "suppliers/listings/question.html",
        title=f"Case study {index}",
        save=save,
        back_url=list_url,
    )


@revision_page()
def revision_case_study_remove(request, revision, index):
    studies = list(revision.case_studies or [])
    study = _study(revision, index)
    list_url = _keep_from(request, _rurl("revision_case_studies", revision))
    if request.method == "POST":
        try:
            services.revision_update(
                actor=request.user, revision=revision, case_studies=studies[: index - 1] + studies[index:]
            )
        except DomainError as error:
            _raise_if_not_allowed(error)
            messages.error(request, error.message)
        else:
            messages.success(request, f"Case study {index} has been removed.")
        return redirect(list_url)
    return render(
        request,
        "suppliers/listings/case_study_remove.html",
        {
            "revision": revision,
            "solution": revision.solution,
            "caption": _caption(revision),
            "index": index,
            "study": study,
            "list_url": list_url,
        },
    )


# Documents: PDFs, checked by their content by the service.


def _max_megabytes() -> int:
    return settings.SPARK_MAX_UPLOAD_BYTES // (1024 * 1024)


@revision_page()
def revision_documents(request, revision):
    documents = list(revision.documents.all())
    form = DocumentForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        max_megabytes=_max_megabytes(),
    )
    if request.method == "POST" and len(documents) >= MAX_DOCUMENTS:
        form.is_valid()
        form.add_error(None, f"A listing can have up to {MAX_DOCUMENTS} documents. Remove one to add another")
    elif request.method == "POST" and form.is_valid():
        try:
            document = services.document_add(
                actor=request.user,
                revision=revision,
                uploaded=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except DomainError as error:
            _raise_if_not_allowed(error)
            apply_domain_error(form, error)
        else:
            messages.success(request, f"‘{document.title}’ has been uploaded.")
            return redirect(_keep_from(request, _rurl("revision_documents", revision)))
    rows = [
        {
            "document": document,
            "size": file_size(document.size),
            "download_url": reverse("catalogue:document", args=[document.pk]),
            "remove_url": _keep_from(request, _rurl("revision_document_remove", revision, document.pk)),
        }
        for document in documents
    ]
    return render(
        request,
        "suppliers/listings/documents.html",
        {
            "revision": revision,
            "solution": revision.solution,
            "title": "Documents",
            "caption": _caption(revision),
            "form": form,
            "rows": rows,
            "full": len(documents) >= MAX_DOCUMENTS,
            "max_documents": MAX_DOCUMENTS,
            "error_links": form.error_links() if form.is_bound else [],
            "back_url": _return_url(request, revision),
            "task_list_url": _rurl("revision", revision),
            "continue_url": _return_url(request, revision),
        },
    )


@revision_page()
def revision_document_remove(request, revision, document_id):
    document = next((document for document in revision.documents.all() if document.pk == document_id), None)
    if document is None:
        raise Http404
    list_url = _keep_from(request, _rurl("revision_documents", revision))
    if request.method == "POST":
        try:
            services.document_remove(actor=request.user, document=document)
        except DomainError as error:
            _raise_if_not_allowed(error)
            messages.error(request, error.message)
        else:
            messages.success(request, f"‘{document.title}’ has been removed.")
        return redirect(list_url)
    return render(
        request,
        "suppliers/listings/document_remove.html",
        {
            "revision": revision,
            "solution": revision.solution,
            "caption": _caption(revision),
            "document": document,
            "list_url": list_url,
        },
    )


# Check and send for review.


def _error_link(revision, field, message):
    page, anchor = FIELD_PAGES.get(field, ("revision", "main-content"))
    url = f"{_rurl(page, revision)}?from=check#{anchor}" if page != "revision" else _rurl(page, revision)
    return url, message


@revision_page()
def revision_check(request, revision):
    error_links = []
    if request.method == "POST":
        try:
            services.revision_submit(actor=request.user, revision=revision)
        except services.IncompleteListing as error:
            error_links = [_error_link(revision, field, message) for field, message in error.missing]
        except DomainError as error:
            _raise_if_not_allowed(error)
            error_links = [_error_link(revision, error.field, error.message)]
        else:
            return redirect("suppliers:revision_submitted", revision.solution_id, revision.pk)
    solution = revision.solution
    return render(
        request,
        "suppliers/listings/check.html",
        {
            "revision": revision,
            "solution": solution,
            "title": display_title(solution, revision),
            "caption": _caption(revision),
            "sections": _summary(revision, editable=True),
            "error_links": error_links,
            "has_errors": bool(error_links),
            "live": solution.live_revision if solution.live_revision_id else None,
            "task_list_url": _rurl("revision", revision),
        },
    )


@revision_page(editable_only=False)
def revision_submitted(request, revision):
    if revision.status != RevisionStatus.IN_REVIEW:
        return redirect("suppliers:revision", revision.solution_id, revision.pk)
    solution = revision.solution
    return render(
        request,
        "suppliers/listings/submitted.html",
        {
            "revision": revision,
            "solution": solution,
            "title": display_title(solution, revision),
            "live": bool(solution.live_revision_id),
        },
    )
