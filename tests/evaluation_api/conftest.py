"""Fixtures for the evaluation and award API: a buyer's competition evaluated by two evaluators and moderated,
with bids whose content carries a marker that must never reach an evaluator through the API."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from marketplace.accounts.models import Role
from marketplace.competitions import services
from marketplace.competitions.models import Bid, Competition
from tests.competition_builder import pass_deadline, published, submitted_bid
from tests.evaluation_builder import evaluators, moderate_all, scored_by
from tests.factories import BuyerOrganisationFactory, member
from tests.evaluation_fixtures import _media_in_tmp, admitted_supplier  # noqa: F401 (fixtures)

# What each bidder writes in its bid: no evaluation endpoint may show it.
BID_MARKER = "BIDCONTENTMARKER-5d2e"


@pytest.fixture(autouse=True)
def _empty_throttle_cache():
    """DRF's anonymous rate limit counts in the cache: every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    """api(user or None) -> an APIClient signed in as that user (anonymous for None)."""

    def client_for(user=None):
        client = APIClient()
        if user is not None:
            client.force_login(user)
        return client

    return client_for


def opened(owner, bidders, *, prices=None, title="Reduce missed bin collections"):
    """A published competition with a submitted bid (carrying BID_MARKER) from each bidder, its deadline passed and
    its bids opened by the owner. Returns (competition, bids in bidder order)."""
    competition = published(owner, title=title)
    prices = prices or [9_000_000 + 100_000 * i for i in range(len(bidders))]
    for user, price in zip(bidders, prices, strict=True):
        submitted_bid(user, competition, price_pence=price, text=f"Our answer {BID_MARKER}", note=BID_MARKER)
    competition = pass_deadline(competition)
    services.competition_open_bids(actor=owner, competition=competition)
    competition = Competition.objects.get(pk=competition.pk)
    return competition, [Bid.objects.get(competition=competition, supplier__memberships__user=u) for u in bidders]


@dataclass
class World:
    competition: Competition  # opened, scored by `team` (different scores each), moderated
    bids: list
    team: list  # the two assigned evaluators
    bystander: object  # an evaluator of the same buyer, assigned to nothing
    other_buyer_admin: object
    other_buyer_evaluator: object


@pytest.fixture
def world(buyer_admin, admitted_supplier) -> World:
    bidders = [admitted_supplier()[1] for _ in range(3)]
    competition, bids = opened(buyer_admin, bidders)
    team = evaluators(buyer_admin)
    first, second = team
    scored_by(buyer_admin, competition, [first], 3)
    scored_by(buyer_admin, competition, [second], 1)
    moderate_all(buyer_admin, competition, first, 2)
    other_buyer = BuyerOrganisationFactory()
    return World(
        competition=Competition.objects.get(pk=competition.pk), bids=bids, team=team,
        bystander=member(buyer_admin.membership.organisation, Role.EVALUATOR, mfa=False),
        other_buyer_admin=member(other_buyer, Role.ADMIN),
        other_buyer_evaluator=member(other_buyer, Role.EVALUATOR, mfa=False),
    )
