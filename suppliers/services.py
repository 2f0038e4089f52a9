"""Every write about solution listings: drafting, submitting for moderation, publishing, returning, archiving."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from marketplace.accounts.models import Membership, Role
from marketplace.admission import selectors as admission
from marketplace.audit.services import audit_record
from marketplace.errors import DomainError, NotAllowed
from marketplace.notifications import send_email
from marketplace.sanitise import plain_paragraphs
from marketplace.search_updates import SOLUTION, queue_search_update
from marketplace.uploads import check_pdf

from . import permissions
from .models import (
    EDITABLE,
    MAX_CASE_STUDIES,
    REVISION_TRANSITIONS,
    SOLUTION_TRANSITIONS,
    WORKING,
    RevisionStatus,
    Solution,
    SolutionContent,
    SolutionDocument,
    SolutionRevision,
    SolutionStatus,
)

MAX_DOCUMENTS = 5


def _personal(user) -> dict:
    return {"email": user.email, "name": user.get_full_name()}


def _copy_content(source, target) -> None:
    for field in SolutionContent.CONTENT_FIELDS:
        setattr(target, field, getattr(source, field))


def _copy_relations(source, target) -> None:
    for relation in SolutionContent.CONTENT_RELATIONS:
        getattr(target, relation).set(getattr(source, relation).all())


def _lock_revision(revision: SolutionRevision) -> SolutionRevision:
    return (
        SolutionRevision.objects.select_for_update()
        .select_related("solution", "solution__organisation")
        .get(pk=revision.pk)
    )


def _editable(actor, revision: SolutionRevision) -> SolutionRevision:
    revision = _lock_revision(revision)
    if not permissions.can_edit_solutions(actor, revision.solution.organisation):
        raise NotAllowed("Only members of the supplier can change its listings.")
    if revision.status not in EDITABLE:
        raise DomainError("This version has been sent for review and can no longer be changed")
    if revision.solution.status == SolutionStatus.ARCHIVED:
        raise DomainError("This listing is archived")
    return revision


def _admins_and_author(revision: SolutionRevision) -> list[str]:
    emails = set(
        Membership.objects.filter(organisation=revision.solution.organisation, role=Role.ADMIN).values_list(
            "user__email", flat=True
        )
    )
    emails.add(revision.created_by.email)
    return sorted(emails)


@transaction.atomic
def solution_create(*, actor, organisation, title: str, summary: str = "") -> SolutionRevision:
    """Start a listing: a draft solution with its first revision, which the supplier then completes."""
    if not permissions.can_edit_solutions(actor, organisation):
        raise NotAllowed("Only members of a supplier can list its solutions.")
    if not title.strip():
        raise DomainError("Enter the solution’s name", field="title")
    solution = Solution.objects.create(organisation=organisation, created_by=actor)
    revision = SolutionRevision.objects.create(
        solution=solution, number=1, created_by=actor, title=title.strip(), summary=summary.strip()
    )
    audit_record(stream=solution.audit_stream, verb="solution.created", actor=actor, target=solution,
                 data={"title": revision.title}, personal=_personal(actor))
    return revision


def validate_prices(price_min_pence, price_max_pence) -> None:
    if price_min_pence is not None and price_max_pence is not None and price_min_pence > price_max_pence:
        raise DomainError("The lowest price must be less than or equal to the highest price", field="price_min")


def validate_case_studies(case_studies) -> list[dict]:
    case_studies = list(case_studies or [])
    if len(case_studies) > MAX_CASE_STUDIES:
        raise DomainError(f"Add up to {MAX_CASE_STUDIES} case studies", field="case_studies")
    cleaned = []
    for study in case_studies:
        entry = {key: str(study.get(key, "")).strip() for key in ("client_sector", "problem", "outcome")}
        if any(entry.values()):
            cleaned.append(entry)
    return cleaned


@transaction.atomic
def revision_update(*, actor, revision: SolutionRevision, **changes) -> SolutionRevision:
    """Save some of a draft's content. `categories` must be ones the supplier is admitted to now.

    Accepts content fields and `categories`, `regions`, `standards` (iterables of model instances).
    The description is sanitised: scripts and anything but simple formatting are removed.
    """
    revision = _editable(actor, revision)
    unknown = set(changes) - set(SolutionContent.CONTENT_FIELDS) - set(SolutionContent.CONTENT_RELATIONS)
    if unknown:
        raise ValueError(f"Not listing content: {sorted(unknown)}")
    if "categories" in changes:
        categories = list(changes["categories"])
        admitted = set(admission.admitted_categories(revision.solution.organisation).values_list("pk", flat=True))
        refused = [category.name for category in categories if category.pk not in admitted]
        if refused:
            raise DomainError(
                f"You can only list solutions in categories you are admitted to. You are not admitted to "
                f"{', '.join(refused)}",
                field="categories",
            )
    price_min = changes.get("price_min_pence", revision.price_min_pence)
    price_max = changes.get("price_max_pence", revision.price_max_pence)
    validate_prices(price_min, price_max)
    if "case_studies" in changes:
        changes["case_studies"] = validate_case_studies(changes["case_studies"])
    if "description" in changes:
        changes["description"] = plain_paragraphs(changes["description"])
    for field in ("title", "summary"):
        if field in changes:
            changes[field] = (changes[field] or "").strip()
    for field, value in changes.items():
        if field in SolutionContent.CONTENT_FIELDS:
            setattr(revision, field, value)
    revision.updated_at = timezone.now()
    revision.save()
    for relation in SolutionContent.CONTENT_RELATIONS:
        if relation in changes:
            getattr(revision, relation).set(changes[relation])
    return revision


@transaction.atomic
def solution_edit(*, actor, solution: Solution) -> SolutionRevision:
    """The revision to work on: the one in progress, or a new copy of the live listing (which stays live)."""
    solution = Solution.objects.select_for_update().select_related("organisation").get(pk=solution.pk)
    if not permissions.can_edit_solutions(actor, solution.organisation):
        raise NotAllowed("Only members of the supplier can change its listings.")
    if solution.status == SolutionStatus.ARCHIVED:
        raise DomainError("This listing is archived and cannot be changed")
    working = solution.revisions.filter(status__in=WORKING).first()
    if working is not None:
        return working
    live = solution.live_revision
    revision = SolutionRevision(
        solution=solution, number=(solution.revisions.order_by("-number").values_list("number", flat=True).first() or 0)
        + 1, created_by=actor,
    )
    _copy_content(live or solution, revision)
    revision.save()
    if live is not None:
        _copy_relations(live, revision)
        for document in live.documents.all():
            SolutionDocument.objects.create(
                revision=revision, file=document.file.name, title=document.title, original_name=document.original_name,
                size=document.size, sha256=document.sha256, uploaded_by=document.uploaded_by,
            )
    return revision


def missing_for_submission(revision: SolutionRevision) -> list[tuple[str, str]]:
    """(field, message) for every answer a listing still needs before review."""
    missing = []
    if not revision.title:
        missing.append(("title", "Enter the solution’s name"))
    if not revision.summary:
        missing.append(("summary", "Enter a one-line summary"))
    if not revision.description:
        missing.append(("description", "Describe the solution"))
    if not revision.categories.exists():
        missing.append(("categories", "Select at least one category"))
    if revision.readiness_level is None:
        missing.append(("readiness_level", "Select the technology readiness level"))
    if not revision.pricing_model:
        missing.append(("pricing_model", "Select a pricing model"))
    if revision.price_min_pence is None or revision.price_max_pence is None:
        missing.append(("price_min", "Enter the price range"))
    if not revision.deployment:
        missing.append(("deployment", "Select how the solution is deployed"))
    if not revision.regions.exists():
        missing.append(("regions", "Select the regions you serve"))
    return missing


class IncompleteListing(DomainError):
    def __init__(self, missing: list[tuple[str, str]]):
        super().__init__("The listing is missing answers", code="incomplete")
        self.missing = missing


def _transition(revision: SolutionRevision, to: str) -> None:
    if to not in REVISION_TRANSITIONS[RevisionStatus(revision.status)]:
        raise DomainError(f"This version is {revision.get_status_display().lower()} and cannot be changed that way")


@transaction.atomic
def revision_submit(*, actor, revision: SolutionRevision) -> SolutionRevision:
    """Send a complete draft to the operators' moderation queue."""
    revision = _lock_revision(revision)
    if not permissions.can_edit_solutions(actor, revision.solution.organisation):
        raise NotAllowed("Only members of the supplier can submit its listings.")
    _transition(revision, RevisionStatus.IN_REVIEW)
    missing = missing_for_submission(revision)
    if missing:
        raise IncompleteListing(missing)
    admitted = set(admission.admitted_categories(revision.solution.organisation).values_list("pk", flat=True))
    lapsed = [category.name for category in revision.categories.all() if category.pk not in admitted]
    if lapsed:
        raise DomainError(
            f"You are no longer admitted to {', '.join(lapsed)}. Remove it from the listing", field="categories"
        )
    revision.status = RevisionStatus.IN_REVIEW
    revision.submitted_at = timezone.now()
    revision.submitted_by = actor
    revision.moderator_comments = ""
    revision.save(update_fields=["status", "submitted_at", "submitted_by", "moderator_comments"])
    solution = revision.solution
    if solution.status == SolutionStatus.DRAFT:
        solution.status = SolutionStatus.IN_REVIEW
        solution.save(update_fields=["status"])
    audit_record(
        stream=solution.audit_stream,
        verb="solution.submitted",
        actor=actor,
        target=solution,
        data={"revision": revision.number, "title": revision.title},
        personal=_personal(actor),
    )
    return revision


@transaction.atomic
def revision_publish(*, actor, revision: SolutionRevision) -> Solution:
    """An operator publishes a revision: its content becomes the live listing, the previous version is kept."""
    if not permissions.can_moderate_solutions(actor):
        raise NotAllowed("Only operators can publish listings.")
    revision = _lock_revision(revision)
    _transition(revision, RevisionStatus.PUBLISHED)
    solution = Solution.objects.select_for_update().get(pk=revision.solution_id)
    if solution.status == SolutionStatus.ARCHIVED:
        raise DomainError("This listing is archived")
    now = timezone.now()
    previous = solution.live_revision
    if previous is not None:
        SolutionRevision.objects.filter(pk=previous.pk).update(status=RevisionStatus.SUPERSEDED)
    _copy_content(revision, solution)
    _copy_relations(revision, solution)
    solution.live_revision = revision
    solution.status = SolutionStatus.PUBLISHED
    solution.published_at = now
    solution.first_published_at = solution.first_published_at or now
    solution.save()
    revision.status = RevisionStatus.PUBLISHED
    revision.decided_at = now
    revision.decided_by = actor
    revision.save(update_fields=["status", "decided_at", "decided_by"])
    audit_record(
        stream=solution.audit_stream,
        verb="solution.published",
        actor=actor,
        target=solution,
        data={"revision": revision.number, "title": solution.title, "replaces": previous.number if previous else None},
        personal=_personal(actor),
    )
    queue_search_update(kind=SOLUTION, object_ids=[solution.pk])
    send_email(
        to=_admins_and_author(revision),
        template="suppliers/email/published",
        context={"solution": solution, "revision": revision},
    )
    return solution


@transaction.atomic
def revision_return(*, actor, revision: SolutionRevision, comments: str) -> SolutionRevision:
    """An operator returns a revision with comments; a live listing stays as it was."""
    if not permissions.can_moderate_solutions(actor):
        raise NotAllowed("Only operators can return listings.")
    if not comments.strip():
        raise DomainError("Enter comments for the supplier", field="comments")
    revision = _lock_revision(revision)
    _transition(revision, RevisionStatus.RETURNED)
    revision.status = RevisionStatus.RETURNED
    revision.decided_at = timezone.now()
    revision.decided_by = actor
    revision.moderator_comments = comments.strip()
    revision.save(update_fields=["status", "decided_at", "decided_by", "moderator_comments"])
    solution = revision.solution
    if solution.status == SolutionStatus.IN_REVIEW:
        solution.status = SolutionStatus.DRAFT
        solution.save(update_fields=["status"])
    audit_record(
        stream=solution.audit_stream,
        verb="solution.returned",
        actor=actor,
        target=solution,
        data={"revision": revision.number, "comments": revision.moderator_comments},
        personal=_personal(actor),
    )
    send_email(
        to=_admins_and_author(revision),
        template="suppliers/email/returned",
        context={"solution": solution, "revision": revision},
    )
    return revision


@transaction.atomic
def solution_archive(*, actor, solution: Solution) -> Solution:
    """Take a listing out of the catalogue for good (the supplier, or an operator)."""
    solution = Solution.objects.select_for_update().select_related("organisation").get(pk=solution.pk)
    if not permissions.can_edit_solutions(actor, solution.organisation):
        if not permissions.can_moderate_solutions(actor):
            raise NotAllowed("Only the supplier or an operator can archive a listing.")
        if solution.first_published_at is None:
            raise NotAllowed("Operators archive published listings only; a draft is the supplier's.")
    if SolutionStatus.ARCHIVED not in SOLUTION_TRANSITIONS[SolutionStatus(solution.status)]:
        raise DomainError("This listing is already archived")
    solution.status = SolutionStatus.ARCHIVED
    solution.archived_at = timezone.now()
    solution.save(update_fields=["status", "archived_at"])
    solution.revisions.filter(status__in=WORKING).update(status=RevisionStatus.WITHDRAWN)
    audit_record(
        stream=solution.audit_stream,
        verb="solution.archived",
        actor=actor,
        target=solution,
        data={"title": solution.title},
        personal=_personal(actor),
    )
    queue_search_update(kind=SOLUTION, object_ids=[solution.pk])
    return solution


@transaction.atomic
def document_add(*, actor, revision: SolutionRevision, uploaded, title: str) -> SolutionDocument:
    """Attach a PDF, checked by content (see marketplace.uploads), to a draft revision."""
    revision = _editable(actor, revision)
    if revision.documents.count() >= MAX_DOCUMENTS:
        raise DomainError(f"A listing can have up to {MAX_DOCUMENTS} documents", field="file")
    if not title.strip():
        raise DomainError("Enter a title for the document", field="title")
    checked = check_pdf(uploaded)
    document = SolutionDocument(
        revision=revision, title=title.strip(), original_name=getattr(uploaded, "name", "document.pdf")[:255],
        size=len(checked.content), sha256=checked.sha256, uploaded_by=actor,
    )
    document.file.save(f"{checked.sha256}.pdf", ContentFile(checked.content), save=False)
    document.save()
    return document


@transaction.atomic
def document_remove(*, actor, document: SolutionDocument) -> None:
    revision = _editable(actor, document.revision)
    # The stored file may be shared with the live version, so only the row goes.
    SolutionDocument.objects.filter(pk=document.pk, revision=revision).delete()
