"""Rule 5: the deadline is at least 10 days after publication; times are stored in UTC and shown in UK time;
local times a clock change skips or repeats are refused; amendments before the deadline only move it later,
are kept as versions with a reason, are told to every invited supplier, and submitted bids are asked to be
confirmed or revised."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from marketplace.audit.models import AuditEvent
from marketplace.competitions import services
from marketplace.competitions.models import Bid, BidRevision, Competition, CompetitionStatus, CompetitionVersion
from marketplace.competitions.timing import uk_time, uk_to_utc
from marketplace.errors import DomainError
from tests.competition_builder import (
    complete_draft,
    current_edit_version,
    pass_deadline,
    published,
    quick_admitted_supplier,
    submitted_bid,
)

pytestmark = pytest.mark.django_db


def test_rule_5_deadline_at_least_10_days_after_publication(buyer_admin):
    draft = complete_draft(buyer_admin)
    before = (draft.clarification_deadline, draft.submission_deadline)
    nine_days = timezone.now() + timedelta(days=9)

    with pytest.raises(DomainError, match="at least 10 days after publication") as refused:
        services.competition_set_timeline(
            actor=buyer_admin, competition=draft, clarification_deadline=nine_days - timedelta(days=2),
            submission_deadline=nine_days, expected_award_date=None,
        )
    assert refused.value.field == "submission_deadline"
    draft.refresh_from_db()
    assert (draft.clarification_deadline, draft.submission_deadline) == before

    # Ten days and a minute is enough.
    ten_days = timezone.now() + timedelta(days=10, minutes=1)
    services.competition_set_timeline(
        actor=buyer_admin, competition=draft, clarification_deadline=ten_days - timedelta(days=2),
        submission_deadline=ten_days, expected_award_date=None,
    )

    # Judged again at publication: a deadline that was far enough when saved but is 9 days away by the time
    # the buyer publishes is refused, and nothing is published.
    Competition.objects.filter(pk=draft.pk).update(submission_deadline=nine_days)
    with pytest.raises(DomainError, match="at least 10 days after publication"):
        services.competition_publish(actor=buyer_admin, competition=draft)
    draft.refresh_from_db()
    assert draft.status == CompetitionStatus.DRAFT and draft.published_at is None and draft.version == 0
    assert not CompetitionVersion.objects.filter(competition=draft).exists()


def test_rule_5_times_at_clock_changes_are_refused():
    # The clocks go back at 2am on Sunday 31 October 2027: 01:30 happens twice.
    with pytest.raises(DomainError, match="01:30 on 31 October 2027 happens twice in the UK") as refused:
        uk_to_utc(date(2027, 10, 31), time(1, 30), field="submission_deadline")
    assert refused.value.code == "ambiguous_time"
    assert refused.value.field == "submission_deadline"
    # The clocks go forward at 1am on Sunday 26 March 2028: 01:30 never happens.
    with pytest.raises(DomainError, match="01:30 on 26 March 2028 does not exist in the UK") as refused:
        uk_to_utc(date(2028, 3, 26), time(1, 30))
    assert refused.value.code == "nonexistent_time"

    # Either side of the change, times convert to UTC, and are shown back in UK time, labelled.
    assert uk_to_utc(date(2027, 10, 31), time(0, 30)) == datetime(2027, 10, 30, 23, 30, tzinfo=UTC)
    assert uk_to_utc(date(2027, 10, 31), time(2, 30)) == datetime(2027, 10, 31, 2, 30, tzinfo=UTC)
    assert uk_to_utc(date(2028, 3, 26), time(2, 30)) == datetime(2028, 3, 26, 1, 30, tzinfo=UTC)
    summer = uk_to_utc(date(2027, 7, 1), time(12, 0))
    assert summer == datetime(2027, 7, 1, 11, 0, tzinfo=UTC)
    assert uk_time(summer) == "midday on Thursday 1 July 2027 (UK time)"
    assert uk_time(uk_to_utc(date(2027, 12, 1), time(17, 30))) == "5:30pm on Wednesday 1 December 2027 (UK time)"


def test_rule_5_deadlines_are_stored_in_utc(buyer_admin):
    competition = complete_draft(buyer_admin)
    stored = Competition.objects.get(pk=competition.pk).submission_deadline
    assert stored.utcoffset() == timedelta(0)
    assert timezone.localtime(stored, timezone.get_fixed_timezone(0)) == stored
    assert uk_time(stored).endswith("(UK time)")


def test_rule_5_amendments_are_versions_told_to_everyone_and_submitted_bids_are_confirmed(
    buyer_admin, django_capture_on_commit_callbacks
):
    bidder, bidder_user = quick_admitted_supplier()
    watcher, watcher_user = quick_admitted_supplier()
    competition = published(buyer_admin)
    submitted_bid(bidder_user, competition)
    original = competition.submission_deadline

    # A deadline may only move later.
    with pytest.raises(DomainError, match="can only move later") as refused:
        services.competition_amend(actor=buyer_admin, competition=competition, reason="Shorter",
                                   submission_deadline=original - timedelta(days=1))
    assert refused.value.field == "submission_deadline"
    with pytest.raises(DomainError, match="Enter the reason"):
        services.competition_amend(actor=buyer_admin, competition=competition, reason=" ",
                                   submission_deadline=original + timedelta(days=7))
    with pytest.raises(DomainError, match="Nothing has changed"):
        services.competition_amend(actor=buyer_admin, competition=competition, reason="No change",
                                   submission_deadline=original)
    competition.refresh_from_db()
    assert competition.version == 1 and competition.submission_deadline == original
    assert CompetitionVersion.objects.filter(competition=competition).count() == 1

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        version = services.competition_amend(
            actor=buyer_admin, competition=competition, reason="More time after the supplier day",
            submission_deadline=original + timedelta(days=7),
        )
    assert version.number == 2 and version.reason == "More time after the supplier day"
    assert version.snapshot["submission_deadline"] == (original + timedelta(days=7)).isoformat()
    first = CompetitionVersion.objects.get(competition=competition, number=1)
    assert first.snapshot["submission_deadline"] == original.isoformat()  # earlier versions are kept as they were
    competition.refresh_from_db()
    assert competition.version == 2 and competition.submission_deadline == original + timedelta(days=7)
    event = AuditEvent.objects.get(verb="competition.amended")
    assert event.data["changed"] == ["Submission deadline"]

    # Every invited supplier is told, with the change side by side.
    for user in (bidder_user, watcher_user):
        [message] = [m for m in mail.outbox if user.email in m.to]
        assert "has been amended" in message.subject
        assert "version 2" in message.body
        assert "More time after the supplier day" in message.body
        assert f"Submission deadline: {uk_time(original)} → {uk_time(original + timedelta(days=7))}" in message.body

    # The bid already submitted is asked to be confirmed (or revised); the watcher had none.
    bid = Bid.objects.get(competition=competition, supplier=bidder)
    assert bid.needs_confirmation_since == 2 and bid.confirmed_version == 1
    assert not Bid.objects.filter(competition=competition, supplier=watcher).exists()
    with pytest.raises(DomainError, match="has not started a bid"):
        services.bid_confirm(actor=watcher_user, competition=competition)

    bid = services.bid_confirm(actor=bidder_user, competition=competition)
    bid.refresh_from_db()
    assert bid.needs_confirmation_since is None and bid.confirmed_version == 2
    assert BidRevision.objects.filter(bid=bid).count() == 1  # confirming is not a new submission
    assert AuditEvent.objects.filter(verb="bid.confirmed").count() == 1

    # After a second amendment, revising the bid answers the question too.
    services.competition_amend(actor=buyer_admin, competition=competition, reason="Longer answers allowed",
                               clarification_deadline=competition.clarification_deadline + timedelta(days=1))
    bid.refresh_from_db()
    assert bid.needs_confirmation_since == 3
    revision = services.bid_submit(actor=bidder_user, competition=competition,
                                   expected_edit_version=current_edit_version(bidder_user, competition))
    assert revision.competition_version == 3
    bid.refresh_from_db()
    assert bid.needs_confirmation_since is None and bid.confirmed_version == 3

    # After the deadline nothing can be amended.
    pass_deadline(competition)
    with pytest.raises(DomainError, match="Only an open competition can be amended"):
        services.competition_amend(actor=buyer_admin, competition=competition, reason="Too late",
                                   submission_deadline=timezone.now() + timedelta(days=30))
