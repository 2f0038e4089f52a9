"""Rule 8: a bid is accepted only if it arrives before the deadline, judged inside the transaction that stores
it, with the competition row locked and the database clock; a supplier may revise or withdraw until then; the
last submitted version counts; each submission is receipted by email with its time and HMAC."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.utils import timezone

from marketplace.audit.models import AuditEvent
from marketplace.competitions import sealing, selectors, services
from marketplace.competitions.models import Bid, BidRevision, BidStatus, Competition
from marketplace.competitions.services import bids as bid_services
from marketplace.competitions.services.bids import CHANGED_BY_COLLEAGUE
from marketplace.competitions.timing import uk_time
from marketplace.errors import DomainError
from tests.competition_builder import (
    answers_for,
    bid_draft,
    current_edit_version,
    pass_deadline,
    published,
    quick_admitted_supplier,
    submitted_bid,
)
from tests.factories import member

pytestmark = pytest.mark.django_db


def submit(user, competition):
    return services.bid_submit(actor=user, competition=competition,
                               expected_edit_version=current_edit_version(user, competition))


def test_rule_8_a_bid_after_the_deadline_is_refused_inside_the_transaction(buyer_admin):
    organisation, supplier = quick_admitted_supplier()
    early, early_user = quick_admitted_supplier()
    competition = published(buyer_admin)
    submitted_bid(early_user, competition)
    bid = bid_draft(supplier, competition)
    sealed = bytes(bid.sealed_draft)

    # The caller's copy still says the deadline is ahead (a page loaded a minute ago); the row says it passed.
    stale = Competition.objects.get(pk=competition.pk)
    pass_deadline(competition)
    assert stale.is_open()

    with pytest.raises(DomainError, match=r"The deadline for bids passed at .*\(UK time\)") as refused:
        services.bid_submit(actor=supplier, competition=stale, expected_edit_version=bid.edit_version)
    assert refused.value.code == "deadline_passed"
    bid.refresh_from_db()
    assert bid.status == BidStatus.DRAFT and bid.revision == 0 and bytes(bid.sealed_draft) == sealed
    assert not BidRevision.objects.filter(bid=bid).exists()
    assert not AuditEvent.objects.filter(verb="bid.submitted", object_id=str(bid.pk)).exists()

    # Nor can anything else change after it: not the working copy, not a withdrawal of the bid that arrived.
    with pytest.raises(DomainError, match="deadline for bids passed"):
        services.bid_save_answers(actor=supplier, competition=stale, expected_edit_version=bid.edit_version,
                                  answers=answers_for(stale, "Too late"))
    with pytest.raises(DomainError, match="deadline for bids passed"):
        services.bid_withdraw(actor=early_user, competition=stale,
                              expected_edit_version=current_edit_version(early_user, stale))
    assert Bid.objects.get(supplier=early).status == BidStatus.SUBMITTED


def test_rule_8_the_last_submitted_revision_counts_withdraw_and_resubmit(
    buyer_admin, django_capture_on_commit_callbacks
):
    organisation, supplier = quick_admitted_supplier()
    competition = published(buyer_admin)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = submitted_bid(supplier, competition, price_pence=9_000_000, text="First approach.")
        bid_draft(supplier, competition, price_pence=8_500_000, text="Second approach.")
        second = submit(supplier, competition)
        services.bid_withdraw(actor=supplier, competition=competition,
                              expected_edit_version=current_edit_version(supplier, competition))
    bid = Bid.objects.get(competition=competition)
    assert bid.status == BidStatus.WITHDRAWN and bid.withdrawn_at is not None and bid.revision == 2
    assert [first.number, second.number] == [1, 2]
    assert first.received_at < second.received_at

    # Withdrawn: it would not count.
    with django_capture_on_commit_callbacks(execute=True):
        bid_draft(supplier, competition, price_pence=8_000_000, text="Third approach.")
        third = submit(supplier, competition)
        # A later change to the working copy that is never submitted does not count either.
        services.bid_save_answers(actor=supplier, competition=competition,
                                  expected_edit_version=current_edit_version(supplier, competition),
                                  answers=answers_for(competition, "Unsubmitted idea."))
    bid.refresh_from_db()
    assert bid.status == BidStatus.SUBMITTED and bid.revision == 3 and bid.withdrawn_at is None
    assert bid.submitted_at == third.received_at
    assert list(AuditEvent.objects.filter(object_id=str(bid.pk), verb__startswith="bid.").values_list(
        "verb", flat=True)) == ["bid.submitted", "bid.revised", "bid.withdrawn", "bid.submitted"]

    # Each submission was receipted by email with its revision, time and HMAC; the withdrawal was confirmed.
    receipts = [m for m in mail.outbox if m.subject.startswith("Spark: Receipt")]
    assert len(receipts) == 3
    for receipt, revision in zip(receipts, (first, second, third)):
        assert supplier.email in receipt.to
        assert f"Revision: {revision.number}" in receipt.body
        assert f"Received: {uk_time(revision.received_at)}" in receipt.body
        assert f"Receipt code: {revision.content_hmac}" in receipt.body
    assert len([m for m in mail.outbox if "was withdrawn" in m.subject]) == 1

    competition = pass_deadline(competition)
    [opened] = services.competition_open_bids(actor=buyer_admin, competition=competition)
    assert opened.revision == 3
    assert opened.content["price_pence"] == 8_000_000
    assert set(opened.content["answers"].values()) == {"Third approach."}
    assert opened.content_hmac == third.content_hmac == sealing.content_hmac(opened.content)


def test_rule_8_received_at_is_the_database_clock(buyer_admin, monkeypatch):
    organisation, supplier = quick_admitted_supplier()
    competition = published(buyer_admin)
    bid_draft(supplier, competition)
    clocks = []

    def recorded():
        clocks.append(bid_services.database_now.__wrapped__())
        return clocks[-1]

    recorded.__wrapped__ = bid_services.database_now
    monkeypatch.setattr(bid_services, "database_now", recorded)
    revision = submit(supplier, competition)
    assert clocks and revision.received_at == clocks[-1]
    assert Bid.objects.get().submitted_at == revision.received_at

    if connection.vendor == "postgresql":
        # With the application's clock a day slow, the received time is still the server's.
        real_now = timezone.now()
        with connection.cursor() as cursor:
            cursor.execute("SELECT clock_timestamp()")
            server_before = cursor.fetchone()[0]
        with time_machine.travel(real_now - timedelta(days=1), tick=True):
            bid_draft(supplier, competition, text="Second thoughts.")
            later = submit(supplier, competition)
        assert server_before <= later.received_at < server_before + timedelta(minutes=1)


def test_rule_8_a_concurrent_second_submission_with_a_stale_edit_version_is_refused(
    buyer_admin, django_capture_on_commit_callbacks
):
    organisation, supplier = quick_admitted_supplier()
    colleague = member(organisation, mfa=False)
    competition = published(buyer_admin)
    bid = bid_draft(supplier, competition)
    opened_by_both = bid.edit_version  # both colleagues opened the bid at this version

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.bid_submit(actor=supplier, competition=competition, expected_edit_version=opened_by_both)
        with pytest.raises(DomainError) as refused:
            services.bid_submit(actor=colleague, competition=competition, expected_edit_version=opened_by_both)
        with pytest.raises(DomainError, match="A colleague changed this bid"):
            services.bid_save_price(actor=colleague, competition=competition, expected_edit_version=opened_by_both,
                                    price_pence=1_000, breakdown=[{"item": "All", "pence": 1_000}])
    assert refused.value.message == CHANGED_BY_COLLEAGUE
    assert refused.value.code == "edit_conflict"
    assert BidRevision.objects.filter(bid=bid).count() == 1
    own = selectors.own_bid(viewer=colleague, competition=competition)
    assert own.content["price_pence"] == 9_000_000 and own.submitted == own.content
    assert len([m for m in mail.outbox if m.subject.startswith("Spark: Receipt")]) == 1
