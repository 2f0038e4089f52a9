"""Rule 6: clarifications are published to every invited supplier without the asker's identity."""

from django.db import transaction
from django.utils import timezone

from marketplace.accounts.models import Organisation
from marketplace.audit.services import audit_record
from marketplace.errors import DomainError, NotAllowed
from marketplace.notifications import send_email
from marketplace.opendata.services import clarification_release_publish

from .. import permissions
from ..models import Clarification, ClarificationStatus, Competition, Invitation
from .common import lock, member_emails, notify_suppliers, personal, require_manage

MAX_QUESTION_CHARS = 2000
MAX_ANSWER_CHARS = 5000


@transaction.atomic
def clarification_ask(*, actor, competition: Competition, question: str) -> Clarification:
    membership = permissions.supplier_membership(actor)
    if membership is None:
        raise NotAllowed("Only supplier admins and members can ask clarification questions.")
    competition = lock(competition)
    if not Invitation.objects.filter(competition=competition, supplier=membership.organisation).exists():
        raise NotAllowed("Your organisation is not invited to this competition.")
    if not competition.clarifications_open():
        raise DomainError("The deadline for clarification questions has passed", field="question")
    question = (question or "").strip()
    if not question:
        raise DomainError("Enter your question", field="question")
    if len(question) > MAX_QUESTION_CHARS:
        raise DomainError(f"Question must be {MAX_QUESTION_CHARS} characters or fewer", field="question")
    clarification = Clarification.objects.create(
        competition=competition, asked_by_organisation=membership.organisation, asked_by=actor, question=question
    )
    audit_record(
        stream=competition.audit_stream,
        verb="clarification.asked",
        actor=actor,
        target=clarification,
        data={"clarification_id": clarification.pk},
        personal={**personal(actor), "organisation_id": membership.organisation_id},
    )
    # The buyer is told a question is waiting, not who asked it.
    send_email(
        to=member_emails(competition.buyer),
        template="competitions/email/clarification_asked",
        context={"competition": competition, "clarification": clarification},
    )
    return clarification


@transaction.atomic
def clarification_publish(*, actor, clarification: Clarification, published_question: str, answer: str) -> Clarification:
    """Answer and publish to every invited supplier. `published_question` may redact what identifies the asker."""
    competition = lock(clarification.competition)
    require_manage(actor, competition)
    clarification = Clarification.objects.select_for_update().get(pk=clarification.pk, competition=competition)
    if clarification.status == ClarificationStatus.PUBLISHED:
        raise DomainError("This clarification has already been published")
    if competition.is_closed() or not competition.is_open():
        raise DomainError("Clarifications can only be published while the competition is open")
    published_question = (published_question or "").strip()
    answer = (answer or "").strip()
    if not published_question:
        raise DomainError("Enter the question as it will be published", field="published_question")
    if len(published_question) > MAX_QUESTION_CHARS:
        raise DomainError(f"Question must be {MAX_QUESTION_CHARS} characters or fewer", field="published_question")
    if not answer:
        raise DomainError("Enter your answer", field="answer")
    if len(answer) > MAX_ANSWER_CHARS:
        raise DomainError(f"Answer must be {MAX_ANSWER_CHARS} characters or fewer", field="answer")
    clarification.published_question = published_question
    clarification.answer = answer
    clarification.status = ClarificationStatus.PUBLISHED
    clarification.answered_at = timezone.now()
    clarification.answered_by = actor
    clarification.save()
    audit_record(
        stream=competition.audit_stream,
        verb="clarification.published",
        actor=actor,
        target=clarification,
        data={"clarification_id": clarification.pk, "redacted": clarification.redacted},
        personal=personal(actor),
    )
    clarification_release_publish(clarification=clarification)
    notify_suppliers(
        competition=competition,
        organisations=Organisation.objects.filter(competition_invitations__competition=competition),
        template="competitions/email/clarification_published",
        context={"clarification": clarification},
        digest_text=f"A clarification was published on {competition.title}",
    )
    return clarification
