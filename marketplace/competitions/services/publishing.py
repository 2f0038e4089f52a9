"""Publishing (rules 4 and 5), inviting, amending, cancelling, and the time-driven close stamp."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from marketplace.accounts.models import Organisation
from marketplace.admission.selectors import admitted_suppliers, is_admitted
from marketplace.audit.services import audit_record
from marketplace.errors import DomainError, NotAllowed
from marketplace.notifications import send_email
from marketplace.opendata import services as opendata

from .. import permissions, sealing
from ..models import (
    COMPETITION_TRANSITIONS,
    Bid,
    BidStatus,
    Competition,
    CompetitionStatus,
    CompetitionVersion,
    ConflictsAssessment,
    CriterionKind,
    DigestItem,
    EmailFrequency,
    Invitation,
    NotificationPreference,
    open_q,
)
from ..timing import uk_time
from ..versions import changes, snapshot
from .building import CriterionInput, _check_timeline, add_document, check_criteria, minimum_deadline
from .common import database_now, lock, member_emails, notify_suppliers, personal, require_manage


@dataclass(frozen=True)
class Missing:
    section: str
    message: str


def missing_for_publication(competition: Competition, now=None) -> list[Missing]:
    """Everything that stops the competition being published now, by builder section, in plain words."""
    now = now or timezone.now()
    missing = []
    if not competition.summary.strip():
        missing.append(Missing("problem", "Enter a short summary for the list of opportunities"))
    if not competition.problem.strip():
        missing.append(Missing("problem", "Describe the problem to solve"))
    if not competition.outcomes.exists():
        missing.append(Missing("outcomes", "Enter at least one outcome with its success measure"))
    if competition.budget_min_pence is None or competition.budget_max_pence is None:
        missing.append(Missing("budget", "Enter the budget range"))
    if competition.contract_months is None or competition.expected_start is None:
        missing.append(Missing("budget", "Enter the contract length and expected start"))
    if not competition.location.strip() and not competition.regions.exists():
        missing.append(Missing("location", "Enter the location or select the regions"))
    criteria = [
        CriterionInput(
            kind=c.kind, name=c.name, weighting=c.weighting, question=c.question, word_limit=c.word_limit
        )
        for c in competition.criteria.all()
    ]
    try:
        check_criteria(criteria)
    except DomainError as error:
        missing.append(Missing("criteria", error.message))
    try:
        _check_timeline(
            competition.clarification_deadline, competition.submission_deadline, competition.expected_award_date,
            now=now,
        )
    except DomainError as error:
        missing.append(Missing("timeline", error.message))
    if not competition.category.active:
        missing.append(Missing("problem", f"{competition.category.name} is not taking new competitions"))
    if not ConflictsAssessment.objects.filter(competition=competition).exists():
        missing.append(Missing("conflicts", "Record the conflicts assessment"))
    return missing


def _invite(competition, organisations, *, late: bool, actor=None) -> list[Invitation]:
    existing = set(Invitation.objects.filter(competition=competition).values_list("supplier_id", flat=True))
    new = [organisation for organisation in organisations if organisation.pk not in existing]
    invitations = Invitation.objects.bulk_create(
        [Invitation(competition=competition, supplier=organisation, late=late) for organisation in new]
    )
    for organisation in new:
        audit_record(
            stream=competition.audit_stream,
            verb="competition.invited",
            actor=actor,
            target=competition,
            data={"supplier_id": organisation.pk, "late": late},
        )
    notify_suppliers(
        competition=competition,
        organisations=new,
        template="competitions/email/invited",
        context={"deadline": uk_time(competition.submission_deadline)},
        digest_text=f"You are invited to bid: {competition.title} (deadline {uk_time(competition.submission_deadline)})",
    )
    return invitations


@transaction.atomic
def competition_publish(*, actor, competition: Competition) -> Competition:
    """Validate, version and publish the tender notice, and invite every supplier admitted to the category now."""
    competition = lock(competition)
    if not permissions.can_publish(actor, competition):
        if permissions.can_manage(actor, competition) and not competition.buyer.is_verified:
            raise DomainError(
                "Your organisation must be verified by the marketplace team before it can publish competitions",
                code="unverified",
            )
        raise NotAllowed("Only the competition’s owner or a buyer admin can publish it.")
    if CompetitionStatus.PUBLISHED not in COMPETITION_TRANSITIONS[CompetitionStatus(competition.status)]:
        raise DomainError("This competition has already been published or cancelled")
    now = database_now()
    missing = missing_for_publication(competition, now)
    if missing:
        raise DomainError(missing[0].message, field=missing[0].section, code="incomplete")
    competition.status = CompetitionStatus.PUBLISHED
    competition.published_at = now
    competition.published_by = actor
    competition.version = 1
    competition.reference = f"SPK-{now:%Y}-{competition.pk:06d}"
    competition.wrapped_key, competition.master_key_id = sealing.new_wrapped_key(competition.pk)
    competition.updated_at = now
    competition.save()
    CompetitionVersion.objects.create(competition=competition, number=1, snapshot=snapshot(competition), created_by=actor)
    # Rule 11: the tender notice, from the same data as the tender release.
    opendata.tender_release_publish(competition=competition)
    suppliers = list(admitted_suppliers(competition.category))
    audit_record(
        stream=competition.audit_stream,
        verb="competition.published",
        actor=actor,
        target=competition,
        data={
            "reference": competition.reference,
            "category": competition.category.slug,
            "submission_deadline": competition.submission_deadline.isoformat(),
            "invited": len(suppliers),
            "regime": competition.regime,
        },
        personal=personal(actor),
    )
    _invite(competition, suppliers, late=False, actor=actor)
    send_email(
        to=member_emails(competition.buyer),
        template="competitions/email/published",
        context={"competition": competition, "invited": len(suppliers),
                 "deadline": uk_time(competition.submission_deadline)},
    )
    return competition


def invite_newly_admitted(*, organisation: Organisation, category) -> int:
    """Rule 4: a supplier admitted while competitions in its category are open is invited to each of them."""
    if not is_admitted(organisation, category):
        return 0
    invited = 0
    with transaction.atomic():
        for competition in Competition.objects.filter(open_q(), category=category).select_for_update():
            invited += len(_invite(competition, [organisation], late=True))
    return invited


@transaction.atomic
def invitations_catch_up(*, now=None) -> int:
    """Invite anyone admitted to an open competition's category and not yet invited (a safety net for the tick)."""
    invited = 0
    for competition in Competition.objects.filter(open_q(now)).select_related("category"):
        missing = admitted_suppliers(competition.category).exclude(
            Exists(Invitation.objects.filter(competition=competition, supplier=OuterRef("pk")))
        )
        suppliers = list(missing)
        if suppliers:
            invited += len(_invite(lock(competition), suppliers, late=True))
    return invited


@dataclass
class CriterionChange:
    question: str
    guidance: str
    word_limit: int | None
    weighting: int


@transaction.atomic
def competition_amend(
    *,
    actor,
    competition: Competition,
    reason: str,
    submission_deadline=None,
    clarification_deadline=None,
    criteria: dict[int, CriterionChange] | None = None,
    documents_add: list[tuple[object, str]] | None = None,
    documents_remove: list[int] | None = None,
) -> CompetitionVersion:
    """Rule 5: before the deadline, amend the documents, questions or criteria, or extend the deadline.

    Each amendment is a new version with its reason; every invited supplier is told, and suppliers who had
    submitted are asked to confirm or revise. A deadline may only move later.
    """
    competition = lock(competition)
    require_manage(actor, competition)
    now = database_now()
    if not competition.is_open(now):
        raise DomainError("Only an open competition can be amended, before its submission deadline")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Enter the reason for the amendment", field="reason")
    before = CompetitionVersion.objects.get(competition=competition, number=competition.version).snapshot
    if submission_deadline is not None and submission_deadline != competition.submission_deadline:
        if submission_deadline < competition.submission_deadline:
            raise DomainError(
                "The submission deadline can only move later. To shorten it, cancel and publish again",
                field="submission_deadline",
            )
        if submission_deadline < minimum_deadline(competition.published_at):
            raise DomainError("The submission deadline must be at least 10 days after publication",
                              field="submission_deadline")
        competition.submission_deadline = submission_deadline
    if clarification_deadline is not None and clarification_deadline != competition.clarification_deadline:
        if clarification_deadline < competition.clarification_deadline:
            raise DomainError("The clarification deadline can only move later", field="clarification_deadline")
        if clarification_deadline >= competition.submission_deadline:
            raise DomainError("The clarification deadline must be before the submission deadline",
                              field="clarification_deadline")
        competition.clarification_deadline = clarification_deadline
    if criteria:
        rows = {c.pk: c for c in competition.criteria.all()}
        proposed = []
        for criterion_id, row in rows.items():
            change = criteria.get(criterion_id)
            proposed.append(
                CriterionInput(
                    kind=row.kind, name=row.name,
                    weighting=change.weighting if change else row.weighting,
                    question=(change.question if change else row.question) if row.kind != CriterionKind.PRICE else "",
                    word_limit=(change.word_limit if change else row.word_limit) if row.kind != CriterionKind.PRICE
                    else None,
                )
            )
        check_criteria(proposed)
        for criterion_id, change in criteria.items():
            row = rows.get(criterion_id)
            if row is None:
                raise DomainError("That criterion is not part of this competition")
            row.weighting = change.weighting
            if row.kind != CriterionKind.PRICE:
                row.question = change.question.strip()
                row.guidance = change.guidance.strip()
                row.word_limit = change.word_limit
            row.save()
    for document_id in documents_remove or []:
        removed = competition.documents.filter(pk=document_id, removed_at__isnull=True).update(removed_at=now)
        if not removed:
            raise DomainError("That document is not part of this competition", field="documents")
    for uploaded, title in documents_add or []:
        add_document(competition, actor=actor, uploaded=uploaded, title=title)
    after = snapshot(competition)
    rows = changes(before, after)
    if not rows:
        raise DomainError("Nothing has changed. Make a change, or go back", field="reason")
    competition.version += 1
    competition.updated_at = now
    competition.save()
    version = CompetitionVersion.objects.create(
        competition=competition, number=competition.version, snapshot=after, reason=reason, created_by=actor
    )
    Bid.objects.filter(competition=competition, status=BidStatus.SUBMITTED).update(
        needs_confirmation_since=competition.version
    )
    opendata.tender_amendment_release_publish(competition=competition, version=version)
    audit_record(
        stream=competition.audit_stream,
        verb="competition.amended",
        actor=actor,
        target=competition,
        data={
            "version": competition.version,
            "reason": reason,
            "changed": [row["what"] for row in rows],
            "submission_deadline": competition.submission_deadline.isoformat(),
        },
        personal=personal(actor),
    )
    invited = Organisation.objects.filter(competition_invitations__competition=competition)
    notify_suppliers(
        competition=competition,
        organisations=invited,
        template="competitions/email/amended",
        context={"version": version, "changes": rows, "deadline": uk_time(competition.submission_deadline)},
        digest_text=f"{competition.title} was amended (version {version.number}): {reason}",
    )
    return version


@transaction.atomic
def competition_cancel(*, actor, competition: Competition, reason: str) -> Competition:
    """Cancel before award, with a reason: the procurement termination notice is published and suppliers told."""
    competition = lock(competition)
    require_manage(actor, competition)
    if CompetitionStatus.CANCELLED not in COMPETITION_TRANSITIONS[CompetitionStatus(competition.status)]:
        raise DomainError("This competition can no longer be cancelled")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Enter the reason for cancelling", field="reason")
    was_published = competition.status != CompetitionStatus.DRAFT
    previous = competition.effective_status()
    now = timezone.now()
    competition.status = CompetitionStatus.CANCELLED
    competition.cancelled_at = now
    competition.cancel_reason = reason
    competition.updated_at = now
    competition.save()
    audit_record(
        stream=competition.audit_stream,
        verb="competition.cancelled",
        actor=actor,
        target=competition,
        data={"from": previous, "reason": reason},
        personal=personal(actor),
    )
    if was_published:
        # Rule 11: the procurement termination notice.
        opendata.tender_cancellation_release_publish(competition=competition)
        notify_suppliers(
            competition=competition,
            organisations=Organisation.objects.filter(competition_invitations__competition=competition),
            template="competitions/email/cancelled",
            context={"reason": reason},
            digest_text=f"{competition.title} was cancelled: {reason}",
        )
    return competition


def competitions_close_due(*, now=None) -> int:
    """Stamp competitions whose deadline has passed as closed and tell their buyers. Closed was already true."""
    now = now or timezone.now()
    closed = 0
    due = Competition.objects.filter(status=CompetitionStatus.PUBLISHED, submission_deadline__lte=now)
    for competition_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            competition = (
                Competition.objects.select_for_update(of=("self",)).select_related("buyer").get(pk=competition_id)
            )
            if competition.status != CompetitionStatus.PUBLISHED or competition.submission_deadline > now:
                continue
            competition.status = CompetitionStatus.CLOSED
            competition.closed_at = now
            competition.save(update_fields=["status", "closed_at"])
            bids = Bid.objects.filter(competition=competition, status=BidStatus.SUBMITTED).count()
            audit_record(
                stream=competition.audit_stream,
                verb="competition.closed",
                target=competition,
                data={"deadline": competition.submission_deadline.isoformat(), "bids": bids},
            )
            send_email(
                to=member_emails(competition.buyer),
                template="competitions/email/closed",
                context={"competition": competition, "bids": bids},
            )
            closed += 1
    return closed


def digests_send(*, now=None) -> int:
    """Send each supplier that chose a daily summary one email of what is waiting."""
    now = now or timezone.now()
    sent = 0
    waiting = DigestItem.objects.filter(sent_at__isnull=True, created_at__lte=now)
    for organisation_id in waiting.values_list("organisation_id", flat=True).distinct():
        with transaction.atomic():
            items = list(
                DigestItem.objects.select_for_update().filter(organisation_id=organisation_id, sent_at__isnull=True)
                .select_related("competition", "organisation")
            )
            if not items:
                continue
            organisation = items[0].organisation
            recipients = member_emails(organisation)
            if recipients:
                send_email(
                    to=recipients, template="competitions/email/digest",
                    context={"organisation": organisation, "items": items},
                )
            DigestItem.objects.filter(pk__in=[item.pk for item in items]).update(sent_at=now)
            sent += 1
    return sent


@transaction.atomic
def notification_preference_set(*, actor, frequency: str) -> NotificationPreference:
    membership = permissions.supplier_membership(actor)
    if membership is None:
        raise NotAllowed("Only supplier admins and members can choose how their organisation hears about competitions.")
    if frequency not in EmailFrequency.values:
        raise DomainError("Select how often you want emails", field="frequency")
    preference, _ = NotificationPreference.objects.update_or_create(
        organisation=membership.organisation, defaults={"frequency": frequency, "updated_at": timezone.now()}
    )
    audit_record(
        stream=membership.organisation.audit_stream,
        verb="competitions.email_frequency_set",
        actor=actor,
        data={"frequency": frequency},
        personal=personal(actor),
    )
    return preference
