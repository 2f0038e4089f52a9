"""Rule 12: a stream is purged 3 years after what it describes closed; the purge itself stays on the record."""

from datetime import UTC, datetime, timedelta

import pytest
from marketplace.audit.models import AuditEvent, AuditPersonalData, AuditStream, PurgePermit
from marketplace.audit.services import (
    MARKETPLACE_STREAM,
    audit_digest_create,
    audit_purge_expired,
    audit_record,
    audit_stream_close,
)
from marketplace.audit.verification import verify_all

NOW = datetime(2026, 6, 15, 3, 0, tzinfo=UTC)
OLD = "contract-old"
RECENT = "contract-recent"
OPEN = "contract-open"


@pytest.fixture
def streams(make_chain, people, settings):
    assert settings.SPARK_AUDIT_RETENTION_YEARS == 3
    alice, _ = people
    for key in (OLD, RECENT, OPEN):
        make_chain(key, 4)
        audit_record(stream=key, verb="contract.note", actor=alice, personal={"email": "alice@example.org"})
    audit_stream_close(stream=OLD, closed_at=NOW - timedelta(days=3 * 365 + 2))
    audit_stream_close(stream=RECENT, closed_at=NOW - timedelta(days=2 * 365))
    # A digest taken while the old stream was alive mentions it.
    audit_digest_create(day=(NOW - timedelta(days=1)).date())
    assert verify_all().intact
    return AuditStream.objects.get(key=OLD)


def test_rule_12_an_expired_stream_is_purged_and_the_purge_recorded(streams):
    """On PostgreSQL this also shows the purge's permit getting past the append-only trigger."""
    old_length, old_head = streams.length, streams.head_hash
    assert old_length == 5

    assert audit_purge_expired(now=NOW) == [OLD]

    old = AuditStream.objects.get(key=OLD)
    assert old.purged_at == NOW
    assert not AuditEvent.objects.filter(stream=old).exists()
    assert not AuditPersonalData.objects.filter(event__stream__key=OLD).exists()
    assert not PurgePermit.objects.exists()  # the permit never outlives the purge
    record = AuditEvent.objects.filter(stream__key=MARKETPLACE_STREAM).latest("seq")
    assert record.verb == "audit.stream_purged"
    assert record.data["stream"] == OLD
    assert record.data["length"] == old_length
    assert record.data["head"] == old_head


def test_rule_12_a_stream_closed_two_years_ago_and_an_open_stream_are_kept(streams):
    audit_purge_expired(now=NOW)
    for key in (RECENT, OPEN):
        stream = AuditStream.objects.get(key=key)
        assert stream.purged_at is None
        assert AuditEvent.objects.filter(stream=stream).count() == 5
        assert AuditPersonalData.objects.filter(event__stream=stream).count() == 1


def test_rule_12_the_log_still_verifies_after_a_purge(streams):
    audit_purge_expired(now=NOW)
    later = audit_digest_create(day=NOW.date())
    assert OLD not in later.heads and RECENT in later.heads
    report = verify_all()
    assert report.intact, report.broken
    assert report.digests == 2  # including the earlier one that names the purged stream


def test_rule_12_a_purge_runs_once_and_a_purged_stream_takes_no_events(streams):
    audit_purge_expired(now=NOW)
    marketplace_length = AuditStream.objects.get(key=MARKETPLACE_STREAM).length
    assert audit_purge_expired(now=NOW + timedelta(days=1)) == []
    assert AuditStream.objects.get(key=MARKETPLACE_STREAM).length == marketplace_length
    with pytest.raises(ValueError, match="purged"):
        audit_record(stream=OLD, verb="late.event")
    assert verify_all().intact


def test_rule_12_the_recent_stream_is_purged_once_its_time_comes(streams):
    assert audit_purge_expired(now=NOW + timedelta(days=366)) == [OLD, RECENT]
    assert AuditStream.objects.get(key=RECENT).purged_at is not None
    assert AuditStream.objects.get(key=OPEN).purged_at is None
    assert verify_all().intact

