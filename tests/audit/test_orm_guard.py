"""Rule 12: through the ORM, audit events can be added one at a time and never changed or removed."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from marketplace.audit.models import AppendOnlyError, AuditEvent, AuditStream
from marketplace.audit.verification import verify_all


@pytest.fixture
def events(make_chain):
    return make_chain("organisation-5", 3)


def snapshot():
    return list(AuditEvent.objects.order_by("pk").values())


def test_rule_12_queryset_update_is_refused(events):
    before = snapshot()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=events[0].pk).update(verb="forged")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(data={})
    assert snapshot() == before


def test_rule_12_queryset_delete_is_refused(events):
    before = snapshot()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=events[0].pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert snapshot() == before


def test_rule_12_bulk_writes_are_refused(events):
    before = snapshot()
    copy = AuditEvent.objects.get(pk=events[0].pk)
    copy.pk = None
    copy.seq = 99
    copy.hash = "f" * 64
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_create([copy])
    existing = AuditEvent.objects.get(pk=events[1].pk)
    existing.verb = "forged"
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update([existing], ["verb"])
    assert snapshot() == before


def test_rule_12_saving_an_existing_event_is_refused(events):
    before = snapshot()
    event = AuditEvent.objects.get(pk=events[1].pk)
    event.verb = "forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.save(update_fields=["verb"])
    assert snapshot() == before


def test_rule_12_a_new_instance_carrying_an_existing_id_cannot_overwrite_it(events):
    """A fresh instance is 'adding', but with an existing primary key Django would UPDATE the row."""
    before = snapshot()
    original = AuditEvent.objects.get(pk=events[1].pk)
    forged = AuditEvent(
        pk=original.pk,
        stream=original.stream,
        seq=original.seq,
        occurred_at=original.occurred_at,
        verb="forged",
        data={"forged": True},
        prev_hash=original.prev_hash,
        hash=original.hash,
    )
    with pytest.raises((AppendOnlyError, IntegrityError)), transaction.atomic():
        forged.save()
    assert snapshot() == before
    assert verify_all().intact


def test_rule_12_deleting_an_event_instance_is_refused(events):
    before = snapshot()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.get(pk=events[2].pk).delete()
    assert snapshot() == before


def test_rule_12_a_stream_with_events_cannot_be_deleted(events):
    with pytest.raises(ProtectedError):
        AuditStream.objects.get(key="organisation-5").delete()
    assert AuditEvent.objects.count() == 3
