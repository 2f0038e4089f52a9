"""Rule 8 under load, on PostgreSQL: 200 suppliers submit concurrently across the deadline, each thread on
its own connection. Every bid stored before the deadline is intact and the last revision counts; none is
stored at or after it; those refused were refused for the deadline; none is lost. See deadline_rush.py."""

import threading

import pytest
from django.db import connection, connections

from marketplace.accounts.models import Role
from marketplace.competitions import services
from marketplace.competitions.models import BidRevision
from marketplace.competitions.services.bids import CHANGED_BY_COLLEAGUE
from marketplace.errors import DomainError
from tests.competition_builder import bid_draft, published, quick_admitted_suppliers
from tests.factories import BuyerOrganisationFactory, member

from . import deadline_rush

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

SUPPLIERS = 200
# PostgreSQL's default max_connections is 100: the submissions share 40 threads, each with its own connection.
WORKERS = 40


def test_rule_8_200_bids_submitted_concurrently_across_the_deadline(reference_data):
    owner = member(BuyerOrganisationFactory(), Role.ADMIN, mfa=False)
    people = quick_admitted_suppliers(SUPPLIERS, prefix="Rush")

    result = deadline_rush.run(owner, people, workers=WORKERS, lead=2.0, window=4.0, twice_every=5)

    assert result.problems == []
    assert result.attempted == SUPPLIERS  # each supplier submits once in the rush
    assert result.accepted + result.refused == result.attempted  # none lost
    assert result.lost == 0 and result.late_accepted == 0
    # The deadline fell inside the rush: some made it, some did not, and those were refused for the deadline.
    assert result.accepted > 0 and result.refused > 0
    assert all(a.code == "deadline_passed" for a in result.in_rush if not a.accepted)
    assert not BidRevision.objects.filter(received_at__gte=result.deadline).exists()
    assert BidRevision.objects.count() == result.accepted + SUPPLIERS // 5
    # Suppliers that had submitted before: the revision counts if it made the deadline, else the earlier one.
    revisers = [a for a in result.in_rush if a.number == 2]
    assert len(revisers) == SUPPLIERS // 5
    assert any(a.accepted for a in revisers) and any(not a.accepted for a in revisers)
    assert result.opened == SUPPLIERS // 5 + sum(1 for a in result.in_rush if a.accepted and a.number == 1)


def test_rule_8_two_colleagues_submitting_the_same_bid_at_once_one_is_told(reference_data):
    owner = member(BuyerOrganisationFactory(), Role.ADMIN, mfa=False)
    [(organisation, first)] = quick_admitted_suppliers(1, prefix="Pair")
    second = member(organisation, Role.MEMBER, mfa=False)
    competition = published(owner)
    opened_at = bid_draft(first, competition).edit_version
    barrier = threading.Barrier(2)
    outcomes = {}

    def submit(user):
        try:
            barrier.wait()
            outcomes[user.pk] = services.bid_submit(actor=user, competition=competition,
                                                    expected_edit_version=opened_at)
        except DomainError as error:
            outcomes[user.pk] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(user,)) for user in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    refused = [o for o in outcomes.values() if isinstance(o, DomainError)]
    accepted = [o for o in outcomes.values() if isinstance(o, BidRevision)]
    assert len(accepted) == 1 and len(refused) == 1
    assert refused[0].message == CHANGED_BY_COLLEAGUE
    assert BidRevision.objects.count() == 1
