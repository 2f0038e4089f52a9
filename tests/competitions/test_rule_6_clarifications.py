"""Rule 6: clarification answers are published to every invited supplier without the asker's identity; the
buyer may redact identifying text, and the asker sees the published wording."""

import pytest
from django.core import mail

from marketplace.audit.models import AuditEvent
from marketplace.competitions import selectors, services
from marketplace.competitions.models import Clarification, ClarificationStatus
from marketplace.errors import DomainError, NotAllowed
from tests.competition_builder import pass_deadline, published, quick_admitted_supplier

pytestmark = pytest.mark.django_db


def test_rule_6_clarifications_published_to_all_without_asker(
    buyer_admin, admitted_supplier, django_capture_on_commit_callbacks
):
    asker, asker_user = admitted_supplier()
    other, other_user = quick_admitted_supplier()
    outsider, outsider_user = quick_admitted_supplier("data-analytics")
    competition = published(buyer_admin)
    identifying = f"{asker.name} already runs route sensors in Leeds: can we reuse them?"
    redacted = "Can a supplier reuse route sensors it already runs?"

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        clarification = services.clarification_ask(actor=asker_user, competition=competition, question=identifying)
    # Not invited: cannot ask.
    with pytest.raises(NotAllowed):
        services.clarification_ask(actor=outsider_user, competition=competition, question="Can we bid?")
    # The buyer is told a question is waiting, not who asked.
    [asked] = mail.outbox
    assert buyer_admin.email in asked.to
    for identity in (asker.name, asker_user.email, asker_user.get_full_name()):
        assert identity not in asked.subject + asked.body
    # Until it is answered, only the asker's organisation sees it.
    assert list(selectors.clarifications_for_supplier(viewer=other_user, competition=competition)) == []
    assert [c.pk for c in selectors.clarifications_for_supplier(viewer=asker_user, competition=competition)] == [
        clarification.pk
    ]

    # Only the buyer side that runs it may publish; the answer needs wording.
    with pytest.raises(NotAllowed):
        services.clarification_publish(actor=other_user, clarification=clarification,
                                       published_question=redacted, answer="Yes.")
    with pytest.raises(DomainError, match="Enter your answer"):
        services.clarification_publish(actor=buyer_admin, clarification=clarification,
                                       published_question=redacted, answer=" ")
    assert Clarification.objects.get(pk=clarification.pk).status == ClarificationStatus.ASKED

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.clarification_publish(
            actor=buyer_admin, clarification=clarification, published_question=redacted,
            answer="Yes, if the sensors meet the data standard in the documents.",
        )
    clarification.refresh_from_db()
    assert clarification.status == ClarificationStatus.PUBLISHED and clarification.redacted
    assert clarification.question == identifying  # the original is kept for the record
    assert AuditEvent.objects.get(verb="clarification.published").data["redacted"] is True

    # Every invited supplier, the asker included, sees the published wording and the answer.
    for viewer in (asker_user, other_user):
        [seen] = selectors.clarifications_for_supplier(viewer=viewer, competition=competition)
        assert seen.published_question == redacted
        assert seen.answer.startswith("Yes, if the sensors")
    [own] = selectors.clarifications_for_supplier(viewer=asker_user, competition=competition)
    [theirs] = selectors.clarifications_for_supplier(viewer=other_user, competition=competition)
    assert own.own is True and theirs.own is False  # "your question" is told only to the asker's organisation

    # Every invited supplier is told, and no email names the asker or repeats the unredacted question.
    told = {address for message in mail.outbox for address in message.to}
    assert {asker_user.email, other_user.email} <= told
    assert outsider_user.email not in told
    for message in mail.outbox:
        text = message.subject + message.body
        assert "A clarification was published" in message.subject
        for identity in (asker.name, asker_user.email, asker_user.get_full_name(), identifying):
            assert identity not in text

    # The buyer's selector does not load who asked.
    for viewer_clarification in selectors.clarifications_for_buyer(competition=competition):
        assert {"asked_by_id", "asked_by_organisation_id"} <= viewer_clarification.get_deferred_fields()
    # Nor does the hashed audit record name the asker (who asked is personal data, kept beside the chain).
    asked_event = AuditEvent.objects.get(verb="clarification.asked")
    assert asked_event.data == {"clarification_id": clarification.pk}

    # Published once only; and no more questions once the competition has closed.
    with pytest.raises(DomainError, match="already been published"):
        services.clarification_publish(actor=buyer_admin, clarification=clarification,
                                       published_question=redacted, answer="Again")
    pass_deadline(competition)
    with pytest.raises(DomainError, match="deadline for clarification questions has passed"):
        services.clarification_ask(actor=other_user, competition=competition, question="Still open?")
    assert Clarification.objects.count() == 1
