"""Rule 3: a supplier suspended, removed or debarred while a competition is open can no longer bid in it, and a
bid it already submitted is set aside with the reason recorded."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.admission import services as admission
from marketplace.admission.models import Admission, ExclusionGround
from marketplace.audit.models import AuditEvent
from marketplace.competitions import services
from marketplace.competitions.models import Bid, BidRevision, BidStatus
from marketplace.errors import DomainError
from tests.competition_builder import (
    CATEGORY,
    answers_for,
    bid_draft,
    current_edit_version,
    pass_deadline,
    published,
    quick_admitted_supplier,
    submitted_bid,
)

pytestmark = pytest.mark.django_db


def admission_of(organisation, slug=CATEGORY) -> Admission:
    return Admission.objects.get(organisation=organisation, category__slug=slug)


def assert_set_aside_and_barred(competition, organisation, user, reason_words):
    bid = Bid.objects.get(competition=competition, supplier=organisation)
    assert bid.status == BidStatus.SET_ASIDE
    assert bid.set_aside_at is not None
    for words in reason_words:
        assert words in bid.set_aside_reason
    event = AuditEvent.objects.get(verb="bid.set_aside", object_id=str(bid.pk))
    assert event.data["from"] == BidStatus.SUBMITTED
    assert event.data["reason"] == bid.set_aside_reason
    revisions = BidRevision.objects.filter(bid=bid).count()
    sealed = bytes(bid.sealed_draft)

    # It can no longer bid: not submit, revise, edit or withdraw.
    attempts = {
        "submit": lambda: services.bid_submit(actor=user, competition=competition,
                                              expected_edit_version=bid.edit_version),
        "answers": lambda: services.bid_save_answers(actor=user, competition=competition,
                                                     expected_edit_version=bid.edit_version,
                                                     answers=answers_for(competition, "A late change")),
        "withdraw": lambda: services.bid_withdraw(actor=user, competition=competition,
                                                  expected_edit_version=bid.edit_version),
    }
    for name, attempt in attempts.items():
        with pytest.raises(DomainError) as refused:
            attempt()
        assert refused.value.code in {"not_admitted", "set_aside"}, name
    bid.refresh_from_db()
    assert bid.status == BidStatus.SET_ASIDE
    assert BidRevision.objects.filter(bid=bid).count() == revisions
    assert bytes(bid.sealed_draft) == sealed
    return bid


def test_rule_3_suspended_supplier_bid_is_set_aside_and_cannot_bid(buyer_admin, operator, admitted_supplier):
    organisation, supplier = admitted_supplier()
    bystander, bystander_user = quick_admitted_supplier()
    competition = published(buyer_admin)
    submitted_bid(supplier, competition)
    submitted_bid(bystander_user, competition, text="Our own approach.")

    admission.admission_suspend(actor=operator, admission=admission_of(organisation), reason="Insurance has lapsed")

    assert_set_aside_and_barred(competition, organisation, supplier, ["suspended", "Insurance has lapsed"])
    with pytest.raises(DomainError, match="is not admitted to Artificial intelligence and machine learning now"):
        services.bid_submit(actor=supplier, competition=competition,
                            expected_edit_version=current_edit_version(supplier, competition))
    # Other suppliers' bids are untouched.
    assert Bid.objects.get(competition=competition, supplier=bystander).status == BidStatus.SUBMITTED

    # Reinstated while the competition is still open, it still cannot bring the set-aside bid back.
    admission.admission_reinstate(actor=operator, admission=admission_of(organisation), reason="Insurance renewed")
    with pytest.raises(DomainError, match="This bid was set aside: .*Insurance has lapsed") as refused:
        services.bid_submit(actor=supplier, competition=competition,
                            expected_edit_version=current_edit_version(supplier, competition))
    assert refused.value.code == "set_aside"

    # When the bids are opened, the set-aside bid is not among them.
    competition = pass_deadline(competition)
    opened = services.competition_open_bids(actor=buyer_admin, competition=competition)
    assert [bid.supplier_id for bid in opened] == [bystander.pk]


def test_rule_3_removed_supplier_bid_is_set_aside_and_cannot_bid(buyer_admin, operator):
    organisation, supplier = quick_admitted_supplier()
    competition = published(buyer_admin)
    submitted_bid(supplier, competition)

    admission.admission_remove(actor=operator, admission=admission_of(organisation), reason="Asked to leave")

    assert_set_aside_and_barred(competition, organisation, supplier, ["removed", "Asked to leave"])


def test_rule_3_debarred_supplier_bid_is_set_aside_and_cannot_bid(buyer_admin, operator, admitted_supplier):
    organisation, supplier = admitted_supplier()
    competition = published(buyer_admin)
    submitted_bid(supplier, competition)

    admission.debarment_add(
        actor=operator, organisation_name=organisation.name, grounds=[ExclusionGround.FRAUD],
        starts_on=timezone.localdate(), companies_house_number=organisation.companies_house_number,
    )

    assert_set_aside_and_barred(competition, organisation, supplier, ["suspended", "debarment list"])


def test_rule_3_a_draft_bid_is_set_aside_too_and_only_in_that_category(buyer_admin, operator):
    organisation, supplier = quick_admitted_supplier(CATEGORY, "data-analytics")
    ai = published(buyer_admin)
    data = published(buyer_admin, title="Predict potholes", slug="data-analytics")
    bid_draft(supplier, ai)
    submitted_bid(supplier, data)

    admission.admission_suspend(actor=operator, admission=admission_of(organisation), reason="Under review")

    assert Bid.objects.get(competition=ai, supplier=organisation).status == BidStatus.SET_ASIDE
    assert Bid.objects.get(competition=data, supplier=organisation).status == BidStatus.SUBMITTED


def test_rule_3_a_suspension_after_the_deadline_leaves_the_closed_competition_alone(buyer_admin, operator):
    # "While a competition is open": once it has closed, the bids that arrived in time stand (award checks
    # exclusion again, rule 10).
    organisation, supplier = quick_admitted_supplier()
    competition = published(buyer_admin)
    submitted_bid(supplier, competition)
    pass_deadline(competition)

    admission.admission_suspend(actor=operator, admission=admission_of(organisation), reason="Under review")

    bid = Bid.objects.get(competition=competition, supplier=organisation)
    assert bid.status == BidStatus.SUBMITTED
    assert bid.set_aside_at is None
    assert timezone.now() - bid.submitted_at < timedelta(minutes=5)
