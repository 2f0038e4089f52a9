"""The supplier's side of competitions, under /supplier/competitions/: invitations, the full competition,
clarification questions and writing, submitting, revising and withdrawing a bid.

Thin: reads go through `marketplace.competitions.selectors` (a competition the organisation is not invited to
is a 404; a bid is decrypted for its own supplier only), writes through its services, which enforce the rules
again (the deadline by the database clock, admission, set-aside, who may act) and raise `DomainError` with a
message for the page. Supplier admins and members may use these pages; buyers and operators get a 403 page,
anonymous people the sign-in page. A supplier admin sets up TOTP first, as for listings.

Every change to a bid carries the bid's `edit_version` as the page showed it: if a colleague saved in between,
the service refuses (code "edit_conflict") and the page shows the bid as it is now, with the warning.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import content_disposition_header, urlencode
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from marketplace.accounts import permissions as account_permissions
from marketplace.accounts.decorators import side_required
from marketplace.accounts.forms import apply_domain_error
from marketplace.accounts.models import Side
from marketplace.admission.selectors import is_admitted
from marketplace.competitions import permissions, selectors, selectors_evaluation, services, versions
from marketplace.competitions.models import BidStatus, CompetitionStatus, CriterionKind, EmailFrequency
from marketplace.competitions.services.bids import CHANGED_BY_COLLEAGUE, MAX_ATTACHMENTS, words
from marketplace.competitions.timing import uk_time
from marketplace.errors import DomainError, NotAllowed, or_404, refuse
from marketplace.uploads import file_size

from ..competition_forms import (
    MAX_LINES,
    MIN_LINES,
    BidAnswerForm,
    BidAttachmentForm,
    BidPriceForm,
    ClarificationForm,
    EditVersionForm,
    EmailSettingsForm,
    price_initial,
)
from .common import _data, _finishing
from .opportunities import budget_range, public_status

PAGE_SIZE = 20


# Who may use these pages.


def _mfa_first(request):
    messages.info(request, "Set up two-factor authentication before you work on your organisation’s bids.")
    return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}")


def supplier_page(view):
    """Supplier admins and members (buyers and operators get a 403 page, anonymous people the sign-in page)."""

    @wraps(view)
    @side_required(Side.SUPPLIER)
    def wrapper(request, *args, **kwargs):
        if permissions.supplier_membership(request.user) is None:
            raise PermissionDenied("Only supplier admins and members can see competitions.")
        if account_permissions.needs_mfa_setup(request.user):
            return _mfa_first(request)
        return view(request, *args, **kwargs)

    return wrapper


def competition_page(view):
    """A competition the supplier's organisation is invited to, or 404."""

    @wraps(view)
    @supplier_page
    def wrapper(request, competition_id, *args, **kwargs):
        competition = or_404(
            lambda: selectors.competition_for_supplier(viewer=request.user, competition_id=competition_id)
        )
        return view(request, competition, *args, **kwargs)

    return wrapper


def _raise_if_not_allowed(error: DomainError) -> None:
    if isinstance(error, NotAllowed):
        refuse(error)


# What the pages share.


def _questions(competition) -> list:
    """The criteria suppliers answer (every one but price), in order, from the prefetched criteria."""
    return [criterion for criterion in competition.criteria.all() if criterion.kind != CriterionKind.PRICE]


def _blocked(competition, bid, organisation) -> str:
    """Why the bid cannot be changed now, in the services' words; empty if it can.

    The services decide again, by the database clock, when something is saved: this only decides what to show.
    """
    if competition.status == CompetitionStatus.CANCELLED:
        return "This competition has been cancelled, so bids can no longer be submitted or changed"
    if not competition.is_open():
        return (
            f"The deadline for bids passed at {uk_time(competition.submission_deadline)}. "
            "Bids can no longer be submitted or changed"
        )
    if bid is not None and bid.status == BidStatus.SET_ASIDE:
        return f"This bid was set aside: {bid.set_aside_reason}"
    if not is_admitted(organisation, competition.category):
        return f"Your organisation is not admitted to {competition.category.name} now, so it cannot bid"
    return ""


def _own(request, competition):
    """The organisation's own bid, decrypted for it, and why it cannot be changed now (if it cannot)."""
    own = selectors.own_bid(viewer=request.user, competition=competition)
    return own, _blocked(competition, own.bid, request.membership.organisation)


def _edit_version(own):
    return own.bid.edit_version if own.bid is not None else None


def _check_not_started_elsewhere(form, own) -> None:
    """A page shown before the bid existed carries no edit version; if a colleague has started it since, say so."""
    if form.expected_edit_version is None and own.bid is not None:
        raise DomainError(CHANGED_BY_COLLEAGUE, code="edit_conflict")


def _bid_url(competition, name="bid", *args) -> str:
    return reverse(f"suppliers:{name}", args=[competition.pk, *args])


def _from_check(request) -> bool:
    return request.GET.get("from") == "check"


def _return_url(request, competition) -> str:
    return _bid_url(competition, "bid_submit" if _from_check(request) else "bid")


def _closed_redirect(competition):
    # The bid page's own banner says why; a flash message as well would say it twice.
    return redirect(_bid_url(competition))


def _saved_for_later(request, competition):
    messages.success(
        request,
        f"Your changes to your bid for ‘{competition.title}’ have been saved. They are not submitted yet: "
        "come back to the bid before the deadline to check and submit it.",
    )
    return redirect("suppliers:competition", competition.pk)


BID_STATUS = {
    None: ("Not started", "govuk-tag--grey"),
    BidStatus.DRAFT: ("Draft, not submitted", "govuk-tag--blue"),
    BidStatus.SUBMITTED: ("Submitted", "govuk-tag--green"),
    BidStatus.WITHDRAWN: ("Withdrawn", "govuk-tag--grey"),
    BidStatus.SET_ASIDE: ("Set aside", "govuk-tag--red"),
}


def bid_status(bid) -> tuple[str, str]:
    """(label, tag class) of the organisation's own bid."""
    if bid is not None and bid.status == BidStatus.SUBMITTED and bid.needs_confirmation_since:
        return "Submitted: confirm or revise", "govuk-tag--orange"
    return BID_STATUS[bid.status if bid is not None else None]


# Invitations.


@supplier_page
def competitions(request):
    """The competitions the organisation is invited to, with where its own bid stands. Fixed queries."""
    paginator = Paginator(selectors.invitations_for_supplier(viewer=request.user), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = []
    for invitation in page.object_list:
        competition = invitation.competition
        bid = competition.own_bids[0] if competition.own_bids else None
        label, tag = bid_status(bid)
        status_label, status_tag = public_status(competition)
        rows.append({
            "competition": competition, "bid": bid, "bid_label": label, "bid_tag": tag,
            "status_label": status_label, "status_tag": status_tag, "budget": budget_range(competition),
        })
    return render(
        request,
        "suppliers/competitions/list.html",
        {
            "organisation": request.membership.organisation,
            "rows": rows,
            "count": paginator.count,
            "page": page,
            "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)),
            "ellipsis": Paginator.ELLIPSIS,
        },
    )


@supplier_page
def email_settings(request):
    organisation = request.membership.organisation
    preference = getattr(organisation, "competition_notifications", None)
    current = preference.frequency if preference is not None else EmailFrequency.IMMEDIATE
    form = EmailSettingsForm(_data(request), initial={"frequency": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.notification_preference_set(actor=request.user, frequency=form.cleaned_data["frequency"])
        except DomainError as error:
            _raise_if_not_allowed(error)
            apply_domain_error(form, error)
        else:
            if form.cleaned_data["frequency"] == EmailFrequency.DAILY:
                messages.success(request, f"{organisation.name} will get one summary email a day about competitions.")
            else:
                messages.success(request, f"{organisation.name} will get each email about competitions straight away.")
            return redirect("suppliers:competitions")
    return render(
        request,
        "suppliers/competitions/email_settings.html",
        {
            "organisation": organisation,
            "form": form,
            "error_links": form.error_links() if form.is_bound else [],
        },
    )


# The competition, its documents and its versions.


@competition_page
def competition(request, competition):
    own, blocked = _own(request, competition)
    history = list(selectors.versions(competition))
    label, tag = bid_status(own.bid)
    status_label, status_tag = public_status(competition)
    return render(
        request,
        "suppliers/competitions/competition.html",
        {
            "competition": competition,
            "document_url_name": "suppliers:competition_document",
            "budget": budget_range(competition),
            "status_label": status_label,
            "status_tag": status_tag,
            "own": own,
            "bid": own.bid,
            "bid_label": label,
            "bid_tag": tag,
            "blocked": blocked,
            "is_open": competition.is_open(),
            "clarifications": list(selectors.clarifications_for_supplier(viewer=request.user, competition=competition)),
            "clarifications_open": competition.clarifications_open(),
            "amendments": [version for version in history if version.is_amendment],
            "published_version": history[0] if history else None,
            **_award_context(request, competition),
        },
    )


def _award_context(request, competition) -> dict:
    """The organisation's assessment summary for this competition, and the buyer's unanswered questions about its
    price while answers can still be taken (two queries)."""
    summary = (
        selectors_evaluation.summaries_for_supplier(viewer=request.user).filter(award__competition=competition).first()
    )
    questions = []
    if competition.status == CompetitionStatus.EVALUATING:
        questions = list(
            selectors_evaluation.price_explanation_requests_for_supplier(viewer=request.user, competition=competition)
            .filter(answered_at__isnull=True)
        )
    return {"assessment_summary": summary, "price_questions": questions}


def _download_name(title: str, fallback: str) -> str:
    stem = slugify(title)[:80].strip("-") or slugify(fallback.rsplit(".", 1)[0])[:80]
    return f"{stem or 'document'}.pdf"


def _private(response):
    """A download only this organisation may read: never kept by a shared cache, never sniffed."""
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


@supplier_page
def competition_document(request, competition_id, document_id):
    document = or_404(
        lambda: selectors.document_for_supplier(
            viewer=request.user, competition_id=competition_id, document_id=document_id
        )
    )
    try:
        handle = document.file.storage.open(document.file.name, "rb")
    except FileNotFoundError:
        raise Http404("No such document") from None
    return _private(
        FileResponse(handle, as_attachment=True, filename=_download_name(document.title, document.original_name),
                     content_type="application/pdf")
    )


@competition_page
def competition_version(request, competition, number):
    history = list(selectors.versions(competition))
    this = next((version for version in history if version.number == number), None)
    if this is None:
        raise Http404("No such version")
    previous = next((version for version in history if version.number == number - 1), None)
    return render(
        request,
        "suppliers/competitions/version.html",
        {
            "competition": competition,
            "version": this,
            "previous": previous,
            "rows": versions.changes(previous.snapshot, this.snapshot) if previous is not None else [],
        },
    )


# Clarification questions.


@competition_page
def clarification_ask(request, competition):
    competition_url = reverse("suppliers:competition", args=[competition.pk])
    if request.method == "GET" and not competition.clarifications_open():
        messages.info(request, "The deadline for clarification questions has passed.")
        return redirect(competition_url)
    form = ClarificationForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.clarification_ask(
                actor=request.user, competition=competition, question=form.cleaned_data["question"]
            )
        except DomainError as error:
            _raise_if_not_allowed(error)
            apply_domain_error(form, error)
        else:
            messages.success(
                request,
                "Your question has been sent to the buyer. Their answer will be published to every invited supplier, "
                "without your organisation’s name.",
            )
            return redirect(f"{competition_url}#clarifications")
    return render(
        request,
        "suppliers/competitions/clarification_ask.html",
        {
            "competition": competition,
            "form": form,
            "error_links": form.error_links() if form.is_bound else [],
            "back_url": competition_url,
        },
    )


# Writing the bid: a task list, one page per question, the price, attachments, then check and submit.

NOT_STARTED, IN_PROGRESS, COMPLETED, OVER_LIMIT, CANNOT_START, SUBMITTED, READY = (
    "not_started", "in_progress", "completed", "over_limit", "cannot_start", "submitted", "ready",
)


def _answer_status(criterion, content) -> str:
    text = content["answers"].get(str(criterion.pk), "")
    if not text.strip():
        return NOT_STARTED
    if criterion.word_limit and words(text) > criterion.word_limit:
        return OVER_LIMIT
    return COMPLETED


def _tasks(competition, own, problems, blocked: str) -> list[dict]:
    """The task list's groups. While the bid cannot be changed, the rows say where it stands but do not link."""
    content = own.content

    def link(name, *args):
        return None if blocked else _bid_url(competition, name, *args)

    questions = []
    for criterion in _questions(competition):
        hint = f"{criterion.weighting}% of the score"
        if criterion.word_limit:
            hint += f". Up to {criterion.word_limit:,} words"
        questions.append({
            "key": f"answer-{criterion.pk}", "name": criterion.name, "hint": hint,
            "status": _answer_status(criterion, content), "url": link("bid_answer", criterion.pk),
        })
    price_problem = any(problem.field in ("price", "breakdown") for problem in problems)
    if content.get("price_pence") is None and not content.get("price_breakdown"):
        price_state = NOT_STARTED
    else:
        price_state = IN_PROGRESS if price_problem else COMPLETED
    count = len(content.get("attachments") or [])
    attachments_hint = f"{count} attached. Optional" if count else "Optional"
    if problems:
        check = {"status": CANNOT_START, "hint": "Complete the sections above first", "url": None}
    elif own.bid is not None and own.bid.status == BidStatus.SUBMITTED and not own.has_unsubmitted_changes:
        check = {"status": SUBMITTED, "hint": f"Revision {own.bid.revision} counts", "url": link("bid_submit")}
    else:
        check = {"status": READY, "hint": "", "url": link("bid_submit")}
    return [
        {"heading": "Answer the questions", "tasks": questions},
        {
            "heading": "Price and attachments",
            "tasks": [
                {"key": "price", "name": "Price", "hint": "Your total price and how it breaks down",
                 "status": price_state, "url": link("bid_price")},
                {"key": "attachments", "name": "Attachments", "hint": attachments_hint,
                 "status": COMPLETED if count else NOT_STARTED, "url": link("bid_attachments")},
            ],
        },
        {"heading": "Submit your bid", "tasks": [{"key": "check", "name": "Check and submit", **check}]},
    ]


@competition_page
def bid(request, competition):
    own, blocked = _own(request, competition)
    problems = services.problems_before_submission(competition, own.content)
    label, tag = bid_status(own.bid)
    return render(
        request,
        "suppliers/competitions/bid.html",
        {
            "competition": competition,
            "own": own,
            "bid": own.bid,
            "bid_label": label,
            "bid_tag": tag,
            "blocked": blocked,
            "groups": _tasks(competition, own, problems, blocked),
            "problems": problems,
        },
    )


def _page(request, competition, template, form, **context):
    return render(
        request,
        template,
        {
            "competition": competition,
            "form": form,
            "error_links": form.error_links() if form.is_bound else [],
            "back_url": _return_url(request, competition),
            "bid_url": _bid_url(competition),
            **context,
        },
    )


@competition_page
def bid_answer(request, competition, criterion_id):
    criterion = next((c for c in _questions(competition) if c.pk == criterion_id), None)
    if criterion is None:
        raise Http404("No such question")
    own, blocked = _own(request, competition)
    if blocked and request.method == "GET":
        return _closed_redirect(competition)
    name = "answer"
    initial = {name: own.content["answers"].get(str(criterion.pk), ""), "edit_version": _edit_version(own)}
    form = BidAnswerForm(_data(request), finishing=_finishing(request), criterion=criterion, initial=initial)
    unsaved = None
    if request.method == "POST" and form.is_valid():
        try:
            _check_not_started_elsewhere(form, own)
            services.bid_save_answers(
                actor=request.user, competition=competition, expected_edit_version=form.expected_edit_version,
                answers={str(criterion.pk): form.answer},
            )
        except DomainError as error:
            _raise_if_not_allowed(error)
            if error.code == "edit_conflict":
                # Show the answer as it is now, with what was typed beside it so nothing is lost.
                unsaved = form.answer
                own = selectors.own_bid(viewer=request.user, competition=competition)
                form = BidAnswerForm(
                    {name: own.content["answers"].get(str(criterion.pk), ""), "edit_version": _edit_version(own)},
                    finishing=False, criterion=criterion,
                )
                form.is_valid()
            form.show_domain_error(error)
        else:
            if not _finishing(request):
                return _saved_for_later(request, competition)
            messages.success(request, f"Your answer to {criterion.name} has been saved.")
            return redirect(_return_url(request, competition))
    return _page(
        request, competition, "suppliers/competitions/bid_answer.html", form,
        title=criterion.name, criterion=criterion, unsaved=unsaved,
    )


def _lines(wanted: int, existing: int) -> int:
    """How many breakdown lines to show: as many as wanted, at least a few, never fewer than are already used."""
    return max(existing, min(max(MIN_LINES, wanted), max(MAX_LINES, existing)))


@competition_page
def bid_price(request, competition):
    own, blocked = _own(request, competition)
    if blocked and request.method == "GET":
        return _closed_redirect(competition)
    existing = len(own.content.get("price_breakdown") or [])
    initial = price_initial(own.content, _edit_version(own))
    limit = max(MAX_LINES, existing)
    if request.method == "POST":
        posted = request.POST.get("rows", "")
        lines = _lines(int(posted) if posted.isdigit() else existing + 1, existing)
        if request.POST.get("action") == "add_line":
            # Show one more line, keeping everything typed; nothing is saved or checked yet.
            kept = {key: request.POST.get(key, "") for key in BidPriceForm(lines=lines).fields}
            lines = min(lines + 1, limit)
            form = BidPriceForm(lines=lines, initial={**kept, "rows": lines})
            return _page(request, competition, "suppliers/competitions/bid_price.html", form,
                         title="Price", lines=form.line_fields(), can_add=lines < limit)
    else:
        lines = _lines(existing + 1, existing)
    form = BidPriceForm(_data(request), finishing=_finishing(request), lines=lines, initial={**initial, "rows": lines})
    unsaved = False
    if request.method == "POST" and form.is_valid():
        try:
            _check_not_started_elsewhere(form, own)
            services.bid_save_price(
                actor=request.user, competition=competition, expected_edit_version=form.expected_edit_version,
                price_pence=form.cleaned_data["price"], breakdown=form.cleaned_data["breakdown"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            _raise_if_not_allowed(error)
            if error.code == "edit_conflict":
                unsaved = True
                own = selectors.own_bid(viewer=request.user, competition=competition)
                existing = len(own.content.get("price_breakdown") or [])
                lines = _lines(existing + 1, existing)
                form = BidPriceForm(
                    {**price_initial(own.content, _edit_version(own)), "rows": lines}, finishing=False, lines=lines
                )
                form.is_valid()
            form.show_domain_error(error)
        else:
            if not _finishing(request):
                return _saved_for_later(request, competition)
            messages.success(request, "Your price has been saved.")
            return redirect(_return_url(request, competition))
    return _page(request, competition, "suppliers/competitions/bid_price.html", form,
                 title="Price", lines=form.line_fields(), can_add=lines < limit, unsaved=unsaved)


def _max_megabytes() -> int:
    return settings.SPARK_MAX_UPLOAD_BYTES // (1024 * 1024)


@competition_page
def bid_attachments(request, competition):
    own, blocked = _own(request, competition)
    if blocked and request.method == "GET":
        return _closed_redirect(competition)
    attachments = own.content.get("attachments") or []
    form = BidAttachmentForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial={"edit_version": _edit_version(own)},
        max_megabytes=_max_megabytes(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            _check_not_started_elsewhere(form, own)
            services.bid_attachment_add(
                actor=request.user, competition=competition, expected_edit_version=form.expected_edit_version,
                uploaded=form.cleaned_data["file"],
            )
        except DomainError as error:
            _raise_if_not_allowed(error)
            form.show_domain_error(error)
        else:
            messages.success(request, f"‘{form.cleaned_data['file'].name}’ has been attached to your bid.")
            back = _bid_url(competition, "bid_attachments")
            return redirect(f"{back}?from=check" if _from_check(request) else back)
    rows = [
        {
            "attachment": attachment,
            "size": file_size(attachment.get("size") or 0),
            "download_url": _bid_url(competition, "bid_attachment", attachment["id"]),
            "remove_url": _bid_url(competition, "bid_attachment_remove", attachment["id"]),
        }
        for attachment in attachments
    ]
    return _page(
        request, competition, "suppliers/competitions/bid_attachments.html", form,
        title="Attachments", rows=rows, full=len(attachments) >= MAX_ATTACHMENTS, max_attachments=MAX_ATTACHMENTS,
        edit_version=_edit_version(own), continue_url=_return_url(request, competition),
    )


@competition_page
def bid_attachment(request, competition, attachment_id):
    name, data = or_404(
        lambda: selectors.own_attachment(viewer=request.user, competition=competition, attachment_id=attachment_id)
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=_download_name(name.rsplit(".", 1)[0], "attachment")
    )
    return _private(response)


@competition_page
def bid_attachment_remove(request, competition, attachment_id):
    own, blocked = _own(request, competition)
    attachment = next((a for a in own.content.get("attachments") or [] if a["id"] == attachment_id), None)
    if attachment is None:
        raise Http404("No such attachment")
    list_url = _bid_url(competition, "bid_attachments")
    if blocked and request.method == "GET":
        return _closed_redirect(competition)
    form = EditVersionForm(_data(request), initial={"edit_version": _edit_version(own)})
    if request.method == "POST" and form.is_valid():
        try:
            services.bid_attachment_remove(
                actor=request.user, competition=competition, expected_edit_version=form.expected_edit_version,
                attachment_id=attachment_id,
            )
        except DomainError as error:
            _raise_if_not_allowed(error)
            messages.error(request, error.message)
        else:
            messages.success(request, f"‘{attachment['name']}’ has been removed from your bid.")
        return redirect(list_url)
    return _page(
        request, competition, "suppliers/competitions/bid_attachment_remove.html", form,
        attachment=attachment, list_url=list_url, edit_version=_edit_version(own),
    )


# Check and submit.


def _problem_link(competition, field: str | None) -> str:
    """Where a problem the core reports is fixed: the page and the input on it."""
    field = field or ""
    if field.startswith("answer_") and field.removeprefix("answer_").isdigit():
        return f"{_bid_url(competition, 'bid_answer', int(field.removeprefix('answer_')))}?from=check#id_answer"
    if field == "price":
        return f"{_bid_url(competition, 'bid_price')}?from=check#id_price"
    if field == "breakdown" or field.startswith(("item_", "cost_")):
        return f"{_bid_url(competition, 'bid_price')}?from=check#breakdown"
    if field == "file":
        return f"{_bid_url(competition, 'bid_attachments')}?from=check#id_file"
    return _bid_url(competition)


def _answers(competition, content) -> list[dict]:
    rows = []
    for criterion in _questions(competition):
        text = content["answers"].get(str(criterion.pk), "")
        rows.append({
            "criterion": criterion, "text": text, "words": words(text),
            "over": bool(criterion.word_limit and words(text) > criterion.word_limit),
            "url": f"{_bid_url(competition, 'bid_answer', criterion.pk)}?from=check",
        })
    return rows


@competition_page
def bid_submit(request, competition):
    own, blocked = _own(request, competition)
    submitted = request.GET.get("submitted", "")
    if request.method == "GET" and submitted:
        return _submitted(request, competition, own, submitted)
    form = EditVersionForm(_data(request), initial={"edit_version": _edit_version(own)})
    error_links = []
    if request.method == "POST" and form.is_valid():
        try:
            revision = services.bid_submit(
                actor=request.user, competition=competition, expected_edit_version=form.expected_edit_version
            )
        except DomainError as error:
            _raise_if_not_allowed(error)
            error_links = [(_problem_link(competition, error.field) if error.field else "#main-content", error.message)]
            # The page shows the bid as it is now (a colleague's change included), with its current edit version.
            own, blocked = _own(request, competition)
            form = EditVersionForm(initial={"edit_version": _edit_version(own)})
        else:
            return redirect(f"{_bid_url(competition, 'bid_submit')}?{urlencode({'submitted': revision.number})}")
    elif form.is_bound:
        error_links = form.error_links()
    # Once the bid can no longer change, the page shows what was submitted (if anything) rather than the draft.
    showing_submitted = bool(blocked) and own.submitted is not None
    content = own.submitted if showing_submitted else own.content
    problems = [] if blocked else services.problems_before_submission(competition, content)
    return render(
        request,
        "suppliers/competitions/bid_submit.html",
        {
            "competition": competition,
            "own": own,
            "bid": own.bid,
            "form": form,
            "edit_version": _edit_version(own),
            "blocked": blocked,
            "error_links": error_links,
            "has_errors": bool(error_links),
            "problems": [(_problem_link(competition, p.field), p.message) for p in problems],
            "answers": _answers(competition, content),
            "content": content,
            "showing_submitted": showing_submitted,
            "attachments": [
                {**attachment, "size_text": file_size(attachment.get("size") or 0),
                 "download_url": _bid_url(competition, "bid_attachment", attachment["id"])}
                for attachment in content.get("attachments") or []
            ],
            "revising": own.bid is not None and own.bid.status == BidStatus.SUBMITTED,
            "bid_url": _bid_url(competition),
        },
    )


def _submitted(request, competition, own, number: str):
    """The confirmation after a submission: the receipt of the revision that was just stored."""
    revision = own.last_revision
    if own.bid is None or revision is None or str(revision.number) != number or own.bid.status != BidStatus.SUBMITTED:
        return redirect(_bid_url(competition))
    return render(
        request,
        "suppliers/competitions/bid_submitted.html",
        {"competition": competition, "bid": own.bid, "revision": revision, "revised": revision.number > 1},
    )


@competition_page
def bid_withdraw(request, competition):
    own, blocked = _own(request, competition)
    competition_url = reverse("suppliers:competition", args=[competition.pk])
    if request.method == "GET" and blocked:
        return _closed_redirect(competition)
    if request.method == "GET" and (own.bid is None or own.bid.status != BidStatus.SUBMITTED):
        messages.info(request, "Only a submitted bid can be withdrawn.")
        return redirect(competition_url)
    form = EditVersionForm(_data(request), initial={"edit_version": _edit_version(own)})
    error_links = []
    if request.method == "POST" and form.is_valid():
        try:
            services.bid_withdraw(
                actor=request.user, competition=competition, expected_edit_version=form.expected_edit_version
            )
        except DomainError as error:
            _raise_if_not_allowed(error)
            error_links = [("#main-content", error.message)]
            own, blocked = _own(request, competition)
            form = EditVersionForm(initial={"edit_version": _edit_version(own)})
        else:
            messages.success(
                request,
                f"Your bid for ‘{competition.title}’ has been withdrawn. It will not be evaluated. You can submit it "
                f"again before the deadline, {uk_time(competition.submission_deadline)}.",
            )
            return redirect(competition_url)
    elif form.is_bound:
        error_links = form.error_links()
    return render(
        request,
        "suppliers/competitions/bid_withdraw.html",
        {
            "competition": competition,
            "bid": own.bid,
            "edit_version": _edit_version(own),
            "error_links": error_links,
            "has_errors": bool(error_links),
            "back_url": competition_url,
        },
    )


@require_POST
@competition_page
def bid_confirm(request, competition):
    try:
        bid = services.bid_confirm(actor=request.user, competition=competition)
    except DomainError as error:
        _raise_if_not_allowed(error)
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"You have confirmed that your bid (revision {bid.revision}) stands for version {bid.confirmed_version} "
            "of the competition.",
        )
    return redirect("suppliers:competition", competition.pk)
