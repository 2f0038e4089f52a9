"""Rule 4: publishing invites every supplier admitted to the category at that moment, and those admitted later
while it is open; no hand-picked lists. A conflicts assessment is recorded before publication."""

import pytest
from django.core import mail

from marketplace.accounts.models import Role
from marketplace.admission import services as admission
from marketplace.admission.models import Admission
from marketplace.admission.selectors import admitted_suppliers
from marketplace.audit.models import AuditEvent
from marketplace.competitions import services
from marketplace.competitions.models import (
    Competition,
    CompetitionStatus,
    CompetitionVersion,
    ConflictEntry,
    ConflictRole,
    Invitation,
)
from marketplace.competitions.services import ConflictInput
from marketplace.errors import DomainError
from tests.competition_builder import CATEGORY, complete_draft, pass_deadline, quick_admitted_supplier
from tests.factories import OrganisationFactory, member
from tests.listings import admit

pytestmark = pytest.mark.django_db


def invited_ids(competition) -> set[int]:
    return set(Invitation.objects.filter(competition=competition).values_list("supplier_id", flat=True))


def emailed(user, subject_words: str) -> list:
    return [m for m in mail.outbox if user.email in m.to and subject_words in m.subject]


def test_rule_4_publishing_invites_every_admitted_supplier_and_later_admissions(
    buyer_admin, operator, admitted_supplier, django_capture_on_commit_callbacks
):
    first, first_user = admitted_supplier()
    second, second_user = quick_admitted_supplier()
    suspended, suspended_user = quick_admitted_supplier()
    admission.admission_suspend(
        actor=operator, admission=Admission.objects.get(organisation=suspended), reason="Under review"
    )
    elsewhere, elsewhere_user = quick_admitted_supplier("data-analytics")
    never_admitted = OrganisationFactory()
    never_admitted_user = member(never_admitted, Role.ADMIN, mfa=False)

    draft = complete_draft(buyer_admin)
    assert invited_ids(draft) == set()  # nobody is invited to a draft
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        competition = services.competition_publish(actor=buyer_admin, competition=draft)

    # Everyone admitted at that moment, and only they: no list was passed in, so none could be hand-picked.
    everyone_admitted = set(admitted_suppliers(competition.category).values_list("pk", flat=True))
    assert invited_ids(competition) == everyone_admitted == {first.pk, second.pk}
    assert not Invitation.objects.filter(competition=competition, late=True).exists()
    for user in (first_user, second_user):
        assert len(emailed(user, "invited")) == 1
    for user in (suspended_user, elsewhere_user, never_admitted_user):
        assert not [m for m in mail.outbox if user.email in m.to]
    assert AuditEvent.objects.filter(verb="competition.invited", stream__key=competition.audit_stream).count() == 2
    assert AuditEvent.objects.get(verb="competition.published").data["invited"] == 2

    # Admitted later, while it is open, through a real application: invited then, and told.
    late = OrganisationFactory()
    late_admin = member(late, Role.ADMIN)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        admit(operator, late_admin, late, CATEGORY)
    invitation = Invitation.objects.get(competition=competition, supplier=late)
    assert invitation.late
    assert len(emailed(late_admin, "invited")) == 1

    # Reinstated while it is open: invited too.
    with django_capture_on_commit_callbacks(execute=True):
        admission.admission_reinstate(
            actor=operator, admission=Admission.objects.get(organisation=suspended), reason="Review done"
        )
    assert Invitation.objects.get(competition=competition, supplier=suspended).late
    assert invited_ids(competition) == {first.pk, second.pk, late.pk, suspended.pk}

    # Admitted after it has closed: not invited (the competition is no longer open).
    pass_deadline(competition)
    too_late, _ = quick_admitted_supplier()
    assert services.invite_newly_admitted(organisation=too_late, category=competition.category) == 0
    assert too_late.pk not in invited_ids(competition)


def test_rule_4_a_conflicts_assessment_is_recorded_before_publication(buyer_admin, buyer_org):
    quick_admitted_supplier()
    evaluator = member(buyer_org, Role.MEMBER)
    draft = complete_draft(buyer_admin, assess=False)

    with pytest.raises(DomainError, match="Record the conflicts assessment") as refused:
        services.competition_publish(actor=buyer_admin, competition=draft)
    assert refused.value.field == "conflicts"
    draft.refresh_from_db()
    assert draft.status == CompetitionStatus.DRAFT
    assert not Invitation.objects.filter(competition=draft).exists()
    assert not CompetitionVersion.objects.filter(competition=draft).exists()

    # A conflict must say how it is mitigated; nothing is recorded until every entry is complete.
    with pytest.raises(DomainError, match="how Ana Evaluator’s conflict is mitigated"):
        services.conflicts_assessment_record(
            actor=buyer_admin, competition=draft,
            entries=[
                ConflictInput(name="Owner", role=ConflictRole.OWNER, has_conflict=False, user_id=buyer_admin.pk),
                ConflictInput(name="Ana Evaluator", role=ConflictRole.EVALUATOR, has_conflict=True,
                              conflict="Former employee of a bidder", user_id=evaluator.pk),
            ],
        )
    assert not ConflictEntry.objects.exists()
    with pytest.raises(DomainError, match="owner’s declaration"):
        services.conflicts_assessment_record(
            actor=buyer_admin, competition=draft,
            entries=[ConflictInput(name="Ana Evaluator", role=ConflictRole.EVALUATOR, has_conflict=False)],
        )

    services.conflicts_assessment_record(
        actor=buyer_admin, competition=draft,
        entries=[
            ConflictInput(name="Owner", role=ConflictRole.OWNER, has_conflict=False, user_id=buyer_admin.pk),
            ConflictInput(name="Ana Evaluator", role=ConflictRole.EVALUATOR, has_conflict=True,
                          conflict="Former employee of a bidder", mitigation="Does not score that bid",
                          user_id=evaluator.pk),
            ConflictInput(name="Olu Operator", role=ConflictRole.OPERATOR, has_conflict=False),
        ],
    )
    assert AuditEvent.objects.get(verb="competition.conflicts_assessed").data == {"people": 3, "conflicts": 1}
    competition = services.competition_publish(actor=buyer_admin, competition=draft)
    assert competition.status == CompetitionStatus.PUBLISHED
    assert competition.conflicts_assessment.recorded_at <= competition.published_at
    assert len(invited_ids(competition)) == 1

    # Once published, the assessment made before publication is part of the record.
    with pytest.raises(DomainError, match="has been published"):
        services.conflicts_assessment_record(
            actor=buyer_admin, competition=competition,
            entries=[ConflictInput(name="Owner", role=ConflictRole.OWNER, has_conflict=False)],
        )
    assert Competition.objects.get(pk=competition.pk).conflicts_assessment.entries.count() == 3
