"""`manage.py tick` for competitions: the close stamp (closed is already true from the deadline), the daily
digest for suppliers that chose one, and the invitations safety net."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from marketplace.audit.models import AuditEvent
from marketplace.competitions import selectors, services
from marketplace.competitions.models import (
    Competition,
    CompetitionStatus,
    DigestItem,
    EmailFrequency,
    Invitation,
    closed_q,
    open_q,
)
from marketplace.errors import DomainError
from tests.competition_builder import pass_deadline, published, quick_admitted_supplier, submitted_bid

pytestmark = pytest.mark.django_db


def tick(*jobs) -> str:
    out = StringIO()
    call_command("tick", jobs=list(jobs), stdout=out)
    return out.getvalue()


def test_the_close_job_stamps_a_passed_deadline_once_and_tells_the_buyer(
    buyer_admin, django_capture_on_commit_callbacks
):
    organisation, supplier = quick_admitted_supplier()
    competition = published(buyer_admin)
    still_open = published(buyer_admin, title="Still open")
    submitted_bid(supplier, competition)
    competition = pass_deadline(competition)

    # Closed is true before any job has run: in Python and in queries.
    assert competition.status == CompetitionStatus.PUBLISHED and competition.closed_at is None
    assert competition.is_closed() and not competition.is_open()
    assert competition.effective_status() == CompetitionStatus.CLOSED
    assert set(Competition.objects.filter(closed_q()).values_list("pk", flat=True)) == {competition.pk}
    assert set(Competition.objects.filter(open_q()).values_list("pk", flat=True)) == {still_open.pk}
    assert [c.pk for c in selectors.open_opportunities()] == [still_open.pk]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        output = tick("competitions.close")
    assert "competitions.close" in output and "succeeded" in output
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.CLOSED and competition.closed_at is not None
    assert competition.closed_at >= competition.submission_deadline
    assert Competition.objects.get(pk=still_open.pk).status == CompetitionStatus.PUBLISHED
    [told] = mail.outbox
    assert buyer_admin.email in told.to
    assert told.subject == f"Spark: {competition.title} has closed"
    assert "1 bid was submitted" in told.body
    assert AuditEvent.objects.get(verb="competition.closed").data["bids"] == 1

    # Idempotent: the tick does not run the period twice, and the job itself stamps nothing twice.
    stamped = competition.closed_at
    with django_capture_on_commit_callbacks(execute=True):
        assert "competitions.close" not in tick("competitions.close")
        assert services.competitions_close_due() == 0
    competition.refresh_from_db()
    assert competition.closed_at == stamped
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(verb="competition.closed").count() == 1
    assert competition.is_closed()


def test_the_digest_job_sends_one_daily_summary_to_suppliers_that_chose_daily(
    buyer_admin, django_capture_on_commit_callbacks
):
    daily, daily_user = quick_admitted_supplier(prefix="Daily")
    immediate, immediate_user = quick_admitted_supplier(prefix="Immediate")
    services.notification_preference_set(actor=daily_user, frequency=EmailFrequency.DAILY)
    services.notification_preference_set(actor=immediate_user, frequency=EmailFrequency.IMMEDIATE)
    with pytest.raises(DomainError, match="Select how often"):
        services.notification_preference_set(actor=daily_user, frequency="weekly")

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        competition = published(buyer_admin)
        clarification = services.clarification_ask(actor=immediate_user, competition=competition,
                                                   question="Is there a data standard?")
        services.clarification_publish(actor=buyer_admin, clarification=clarification,
                                       published_question="Is there a data standard?", answer="Yes, see document 2.")

    def to(user):
        return [m for m in mail.outbox if user.email in m.to]

    assert len(to(immediate_user)) == 2  # invited, then the clarification: each straight away
    assert to(daily_user) == []
    assert DigestItem.objects.filter(organisation=daily, sent_at__isnull=True).count() == 2
    assert not DigestItem.objects.filter(organisation=immediate).exists()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        output = tick("competitions.digest")
    assert "competitions.digest" in output and "succeeded" in output
    [summary] = to(daily_user)
    assert summary.subject == "Spark: Your daily summary of competitions"
    assert f"You are invited to bid: {competition.title}" in summary.body
    assert f"A clarification was published on {competition.title}" in summary.body
    assert to(immediate_user) == []
    assert not DigestItem.objects.filter(sent_at__isnull=True).exists()

    # Once a day: running it again sends nothing.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert "competitions.digest" not in tick("competitions.digest")
        assert services.digests_send() == 0
    assert mail.outbox == []


def test_the_invitations_job_invites_anyone_admitted_and_not_yet_invited(buyer_admin):
    competition = published(buyer_admin)
    # An admission written without the admission services (a data fix, say) has not invited anyone.
    organisation, _ = quick_admitted_supplier()
    assert not Invitation.objects.filter(competition=competition, supplier=organisation).exists()
    tick("competitions.invitations")
    assert Invitation.objects.get(competition=competition, supplier=organisation).late
    assert services.invitations_catch_up() == 0


def test_opening_the_bids_before_the_stamp_still_records_the_close_once(buyer_admin):
    # Every close writes an audit event (issue 6), even when the owner opens the bids in the minute (or, after
    # downtime, the hours) before the tick would have stamped it: the tick then has nothing left to stamp.
    organisation, supplier = quick_admitted_supplier()
    competition = published(buyer_admin)
    submitted_bid(supplier, competition)
    competition = pass_deadline(competition)

    services.competition_open_bids(actor=buyer_admin, competition=competition)
    assert services.competitions_close_due() == 0

    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.EVALUATING and competition.closed_at is not None
    [closed] = AuditEvent.objects.filter(verb="competition.closed")
    assert closed.data == {"deadline": competition.submission_deadline.isoformat(), "bids": 1}
    verbs = list(AuditEvent.objects.filter(stream__key=competition.audit_stream).values_list("verb", flat=True))
    assert verbs.index("competition.closed") < verbs.index("competition.bids_opened")
