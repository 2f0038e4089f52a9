"""Bad input at service level: each refusal has a clear message and leaves nothing half-saved."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.accounts.models import Role, VerificationStatus
from marketplace.admission import services as admission
from marketplace.admission.models import Admission
from marketplace.audit.models import AuditEvent
from marketplace.competitions import services
from marketplace.competitions.models import (
    Bid,
    BidRevision,
    Competition,
    CompetitionStatus,
    CompetitionVersion,
    Criterion,
    CriterionKind,
    Invitation,
)
from marketplace.competitions.services import CriterionInput
from marketplace.errors import DomainError, NotAllowed
from marketplace.taxonomy.models import Category
from tests.competition_builder import (
    CATEGORY,
    answers_for,
    bid_draft,
    complete_draft,
    published,
    quick_admitted_supplier,
)
from tests.factories import BuyerOrganisationFactory, member

pytestmark = pytest.mark.django_db


def snapshot_rows(competition):
    """What a refusal must leave exactly as it was."""
    return (
        Competition.objects.filter(pk=competition.pk).values().get(),
        list(Criterion.objects.filter(competition=competition).values()),
        Invitation.objects.filter(competition=competition).count(),
        CompetitionVersion.objects.filter(competition=competition).count(),
        AuditEvent.objects.count(),
    )


def assert_unpublished(competition, before):
    assert snapshot_rows(competition) == before
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.DRAFT
    assert competition.reference is None and competition.wrapped_key is None and competition.published_at is None


def test_weightings_that_do_not_add_up_to_100_are_refused(buyer_admin):
    draft = complete_draft(buyer_admin)
    before = snapshot_rows(draft)
    criteria = [
        CriterionInput(kind=CriterionKind.QUALITY, name="Approach", weighting=50, question="How?", word_limit=500),
        CriterionInput(kind=CriterionKind.PRICE, name="Price", weighting=40),
    ]
    with pytest.raises(DomainError) as refused:
        services.competition_set_criteria(actor=buyer_admin, competition=draft, criteria=criteria)
    assert refused.value.message == "Weightings must add up to 100%. They add up to 90%"
    assert refused.value.field == "criteria"
    assert snapshot_rows(draft) == before  # the earlier criteria are still there, untouched


def test_a_deadline_9_days_out_is_refused(buyer_admin):
    draft = complete_draft(buyer_admin)
    before = snapshot_rows(draft)
    nine_days = timezone.now() + timedelta(days=9)
    with pytest.raises(DomainError) as refused:
        services.competition_set_timeline(
            actor=buyer_admin, competition=draft, clarification_deadline=nine_days - timedelta(days=3),
            submission_deadline=nine_days, expected_award_date=None,
        )
    assert refused.value.message == "The submission deadline must be at least 10 days after publication"
    assert snapshot_rows(draft) == before


def test_publishing_without_a_conflicts_assessment_is_refused(buyer_admin):
    quick_admitted_supplier()
    draft = complete_draft(buyer_admin, assess=False)
    before = snapshot_rows(draft)
    with pytest.raises(DomainError) as refused:
        services.competition_publish(actor=buyer_admin, competition=draft)
    assert refused.value.message == "Record the conflicts assessment"
    assert_unpublished(draft, before)


def test_publishing_from_an_unverified_buyer_organisation_is_refused(db):
    organisation = BuyerOrganisationFactory(verification_status=VerificationStatus.PENDING)
    owner = member(organisation, Role.ADMIN)
    quick_admitted_supplier()
    draft = complete_draft(owner)  # an unverified buyer may prepare a competition
    before = snapshot_rows(draft)
    with pytest.raises(DomainError) as refused:
        services.competition_publish(actor=owner, competition=draft)
    assert refused.value.code == "unverified"
    assert refused.value.message == (
        "Your organisation must be verified by the marketplace team before it can publish competitions"
    )
    assert_unpublished(draft, before)


def test_a_competition_in_an_inactive_category_is_refused_at_create_and_at_publish(buyer_admin):
    inactive = Category.objects.get(slug="data-analytics")
    inactive.active = False
    inactive.save()
    count = Competition.objects.count()
    with pytest.raises(DomainError) as refused:
        services.competition_create(actor=buyer_admin, title="Predict potholes", category=inactive)
    assert refused.value.message == f"{inactive.name} is not taking new competitions. Select another category"
    assert refused.value.field == "category"
    assert Competition.objects.count() == count

    # A draft whose category is closed to new competitions after it was started cannot be published.
    quick_admitted_supplier()
    draft = complete_draft(buyer_admin)
    Category.objects.filter(slug=CATEGORY).update(active=False)
    before = snapshot_rows(draft)
    with pytest.raises(DomainError) as refused:
        services.competition_publish(actor=buyer_admin, competition=draft)
    assert refused.value.message == f"{draft.category.name} is not taking new competitions"
    assert_unpublished(draft, before)


def test_an_over_long_answer_is_refused_and_nothing_is_saved(buyer_admin):
    organisation, supplier = quick_admitted_supplier()
    competition = published(buyer_admin)
    bid = bid_draft(supplier, competition, text="First answer.")
    sealed, version = bytes(bid.sealed_draft), bid.edit_version
    approach = competition.criteria.get(name="Approach")
    experience = competition.criteria.get(name="Experience")
    with pytest.raises(DomainError) as refused:
        services.bid_save_answers(
            actor=supplier, competition=competition, expected_edit_version=version,
            # One fine answer and one too long: neither is saved.
            answers={str(experience.pk): "A fine answer.", str(approach.pk): "word " * 501},
        )
    assert refused.value.message == "Your answer to Approach must be 500 words or fewer. It is 501 words"
    assert refused.value.field == f"answer_{approach.pk}"
    bid.refresh_from_db()
    assert bytes(bid.sealed_draft) == sealed and bid.edit_version == version


@pytest.mark.parametrize("price", [1_234_567.5, "1234567", True])
def test_a_price_with_fractions_of_a_penny_or_not_a_number_is_refused(buyer_admin, price):
    organisation, supplier = quick_admitted_supplier()
    competition = published(buyer_admin)
    bid = bid_draft(supplier, competition)
    sealed, version = bytes(bid.sealed_draft), bid.edit_version
    with pytest.raises(DomainError) as refused:
        services.bid_save_price(actor=supplier, competition=competition, expected_edit_version=version,
                                price_pence=price, breakdown=[{"item": "Delivery", "pence": 1_234_567}])
    assert refused.value.message == "Enter the price in pounds and pence, like 12500 or 12500.50"
    bid.refresh_from_db()
    assert bytes(bid.sealed_draft) == sealed and bid.edit_version == version


def test_a_bid_from_an_uninvited_supplier_is_refused(buyer_admin, buyer_member, operator):
    elsewhere, elsewhere_user = quick_admitted_supplier("data-analytics")
    competition = published(buyer_admin)
    audit = AuditEvent.objects.count()
    with pytest.raises(NotAllowed) as refused:
        services.bid_save_answers(actor=elsewhere_user, competition=competition, expected_edit_version=None,
                                  answers=answers_for(competition))
    assert refused.value.message == "Your organisation is not invited to this competition."
    with pytest.raises(NotAllowed):
        services.bid_submit(actor=elsewhere_user, competition=competition, expected_edit_version=None)
    # Nor can anyone who is not a supplier write one.
    for actor in (buyer_admin, buyer_member, operator):
        with pytest.raises(NotAllowed, match="Only supplier admins and members can write bids"):
            services.bid_save_answers(actor=actor, competition=competition, expected_edit_version=None,
                                      answers=answers_for(competition))
    assert not Bid.objects.exists()
    assert AuditEvent.objects.count() == audit


def test_a_bid_from_a_suspended_supplier_is_refused(buyer_admin, operator):
    organisation, supplier = quick_admitted_supplier()
    competition = published(buyer_admin)
    admission.admission_suspend(actor=operator, admission=Admission.objects.get(organisation=organisation),
                                reason="Insurance has lapsed")
    assert Invitation.objects.filter(competition=competition, supplier=organisation).exists()  # invited before
    with pytest.raises(DomainError) as refused:
        services.bid_save_answers(actor=supplier, competition=competition, expected_edit_version=None,
                                  answers=answers_for(competition))
    assert refused.value.code == "not_admitted"
    assert refused.value.message == (
        f"Your organisation is not admitted to {competition.category.name} now, so it cannot bid"
    )
    with pytest.raises(DomainError, match="not admitted"):
        services.bid_submit(actor=supplier, competition=competition, expected_edit_version=None)
    assert not Bid.objects.exists()
    assert not BidRevision.objects.exists()
