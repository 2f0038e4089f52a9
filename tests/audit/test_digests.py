"""Rule 12: a daily digest of every stream's head, chained day to day and published outside the database."""

import json
from datetime import date

import pytest

from marketplace.audit.models import GENESIS_HASH, AuditDigest, AuditStream
from marketplace.audit.services import audit_digest_create, audit_record, digest_document, digest_hash, digest_path
from marketplace.audit.verification import verify_all

DAY_1 = date(2026, 3, 9)
DAY_2 = date(2026, 3, 10)


@pytest.fixture
def streams(make_chain):
    make_chain("competition-1", 3)
    make_chain("organisation-2", 2)


def heads_now():
    return {s.key: {"length": s.length, "head": s.head_hash} for s in AuditStream.objects.all()}


def test_rule_12_a_digest_records_every_streams_head(streams, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        digest = audit_digest_create(day=DAY_1)
    assert digest.heads == heads_now()
    assert set(digest.heads) == {"competition-1", "organisation-2"}
    assert digest.heads["competition-1"]["length"] == 3
    assert digest.previous_hash == GENESIS_HASH
    assert digest.hash == digest_hash(day=DAY_1, heads=digest.heads, previous_hash=GENESIS_HASH)


def test_rule_12_a_digest_is_created_once_per_day(streams, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = audit_digest_create(day=DAY_1)
    audit_record(stream="competition-1", verb="later.event")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = audit_digest_create(day=DAY_1)
    assert again.pk == first.pk
    assert callbacks == []  # nothing republished
    assert AuditDigest.objects.count() == 1
    assert AuditDigest.objects.get().heads["competition-1"]["length"] == 3
    assert json.loads(digest_path(DAY_1).read_text())["hash"] == first.hash


def test_rule_12_digests_are_chained_day_to_day(streams, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = audit_digest_create(day=DAY_1)
    audit_record(stream="competition-1", verb="later.event")
    audit_record(stream="contract-3", verb="contract.signed")
    with django_capture_on_commit_callbacks(execute=True):
        second = audit_digest_create(day=DAY_2)
    assert second.previous_hash == first.hash
    assert second.hash != first.hash
    assert second.heads["competition-1"]["length"] == 4
    assert "contract-3" in second.heads and "contract-3" not in first.heads
    report = verify_all()
    assert report.intact, report.broken
    assert report.digests == 2


def test_rule_12_a_digest_for_an_earlier_day_than_the_last_is_refused(streams):
    """Inserting a day behind the last digest would fork the chain and make an honest log look tampered."""
    audit_digest_create(day=DAY_2)
    with pytest.raises(ValueError, match="day order"):
        audit_digest_create(day=DAY_1)
    assert list(AuditDigest.objects.values_list("day", flat=True)) == [DAY_2]
    assert verify_all().intact


def test_rule_12_the_digest_file_is_published_outside_the_database(
    streams, settings, django_capture_on_commit_callbacks
):
    path = settings.SPARK_AUDIT_DIGEST_DIR / "audit-digest-2026-03-09.json"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        digest = audit_digest_create(day=DAY_1)
    assert not path.exists()  # nothing is published until the digest is committed
    for callback in callbacks:
        callback()
    assert digest_path(DAY_1) == path
    published = json.loads(path.read_text())
    assert published == digest_document(digest)
    assert published["hash"] == digest.hash
    assert published["heads"] == heads_now()
    assert not list(path.parent.glob("*.tmp"))
