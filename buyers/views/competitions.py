"""The buyer's competitions, under /buyer/competitions/: the builder (a task list, one question group per page),
the preview, publishing, amendments, clarifications, cancelling and opening the bids.

Thin: selectors read (only the viewer's own organisation's competitions, so another organisation's id is a 404),
services write and check every rule again. A buyer organisation's admins and members use these pages; evaluators
(who see only what they are assigned to) and everyone else are refused at the door. Changing anything needs
`permissions.can_manage` (the owner or a buyer admin); opening the bids needs the owner.

Sealed bids (rule 7): before the deadline these pages say how many suppliers were invited, never who has bid.
Every page runs a fixed number of queries, whatever the number of rows it shows.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from marketplace.accounts.decorators import side_required
from marketplace.accounts.models import Side
from marketplace.competitions import permissions, selectors, services, versions
from marketplace.competitions.models import (
    ClarificationStatus,
    CompetitionStatus,
    CriterionKind,
)
from marketplace.competitions.services.building import MAX_DOCUMENTS, current_scale
from marketplace.errors import DomainError, NotAllowed, or_404, refuse
from marketplace.uploads import file_size

from ..competition_forms import (
    ADD,
    AmendForm,
    BudgetForm,
    CancelForm,
    ClarificationAnswerForm,
    CompetitionNewForm,
    ConflictsForm,
    CriteriaForm,
    DocumentForm,
    LocationForm,
    OutcomesForm,
    ProblemForm,
    ScaleForm,
    TimelineForm,
    date_parts,
    posted_rows,
    pounds_text,
    row_action,
    row_count,
    uk_parts,
)

GET_AND_POST = require_http_methods(["GET", "POST"])
PER_PAGE = 20
DOCUMENT_URL_NAME = "buyers:competition_document"


# Who may use these pages.


def competitions_page(view):
    """A buyer organisation's admins and members; evaluators and everyone else are refused before any lookup."""

    @side_required(Side.BUYER)
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not permissions.is_buyer_staff(request.user):
            raise PermissionDenied(
                "Evaluators see the evaluations they are assigned to, not the organisation’s competitions."
            )
        return view(request, *args, **kwargs)

    return wrapped


def competition_page(*, manage: bool = False, draft: bool = False):
    """The organisation's own competition (404 for anyone else's).

    `manage`: only its owner or a buyer admin (403 otherwise). `draft`: a published competition sends the person
    to its overview, saying why.
    """

    def decorator(view):
        @competitions_page
        @wraps(view)
        def wrapped(request, competition_id, *args, **kwargs):
            competition = or_404(
                lambda: selectors.competition_for_buyer(viewer=request.user, competition_id=competition_id)
            )
            if manage and not permissions.can_manage(request.user, competition):
                raise PermissionDenied("Only the competition’s owner or a buyer admin can change it.")
            if draft and competition.status != CompetitionStatus.DRAFT:
                messages.info(
                    request,
                    "This competition has been cancelled, so it can no longer be changed."
                    if competition.status == CompetitionStatus.CANCELLED
                    else "This competition has been published, so it can no longer be changed here. "
                    "Changes now need an amendment with a reason.",
                )
                return redirect("buyers:competition", competition.pk)
            return view(request, competition, *args, **kwargs)

        return wrapped

    return decorator


def _posted(request):
    return request.POST if request.method == "POST" else None


def _files(request):
    return request.FILES if request.method == "POST" else None


def _overview(competition):
    return reverse("buyers:competition", args=[competition.pk])


def _section(request, competition, form, template, *, title, save, **context):
    """A page of the builder: show it; on POST save it through a service and go back to the task list."""
    if form.is_bound and form.is_valid():
        try:
            save(form.cleaned_data)
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            form.show(error)
        else:
            return redirect("buyers:competition", competition.pk)
    return render(
        request,
        template,
        {
            "competition": competition,
            "form": form,
            "title": title,
            "error_links": form.error_links() if form.is_bound else [],
            "task_list_url": _overview(competition),
            **context,
        },
    )


# The list, and starting a competition.

STATUS_TAGS = {
    CompetitionStatus.DRAFT: "govuk-tag--grey",
    CompetitionStatus.PUBLISHED: "govuk-tag--green",
    CompetitionStatus.CLOSED: "govuk-tag--blue",
    CompetitionStatus.EVALUATING: "govuk-tag--light-blue",
    CompetitionStatus.STANDSTILL: "govuk-tag--yellow",
    CompetitionStatus.AWARDED: "govuk-tag--purple",
    CompetitionStatus.CANCELLED: "govuk-tag--red",
}


@competitions_page
@require_GET
def competitions(request):
    paginator = Paginator(selectors.competitions_for_buyer(viewer=request.user), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [
        {
            "competition": competition,
            "status": competition.effective_status_label(now),
            "tag": STATUS_TAGS[competition.effective_status(now)],
        }
        for competition in page
    ]
    return render(
        request,
        "buyers/competitions/list.html",
        {
            "organisation": request.membership.organisation,
            "rows": rows,
            "page": page,
            "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)),
            "ellipsis": Paginator.ELLIPSIS,
            "can_create": permissions.can_create_competition(request.user),
        },
    )


@competitions_page
@GET_AND_POST
def competition_new(request):
    form = CompetitionNewForm(_posted(request))
    if form.is_bound and form.is_valid():
        try:
            created = services.competition_create(
                actor=request.user, title=form.cleaned_data["title"], category=form.cleaned_data["category"]
            )
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            form.show(error)
        else:
            messages.success(request, f"‘{created.title}’ has been saved as a draft")
            return redirect("buyers:competition", created.pk)
    return render(
        request,
        "buyers/competitions/new.html",
        {"form": form, "error_links": form.error_links() if form.is_bound else []},
    )


# The overview: a draft's task list, or a published competition's summary.

NOT_STARTED, IN_PROGRESS, COMPLETED, CANNOT_START, OPTIONAL = (
    "not_started", "in_progress", "completed", "cannot_start", "optional"
)

TASK_GROUPS = [
    (
        "About the competition",
        [
            ("problem", "Problem to solve", "competition_problem"),
            ("outcomes", "Outcomes", "competition_outcomes"),
            ("budget", "Budget and contract", "competition_budget"),
            ("location", "Location and regions", "competition_location"),
        ],
    ),
    (
        "How bids are evaluated",
        [
            ("criteria", "Evaluation criteria", "competition_criteria"),
            ("documents", "Documents", "competition_documents"),
        ],
    ),
    (
        "Timeline and fairness",
        [
            ("timeline", "Timeline", "competition_timeline"),
            ("conflicts", "Conflicts assessment", "competition_conflicts"),
        ],
    ),
]


def _has_assessment(competition) -> bool:
    return hasattr(competition, "conflicts_assessment")  # select_related: no query


def _started(competition) -> dict:
    return {
        "problem": bool(competition.summary or competition.problem),
        "outcomes": bool(competition.outcomes.all()),
        "budget": any(
            value is not None
            for value in (
                competition.budget_min_pence, competition.budget_max_pence,
                competition.contract_months, competition.expected_start,
            )
        ),
        "location": bool(competition.location or competition.regions.all()),
        "criteria": bool(competition.criteria.all()),
        "documents": bool(competition.documents.all()),
        "timeline": competition.submission_deadline is not None or competition.clarification_deadline is not None,
        "conflicts": _has_assessment(competition),
    }


def _task_list(competition, missing, *, can_manage: bool):
    by_section: dict[str, list[str]] = {}
    for item in missing:
        by_section.setdefault(item.section, []).append(item.message)
    started = _started(competition)
    groups = []
    for heading, items in TASK_GROUPS:
        tasks = []
        for key, name, page in items:
            gaps = by_section.get(key, [])
            if key == "documents":
                status, hint = (COMPLETED, "") if started[key] else (OPTIONAL, "Suppliers can download them")
            elif not started[key]:
                status, hint = NOT_STARTED, ""
            elif gaps:
                status, hint = IN_PROGRESS, gaps[0]
            else:
                status, hint = COMPLETED, ""
            url = reverse(f"buyers:{page}", args=[competition.pk]) if can_manage else None
            tasks.append({"key": key, "name": name, "status": status, "hint": hint, "url": url})
        groups.append({"heading": heading, "tasks": tasks})
    ready = not missing
    groups.append(
        {
            "heading": "Check and publish",
            "tasks": [
                {
                    "key": "preview",
                    "name": "Preview the competition as suppliers will see it",
                    "status": None,
                    "hint": "",
                    "url": reverse("buyers:competition_preview", args=[competition.pk]),
                },
                {
                    "key": "publish",
                    "name": "Publish and invite suppliers",
                    "status": NOT_STARTED if ready else CANNOT_START,
                    "hint": "" if ready else "Complete the sections above first",
                    "url": reverse("buyers:competition_publish", args=[competition.pk]) if ready and can_manage
                    else None,
                },
            ],
        }
    )
    return groups


@competition_page()
@require_GET
def competition(request, competition):
    can_manage = permissions.can_manage(request.user, competition)
    context = {"competition": competition, "can_manage": can_manage, "status_tag": STATUS_TAGS}
    if competition.status == CompetitionStatus.DRAFT:
        missing = services.missing_for_publication(competition)
        groups = _task_list(competition, missing, can_manage=can_manage)
        required = [task for group in groups[:3] for task in group["tasks"] if task["key"] != "documents"]
        return render(
            request,
            "buyers/competitions/task_list.html",
            {
                **context,
                "groups": groups,
                "completed": sum(1 for task in required if task["status"] == COMPLETED),
                "total": len(required),
                "complete": not missing,
            },
        )
    now = timezone.now()
    status = competition.effective_status(now)
    clarifications = list(selectors.clarifications_for_buyer(competition=competition).only("pk", "status"))
    return render(
        request,
        "buyers/competitions/overview.html",
        {
            **context,
            "status": competition.effective_status_label(now),
            "tag": STATUS_TAGS[status],
            "is_open": competition.is_open(now),
            "versions": list(selectors.versions(competition)),
            "waiting": sum(1 for c in clarifications if c.status == ClarificationStatus.ASKED),
            "answered": sum(1 for c in clarifications if c.status == ClarificationStatus.PUBLISHED),
            # Rule 7: told only once the deadline has passed, and then only how many.
            "bid_counts": selectors.bid_counts_after_close(competition, now),
            "can_amend": can_manage and competition.is_open(now),
            "can_cancel": can_manage and status not in (CompetitionStatus.AWARDED, CompetitionStatus.CANCELLED),
            "can_open_bids": permissions.can_open_bids(request.user, competition)
            and status in (CompetitionStatus.CLOSED, CompetitionStatus.EVALUATING),
        },
    )


# The sections of a draft.


@competition_page(manage=True, draft=True)
@GET_AND_POST
def competition_problem(request, competition):
    form = ProblemForm(
        _posted(request),
        competition=competition,
        initial={
            "title": competition.title,
            "category": competition.category_id,
            "summary": competition.summary,
            "problem": competition.problem,
        },
    )

    def save(data):
        services.competition_update(
            actor=request.user, competition=competition, title=data["title"], category=data["category"],
            summary=data["summary"], problem=data["problem"],
        )

    return _section(request, competition, form, "buyers/competitions/question.html", title="Problem to solve",
                    save=save)


def _rows_form(request, form_class, *, names, saved: list[dict], blank: dict, **kwargs):
    """A page of rows: "Add another" and "Remove" rebuild it from what was typed (nothing is saved then)."""
    data = _posted(request)
    action, number = row_action(data)
    if data is not None and action != "save":
        rows = row_count(data, default=1, maximum=form_class.maximum)
        values = posted_rows(data, names, rows)
        if action == ADD and len(values) < form_class.maximum:
            values.append(dict(blank))
        elif number is not None and 1 <= number <= len(values):
            del values[number - 1]
        values = values or [dict(blank)]
        return form_class(rows=len(values), values=values, **kwargs)  # unbound: shown again, nothing checked
    values = saved or [dict(blank)]
    rows = row_count(data, default=len(values), maximum=form_class.maximum)
    return form_class(data, rows=rows, values=values, **kwargs)


@competition_page(manage=True, draft=True)
@GET_AND_POST
def competition_outcomes(request, competition):
    saved = [{"outcome": o.description, "measure": o.success_measure} for o in competition.outcomes.all()]
    form = _rows_form(
        request, OutcomesForm, names=OutcomesForm.row_fields, saved=saved, blank={"outcome": "", "measure": ""}
    )

    def save(data):
        services.competition_set_outcomes(actor=request.user, competition=competition, outcomes=form.entries)

    return _section(request, competition, form, "buyers/competitions/outcomes.html", title="Outcomes", save=save)


@competition_page(manage=True, draft=True)
@GET_AND_POST
def competition_budget(request, competition):
    form = BudgetForm(
        _posted(request),
        today=timezone.localdate(),
        initial={
            "budget_min": pounds_text(competition.budget_min_pence),
            "budget_max": pounds_text(competition.budget_max_pence),
            "contract_months": competition.contract_months or "",
            "expected_start": date_parts(competition.expected_start),
        },
    )

    def save(data):
        services.competition_update(
            actor=request.user, competition=competition,
            budget_min_pence=data["budget_min_pence"], budget_max_pence=data["budget_max_pence"],
            contract_months=data["months"], expected_start=data["start"],
        )

    return _section(request, competition, form, "buyers/competitions/budget.html", title="Budget and contract",
                    save=save)


@competition_page(manage=True, draft=True)
@GET_AND_POST
def competition_location(request, competition):
    form = LocationForm(
        _posted(request),
        initial={"location": competition.location, "regions": [r.pk for r in competition.regions.all()]},
    )

    def save(data):
        services.competition_update(
            actor=request.user, competition=competition, location=data["location"], regions=list(data["regions"])
        )

    return _section(request, competition, form, "buyers/competitions/question.html", title="Location and regions",
                    save=save)


SUGGESTED_CRITERIA = [
    {"kind": CriterionKind.QUALITY, "name": "", "weighting": "", "question": "", "guidance": "", "word_limit": ""},
    {"kind": CriterionKind.QUALITY, "name": "", "weighting": "", "question": "", "guidance": "", "word_limit": ""},
    {"kind": CriterionKind.SOCIAL_VALUE, "name": "Social value", "weighting": "", "question": "", "guidance": "",
     "word_limit": ""},
    {"kind": CriterionKind.PRICE, "name": "Price", "weighting": "", "question": "", "guidance": "",
     "word_limit": ""},
]


@competition_page(manage=True, draft=True)
@GET_AND_POST
def competition_criteria(request, competition):
    saved = [
        {
            "kind": c.kind, "name": c.name, "weighting": str(c.weighting), "question": c.question,
            "guidance": c.guidance, "word_limit": str(c.word_limit or ""),
        }
        for c in competition.criteria.all()
    ] or [dict(row) for row in SUGGESTED_CRITERIA]
    blank = {"kind": CriterionKind.QUALITY, "name": "", "weighting": "", "question": "", "guidance": "",
             "word_limit": ""}
    form = _rows_form(request, CriteriaForm, names=CriteriaForm.row_fields, saved=saved, blank=blank)

    def save(data):
        services.competition_set_criteria(actor=request.user, competition=competition, criteria=form.inputs)

    return _section(
        request, competition, form, "buyers/competitions/criteria.html", title="Evaluation criteria", save=save,
        scale=current_scale(competition), price_kind=CriterionKind.PRICE,
        scale_url=reverse("buyers:competition_scale", args=[competition.pk]),
    )


@competition_page(manage=True, draft=True)
@GET_AND_POST
def competition_scale(request, competition):
    scale = current_scale(competition)
    initial = {f"score_{score}": text for score, text in enumerate(scale)}
    initial.update(price_formula=competition.price_formula, tie_break=competition.tie_break)
    form = ScaleForm(_posted(request), initial=initial)

    def save(data):
        services.competition_set_scale(actor=request.user, competition=competition, scale=data["scale"])
        services.competition_set_scoring_rules(
            actor=request.user, competition=competition, price_formula=data["price_formula"],
            tie_break=data["tie_break"],
        )

    return _section(request, competition, form, "buyers/competitions/scale.html", title="Scoring", save=save,
                    has_criteria=any(c.kind != CriterionKind.PRICE for c in competition.criteria.all()))


@competition_page(manage=True, draft=True)
@GET_AND_POST
def competition_documents(request, competition):
    documents = list(competition.documents.all())
    form = DocumentForm(_posted(request), _files(request))
    if form.is_bound and len(documents) >= MAX_DOCUMENTS:
        form.is_valid()
        form.add_error(None, f"A competition can have up to {MAX_DOCUMENTS} documents. Remove one to add another")
    elif form.is_bound and form.is_valid():
        try:
            document = services.competition_document_add(
                actor=request.user, competition=competition, uploaded=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            form.show(error)
        else:
            messages.success(request, f"‘{document.title}’ has been uploaded")
            return redirect("buyers:competition_documents", competition.pk)
    return render(
        request,
        "buyers/competitions/documents.html",
        {
            "competition": competition,
            "title": "Documents",
            "form": form,
            "rows": [
                {
                    "document": document,
                    "size": file_size(document.size),
                    "download_url": reverse("buyers:competition_document", args=[competition.pk, document.pk]),
                    "remove_url": reverse("buyers:competition_document_remove", args=[competition.pk, document.pk]),
                }
                for document in documents
            ],
            "full": len(documents) >= MAX_DOCUMENTS,
            "max_documents": MAX_DOCUMENTS,
            "error_links": form.error_links() if form.is_bound else [],
            "task_list_url": _overview(competition),
        },
    )


@competition_page(manage=True, draft=True)
@GET_AND_POST
def competition_document_remove(request, competition, document_id):
    document = next((d for d in competition.documents.all() if d.pk == document_id), None)
    if document is None:
        raise Http404("No such document")
    list_url = reverse("buyers:competition_documents", args=[competition.pk])
    error_message = None
    if request.method == "POST":
        try:
            services.competition_document_remove(actor=request.user, document=document)
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            error_message = error.message
        else:
            messages.success(request, f"‘{document.title}’ has been removed")
            return redirect(list_url)
    return render(
        request,
        "buyers/competitions/document_remove.html",
        {"competition": competition, "document": document, "list_url": list_url, "error_message": error_message},
    )


def _download_name(document) -> str:
    stem = slugify(document.title)[:80].strip("-") or slugify(document.original_name.rsplit(".", 1)[0])[:80]
    return f"{stem or 'document'}.pdf"


@competitions_page
@never_cache
def competition_document(request, competition_id, document_id):
    """A document of the organisation's own competition, as an attachment (404 for anyone else's)."""
    document = or_404(
        lambda: selectors.document_for_buyer(
            viewer=request.user, competition_id=competition_id, document_id=document_id
        )
    )
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    try:
        handle = document.file.storage.open(document.file.name, "rb")
    except FileNotFoundError:
        raise Http404("No such document") from None
    response = FileResponse(handle, as_attachment=True, filename=_download_name(document),
                            content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@competition_page(manage=True, draft=True)
@GET_AND_POST
def competition_timeline(request, competition):
    form = TimelineForm(
        _posted(request),
        initial={
            "clarification_deadline": uk_parts(competition.clarification_deadline),
            "submission_deadline": uk_parts(competition.submission_deadline),
            "expected_award_date": date_parts(competition.expected_award_date),
        },
    )

    def save(data):
        services.competition_set_timeline(
            actor=request.user, competition=competition, clarification_deadline=data["clarification_at"],
            submission_deadline=data["submission_at"], expected_award_date=data["award_date"],
        )

    return _section(request, competition, form, "buyers/competitions/timeline.html", title="Timeline", save=save)


@competition_page(manage=True, draft=True)
@GET_AND_POST
def competition_conflicts(request, competition):
    owner = competition.owner
    assessment = competition.conflicts_assessment if _has_assessment(competition) else None
    if assessment is not None:
        saved = [
            {
                "name": entry.name, "role": entry.role, "has_conflict": "yes" if entry.has_conflict else "no",
                "conflict": entry.conflict, "mitigation": entry.mitigation,
            }
            for entry in assessment.entries.all()
        ]
    else:
        saved = [{"name": owner.get_full_name() or owner.email, "role": "owner", "has_conflict": "",
                  "conflict": "", "mitigation": ""}]
    blank = {"name": "", "role": "evaluator", "has_conflict": "", "conflict": "", "mitigation": ""}
    form = _rows_form(request, ConflictsForm, names=ConflictsForm.row_fields, saved=saved, blank=blank,
                                 owner=owner)

    def save(data):
        services.conflicts_assessment_record(actor=request.user, competition=competition, entries=form.entries)

    return _section(
        request, competition, form, "buyers/competitions/conflicts.html", title="Conflicts assessment", save=save,
        assessment=assessment,
    )


# Preview and publish.


@competition_page()
@require_GET
def competition_preview(request, competition):
    return render(
        request,
        "buyers/competitions/preview.html",
        {"competition": competition, "document_url_name": DOCUMENT_URL_NAME},
    )


PUBLISH_PAGES = {
    "problem": "competition_problem",
    "outcomes": "competition_outcomes",
    "budget": "competition_budget",
    "location": "competition_location",
    "criteria": "competition_criteria",
    "timeline": "competition_timeline",
    "conflicts": "competition_conflicts",
}


def _missing_links(competition, missing) -> list[tuple[str, str]]:
    return [
        (reverse(f"buyers:{PUBLISH_PAGES[item.section]}", args=[competition.pk]) if item.section in PUBLISH_PAGES
         else "#main-content", item.message)
        for item in missing
    ]


@competition_page(manage=True, draft=True)
@GET_AND_POST
def competition_publish(request, competition):
    error_links = []
    if request.method == "POST":
        try:
            published = services.competition_publish(actor=request.user, competition=competition)
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            missing = services.missing_for_publication(competition)
            if error.code == "incomplete" and missing:
                error_links = _missing_links(competition, missing)
            else:
                error_links = [("#publish", error.message)]
        else:
            invited = published.invitations.count()
            messages.success(
                request,
                f"‘{published.title}’ is published as {published.reference}. "
                f"{invited} supplier{'s' if invited != 1 else ''} invited",
            )
            return redirect("buyers:competition", published.pk)
    missing = services.missing_for_publication(competition)
    return render(
        request,
        "buyers/competitions/publish.html",
        {
            "competition": competition,
            "missing": _missing_links(competition, missing),
            "error_links": error_links,
            "has_errors": bool(error_links),
            "verified": competition.buyer.is_verified,
            "can_publish": permissions.can_publish(request.user, competition),
        },
    )


# Once published: amendments and their versions.


def _unchanged(new, old):
    """A deadline typed back as it is shown (to the minute) is no change."""
    if new is None or old is None:
        return new is None
    return new == old.replace(second=0, microsecond=0)


@competition_page(manage=True)
@GET_AND_POST
def competition_amend(request, competition):
    if not competition.is_open():
        messages.info(request, "Only an open competition can be amended, before its submission deadline.")
        return redirect("buyers:competition", competition.pk)
    form = AmendForm(
        _posted(request),
        _files(request),
        competition=competition,
        initial={
            "submission_deadline": uk_parts(competition.submission_deadline),
            "clarification_deadline": uk_parts(competition.clarification_deadline),
        },
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        submission = data["submission_at"]
        clarification = data["clarification_at"]
        try:
            version = services.competition_amend(
                actor=request.user,
                competition=competition,
                reason=data["reason"],
                submission_deadline=None if _unchanged(submission, competition.submission_deadline) else submission,
                clarification_deadline=None if _unchanged(clarification, competition.clarification_deadline)
                else clarification,
                criteria=data["criteria"],
                documents_add=[(data["file"], data["title"])] if data.get("file") else [],
                documents_remove=data["remove"],
            )
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            form.show(error)
        else:
            messages.success(
                request, f"Version {version.number} is published and every invited supplier has been told"
            )
            return redirect("buyers:competition_version", competition.pk, version.number)
    return render(
        request,
        "buyers/competitions/amend.html",
        {
            "competition": competition,
            "form": form,
            "error_links": form.error_links() if form.is_bound else [],
        },
    )


@competition_page()
@require_GET
def competition_version(request, competition, number):
    found = {version.number: version for version in selectors.versions(competition).filter(number__in=[number - 1,
                                                                                                      number])}
    version = found.get(number)
    if version is None:
        raise Http404("No such version")
    previous = found.get(number - 1)
    return render(
        request,
        "buyers/competitions/version.html",
        {
            "competition": competition,
            "version": version,
            "previous": previous,
            "changes": versions.changes(previous.snapshot, version.snapshot) if previous else [],
        },
    )


# Clarifications: the question and answer, never who asked (rule 6).


@competition_page()
@require_GET
def clarifications(request, competition):
    items = list(selectors.clarifications_for_buyer(competition=competition).order_by("asked_at", "pk"))
    return render(
        request,
        "buyers/competitions/clarifications.html",
        {
            "competition": competition,
            "waiting": [c for c in items if c.status == ClarificationStatus.ASKED],
            "answered": [c for c in items if c.status == ClarificationStatus.PUBLISHED],
            "can_answer": permissions.can_manage(request.user, competition) and competition.is_open(),
        },
    )


@competition_page(manage=True)
@GET_AND_POST
def clarification_answer(request, competition, clarification_id):
    clarification = or_404(
        lambda: selectors.clarifications_for_buyer(competition=competition).get(pk=clarification_id)
    )
    list_url = reverse("buyers:clarifications", args=[competition.pk])
    if clarification.status == ClarificationStatus.PUBLISHED:
        messages.info(request, "This clarification has already been answered and published.")
        return redirect(list_url)
    form = ClarificationAnswerForm(_posted(request), initial={"published_question": clarification.question})
    if form.is_bound and form.is_valid():
        try:
            services.clarification_publish(
                actor=request.user, clarification=clarification,
                published_question=form.cleaned_data["published_question"], answer=form.cleaned_data["answer"],
            )
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            form.show(error)
        else:
            messages.success(request, "The answer has been published to every invited supplier")
            return redirect(list_url)
    return render(
        request,
        "buyers/competitions/clarification_answer.html",
        {
            "competition": competition,
            "clarification": clarification,
            "form": form,
            "error_links": form.error_links() if form.is_bound else [],
            "list_url": list_url,
        },
    )


# Cancelling, and opening the bids.


@competition_page(manage=True)
@GET_AND_POST
def competition_cancel(request, competition):
    if competition.status in (CompetitionStatus.AWARDED, CompetitionStatus.CANCELLED):
        messages.info(request, "This competition can no longer be cancelled.")
        return redirect("buyers:competition", competition.pk)
    form = CancelForm(_posted(request))
    if form.is_bound and form.is_valid():
        try:
            services.competition_cancel(actor=request.user, competition=competition, reason=form.cleaned_data["reason"])
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            form.show(error)
        else:
            messages.success(request, f"‘{competition.title}’ has been cancelled")
            return redirect("buyers:competition", competition.pk)
    return render(
        request,
        "buyers/competitions/cancel.html",
        {
            "competition": competition,
            "form": form,
            "published": competition.status != CompetitionStatus.DRAFT,
            "error_links": form.error_links() if form.is_bound else [],
        },
    )


def _opened_rows(competition, opened) -> list[dict]:
    """Each opened bid with its answers in the order of the criteria."""
    questions = [c for c in competition.criteria.all() if c.has_question]
    rows = []
    for bid in sorted(opened, key=lambda b: (b.supplier_name.casefold(), b.bid_id)):
        content = bid.content
        rows.append(
            {
                "bid": bid,
                "answers": [(criterion, content.get("answers", {}).get(str(criterion.pk), "")) for criterion in
                            questions],
                "price_pence": content.get("price_pence"),
                "breakdown": content.get("price_breakdown") or [],
                "note": content.get("price_note", ""),
                "attachments": content.get("attachments") or [],
            }
        )
    return rows


@competition_page()
@GET_AND_POST
@never_cache
def competition_open_bids(request, competition):
    """Rule 7: only the owner, only after the deadline, as an audited act, unseals the bids."""
    if not permissions.can_open_bids(request.user, competition):
        raise PermissionDenied("Only the competition’s owner can open the bids.")
    error_message = None
    if request.method == "POST":
        try:
            opened = services.competition_open_bids(actor=request.user, competition=competition)
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            error_message = error.message
        else:
            return render(
                request,
                "buyers/competitions/opened_bids.html",
                {"competition": competition, "rows": _opened_rows(competition, opened)},
            )
    now = timezone.now()
    return render(
        request,
        "buyers/competitions/open_bids.html",
        {
            "competition": competition,
            "error_message": error_message,
            "has_errors": bool(error_message),
            "sealed": competition.status == CompetitionStatus.PUBLISHED and competition.is_open(now),
        },
    )
