"""What someone with rights on the database can do to the audit table, by raw SQL.

On PostgreSQL a trigger refuses UPDATE and DELETE on audit events; an attacker
with database rights would simply switch it off, so the tamper tests do too
(inside the test's transaction, which is rolled back afterwards).
"""

from django.db import connection

from marketplace.audit.models import AuditEvent, AuditStream
from marketplace.audit.services import hash_of_event

EVENTS = AuditEvent._meta.db_table
STREAMS = AuditStream._meta.db_table
TRIGGER = "audit_event_append_only"


def disable_trigger():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # ALTER TABLE refuses while deferred foreign-key checks are pending: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {EVENTS} DISABLE TRIGGER {TRIGGER}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _column(model, field_name):
    field = model._meta.get_field(field_name)
    return field, connection.ops.quote_name(field.column)


def set_event_field(event_id: int, field_name: str, value) -> None:
    field, column = _column(AuditEvent, field_name)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {EVENTS} SET {column} = %s WHERE id = %s",
            [field.get_db_prep_save(value, connection), event_id],
        )
        assert cursor.rowcount == 1


def delete_event(event_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {EVENTS} WHERE id = %s", [event_id])
        assert cursor.rowcount == 1


def swap_positions(first_id: int, second_id: int) -> None:
    """Swap two events' seq values through a temporary value (the position is unique)."""
    first_seq = AuditEvent.objects.get(pk=first_id).seq
    second_seq = AuditEvent.objects.get(pk=second_id).seq
    set_event_field(first_id, "seq", 10**9)
    set_event_field(second_id, "seq", first_seq)
    set_event_field(first_id, "seq", second_seq)


def set_stream_head(stream_key: str, *, length: int, head_hash: str) -> None:
    with connection.cursor() as cursor:
        quote = connection.ops.quote_name
        cursor.execute(
            f"UPDATE {STREAMS} SET {quote('length')} = %s, {quote('head_hash')} = %s WHERE {quote('key')} = %s",
            [length, head_hash, stream_key],
        )
        assert cursor.rowcount == 1


def rehash_chain(stream_key: str) -> None:
    """Recompute every link of a stream after an edit, and its head, as a careful attacker would."""
    previous = "0" * 64
    events = list(AuditEvent.objects.filter(stream__key=stream_key).order_by("seq"))
    for event in events:
        event.prev_hash = previous
        new_hash = hash_of_event(event, stream_key)
        set_event_field(event.pk, "prev_hash", previous)
        set_event_field(event.pk, "hash", new_hash)
        previous = new_hash
    set_stream_head(stream_key, length=len(events), head_hash=previous)
