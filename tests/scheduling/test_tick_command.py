"""`manage.py tick`, as cron runs it, publishes the audit digest once a day."""

from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from marketplace.audit.models import AuditDigest
from marketplace.audit.services import audit_record
from marketplace.audit.verification import verify_all
from marketplace.scheduling.models import JobRun, JobRunStatus

MORNING = datetime(2026, 3, 10, 0, 1, tzinfo=UTC)


def run_tick(moment):
    stdout = StringIO()
    with time_machine.travel(moment, tick=False):
        call_command("tick", stdout=stdout)
    return stdout.getvalue()


@pytest.mark.django_db
def test_the_tick_command_publishes_the_audit_digest_once_a_day():
    audit_record(stream="competition-1", verb="competition.published")

    output = run_tick(MORNING)
    assert "audit.digest 2026-03-10T00:00:00+00:00 succeeded" in output
    assert "audit.purge 2026-03-10T00:00:00+00:00 succeeded" in output
    digest = AuditDigest.objects.get()
    assert digest.day == date(2026, 3, 10)
    assert digest.heads["competition-1"]["length"] == 1

    audit_record(stream="competition-1", verb="bid.submitted")
    for later in (timedelta(minutes=1), timedelta(hours=6), timedelta(hours=23, minutes=58)):
        assert "audit.digest" not in run_tick(MORNING + later)
    assert AuditDigest.objects.count() == 1
    assert JobRun.objects.filter(job="audit.digest").count() == 1

    output = run_tick(MORNING + timedelta(days=1))
    assert "audit.digest 2026-03-11T00:00:00+00:00 succeeded" in output
    assert list(AuditDigest.objects.order_by("day").values_list("day", flat=True)) == [
        date(2026, 3, 10),
        date(2026, 3, 11),
    ]
    newest = AuditDigest.objects.get(day=date(2026, 3, 11))
    assert newest.heads["competition-1"]["length"] == 2
    assert newest.previous_hash == digest.hash
    assert set(JobRun.objects.values_list("status", flat=True)) == {JobRunStatus.SUCCEEDED}
    assert verify_all().intact


@pytest.mark.django_db
def test_the_tick_command_catches_up_missed_digests_in_day_order():
    run_tick(MORNING)
    output = run_tick(MORNING + timedelta(days=3, hours=2))
    assert [line.split()[1][:10] for line in output.splitlines() if line.startswith("audit.digest")] == [
        "2026-03-11",
        "2026-03-12",
        "2026-03-13",
    ]
    assert AuditDigest.objects.count() == 4
    report = verify_all()
    assert report.intact, report.broken
    assert report.digests == 4


@pytest.mark.django_db
def test_the_tick_command_can_run_one_job():
    stdout = StringIO()
    with time_machine.travel(MORNING, tick=False):
        call_command("tick", "--job", "audit.purge", stdout=stdout)
    assert "audit.purge" in stdout.getvalue()
    assert not AuditDigest.objects.exists()
    assert list(JobRun.objects.values_list("job", flat=True)) == ["audit.purge"]
