"""Fixtures for the competitions API: two admitted suppliers, a buyer's competitions in every state, and bids whose
content carries marker strings that must never reach anyone but the bidding supplier."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from marketplace.accounts.models import Role
from marketplace.competitions import services
from marketplace.competitions.models import Competition
from tests.competition_builder import complete_draft, pass_deadline, published, submitted_bid
from tests.factories import OrganisationFactory, member
from tests.listings import admit

# What each supplier writes in its bid (answers and price note): neither may appear in any response but its own.
OWN_MARKER = "OWNBIDMARKER-7f3a"
OTHER_MARKER = "OTHERBIDMARKER-c91e"
# The other supplier's question as it asked it (the buyer publishes a redacted wording).
IDENTIFYING_QUESTION = "As Other Supplier Ltd, the incumbent in Leeds, may we reuse our existing bin sensors?"
PUBLISHED_WORDING = "May a supplier reuse existing bin sensors?"
OWN_WAITING_QUESTION = "Is weekend working allowed for installation?"
OTHER_WAITING_QUESTION = "OTHERWAITING: can the pilot start in one ward only?"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


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


@pytest.fixture
def other_supplier_org(db):
    return OrganisationFactory()


@pytest.fixture
def other_supplier_member(other_supplier_org):
    return member(other_supplier_org, Role.MEMBER, mfa=False)


@pytest.fixture
def admitted(operator, supplier_org, supplier_admin, other_supplier_org, other_supplier_member):
    """Both suppliers admitted to artificial intelligence (and so invited to its competitions)."""
    admit(operator, supplier_admin, supplier_org, "artificial-intelligence")
    admit(operator, member(other_supplier_org, Role.ADMIN), other_supplier_org, "artificial-intelligence")


@dataclass
class World:
    open: Competition  # published, both suppliers bid (ours revised), clarifications asked and published
    draft: Competition
    closed: Competition  # published, then its deadline passed
    cancelled: Competition
    unbid: Competition  # open, nobody has started a bid


@pytest.fixture
def world(admitted, buyer_admin, supplier_member, other_supplier_member) -> World:
    open_one = published(buyer_admin, title="Reduce missed bin collections")
    submitted_bid(supplier_member, open_one, text=f"First draft {OWN_MARKER}", note=f"Note {OWN_MARKER}")
    submitted_bid(supplier_member, open_one, text=f"Revised answer {OWN_MARKER}", price_pence=8_500_000,
                  note=f"Revised note {OWN_MARKER}")
    submitted_bid(other_supplier_member, open_one, text=f"Answer {OTHER_MARKER}", note=f"Note {OTHER_MARKER}")

    asked = services.clarification_ask(actor=other_supplier_member, competition=open_one, question=IDENTIFYING_QUESTION)
    services.clarification_publish(actor=buyer_admin, clarification=asked, published_question=PUBLISHED_WORDING,
                                   answer="Yes, if they meet the data standard in the documents.")
    services.clarification_ask(actor=supplier_member, competition=open_one, question=OWN_WAITING_QUESTION)
    services.clarification_ask(actor=other_supplier_member, competition=open_one, question=OTHER_WAITING_QUESTION)

    draft = complete_draft(buyer_admin, title="Cut outpatient no-shows")

    closed = published(buyer_admin, title="Triage digital evidence")
    submitted_bid(other_supplier_member, closed, text=f"Closed answer {OTHER_MARKER}", note=OTHER_MARKER)
    closed = pass_deadline(closed)

    cancelled = published(buyer_admin, title="Predict potholes before they form")
    cancelled = services.competition_cancel(actor=buyer_admin, competition=cancelled,
                                            reason="The highways budget was withdrawn for this year.")

    unbid = published(buyer_admin, title="Find residents entitled to support", days=20)
    return World(open=open_one, draft=draft, closed=closed, cancelled=cancelled, unbid=unbid)
