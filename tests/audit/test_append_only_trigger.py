"""Rule 12: on PostgreSQL the database itself refuses to change or delete audit events."""

import pytest
from django.db import DatabaseError, connection, transaction

from marketplace.audit.models import AuditEvent, PurgePermit

from . import attacker


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the append-only trigger is a PostgreSQL feature; SQLite relies on the ORM guard",
)
def test_rule_12_the_database_refuses_raw_updates_and_deletes(make_chain):
    event = make_chain("competition-9", 3)[1]

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        attacker.set_event_field(event.pk, "verb", "forged")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        attacker.delete_event(event.pk)
    assert AuditEvent.objects.get(pk=event.pk).verb == event.verb

    # A retention purge's permit, inside its own transaction, lets deletes through, never updates.
    with transaction.atomic():
        PurgePermit.objects.create()
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            attacker.set_event_field(event.pk, "verb", "forged")
        attacker.delete_event(event.pk)
        assert not AuditEvent.objects.filter(pk=event.pk).exists()
        transaction.set_rollback(True)
    assert AuditEvent.objects.get(pk=event.pk).verb == event.verb
