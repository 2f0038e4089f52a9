"""Rule 12: a careful attacker who makes a chain look whole again is caught by the digests published earlier."""

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from marketplace.audit.models import AuditDigest, AuditStream
from marketplace.audit.services import (
    audit_digest_create,
    audit_purge_expired,
    audit_record,
    audit_stream_close,
    digest_hash,
    digest_path,
)
from marketplace.audit.verification import verify_all, verify_stream

STREAM = "competition-12"
DAY_1 = date(2026, 4, 1)
DAY_2 = date(2026, 4, 2)


@pytest.fixture
def published(make_chain, django_capture_on_commit_callbacks):
    """Three events, a digest; two more, a second digest; both digest files published."""
    events = make_chain(STREAM, 3)
    make_chain("organisation-1", 2)
    with django_capture_on_commit_callbacks(execute=True):
        audit_digest_create(day=DAY_1)
    for n in (4, 5):
        events.append(audit_record(stream=STREAM, verb="bid.submitted", data={"n": n}))
    with django_capture_on_commit_callbacks(execute=True):
        audit_digest_create(day=DAY_2)
    assert verify_all().intact
    return events


def chain_looks_whole():
    stream = AuditStream.objects.get(key=STREAM)
    return verify_stream(stream)[1] is None


def assert_caught(problem):
    report = verify_all()
    assert not report.intact
    assert any(problem in link.problem for link in report.broken), report.broken
    with pytest.raises(CommandError, match="Audit log broken"):
        call_command("audit_verify", stdout=StringIO(), stderr=StringIO())
    return report


def test_rule_12_deleting_the_last_event_and_rewriting_the_head_is_caught(published, attacker):
    attacker.delete_event(published[-1].pk)
    attacker.set_stream_head(STREAM, length=4, head_hash=published[3].hash)
    assert chain_looks_whole()

    report = assert_caught("no longer matches the head published in digest 2026-04-02")
    assert [(link.where, link.seq) for link in report.broken] == [(STREAM, 5)]
    with pytest.raises(CommandError, match=STREAM):
        call_command("audit_verify", stdout=StringIO(), stderr=StringIO())


@pytest.mark.parametrize("position", [1, 2, 3, 4, 5])
def test_rule_12_recomputing_the_whole_chain_after_an_edit_is_caught(published, attacker, position):
    event = published[position - 1]
    attacker.set_event_field(event.pk, "data", {**event.data, "n": 99})
    attacker.rehash_chain(STREAM)
    assert chain_looks_whole()

    report = assert_caught("no longer matches the head published in digest")
    broken_digests = {link.problem.rsplit(" ", 1)[-1] for link in report.broken}
    # Every digest taken after the edited event exposes it.
    assert broken_digests == ({"2026-04-01", "2026-04-02"} if position <= 3 else {"2026-04-02"})
    assert {link.where for link in report.broken} == {STREAM}


def test_rule_12_rewriting_the_digest_row_too_is_caught_by_the_published_file(published, attacker):
    attacker.delete_event(published[-1].pk)
    attacker.set_stream_head(STREAM, length=4, head_hash=published[3].hash)
    digest = AuditDigest.objects.get(day=DAY_2)
    heads = {**digest.heads, STREAM: {"length": 4, "head": published[3].hash}}
    AuditDigest.objects.filter(pk=digest.pk).update(
        heads=heads, hash=digest_hash(day=DAY_2, heads=heads, previous_hash=digest.previous_hash)
    )
    assert json.loads(digest_path(DAY_2).read_text())["hash"] == digest.hash  # the file outside is untouched

    report = assert_caught(f"differs from the copy published at {digest_path(DAY_2)}")
    assert [str(link).split(":")[0] for link in report.broken] == ["digest 2026-04-02"]


def test_rule_12_marking_a_stream_purged_does_not_hide_its_tampering(published, attacker):
    """Verification skips purged streams; flagging one as purged without a recorded purge must not hide it."""
    attacker.set_event_field(published[1].pk, "verb", "forged")
    AuditStream.objects.filter(key=STREAM).update(purged_at=published[0].occurred_at)

    report = assert_caught("no purge of it is recorded")
    assert STREAM in {link.where for link in report.broken}


def test_rule_12_tampering_before_a_purge_is_still_caught_after_it(published, attacker):
    """The purge records the stream's head; if it disagrees with an earlier digest, the truncation shows."""
    attacker.delete_event(published[-1].pk)
    attacker.set_stream_head(STREAM, length=4, head_hash=published[3].hash)
    stream = AuditStream.objects.get(key=STREAM)
    audit_stream_close(stream=STREAM, closed_at=stream.created_at)
    assert audit_purge_expired(now=stream.created_at + timedelta(days=4 * 366)) == [STREAM]

    report = assert_caught("does not match the head recorded when it was purged")
    assert [(link.where, link.seq) for link in report.broken] == [(STREAM, 5)]


def test_rule_12_a_purged_stream_must_match_its_purge_record(published):
    stream = AuditStream.objects.get(key=STREAM)
    audit_stream_close(stream=STREAM, closed_at=stream.created_at)
    audit_purge_expired(now=stream.created_at + timedelta(days=4 * 366))
    assert verify_all().intact
    AuditStream.objects.filter(key=STREAM).update(length=7, head_hash="e" * 64)
    assert_caught("does not match the length and head recorded when it was purged")
