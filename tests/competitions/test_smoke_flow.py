"""The main path through the services: build, publish, invite, clarify, bid, close, open."""

from django.core import mail

from marketplace.competitions import selectors, services
from marketplace.competitions.models import Bid, BidStatus, CompetitionStatus, Invitation
from tests.competition_builder import pass_deadline, published, submitted_bid


def test_build_publish_bid_and_open(buyer_admin, admitted_supplier, django_capture_on_commit_callbacks):
    organisation, supplier = admitted_supplier()
    competition = published(buyer_admin)
    assert competition.status == CompetitionStatus.PUBLISHED
    assert Invitation.objects.filter(competition=competition, supplier=organisation).exists()
    revision = submitted_bid(supplier, competition, note="MARKER-NOTE")
    assert revision.number == 1
    own = selectors.own_bid(viewer=supplier, competition=competition)
    assert own.content["price_note"] == "MARKER-NOTE"
    competition = pass_deadline(competition)
    opened = services.competition_open_bids(actor=buyer_admin, competition=competition)
    assert [b.content["price_note"] for b in opened] == ["MARKER-NOTE"]
    assert Bid.objects.get().status == BidStatus.SUBMITTED
