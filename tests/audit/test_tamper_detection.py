"""Rule 12: any edit, deletion or reordering of an audit event, at any position, is reported."""

from datetime import timedelta
from io import StringIO
from itertools import combinations

import pytest
from django.core.management import CommandError, call_command

from marketplace.audit.models import AuditEvent
from marketplace.audit.services import hash_of_event
from marketplace.audit.verification import verify_all

LENGTH = 5
STREAM = "competition-7"
BYSTANDER = "organisation-3"
POSITIONS = range(1, LENGTH + 1)


@pytest.fixture
def chain(make_chain):
    events = make_chain(STREAM, LENGTH)
    make_chain(BYSTANDER, 3)  # another stream, which must not be reported
    assert verify_all().intact
    return events


def assert_reported(*, seq, problem):
    report = verify_all()
    assert not report.intact
    assert [link.where for link in report.broken] == [STREAM]
    link = report.broken[0]
    assert link.seq == seq
    assert problem in link.problem
    stderr = StringIO()
    with pytest.raises(CommandError, match=STREAM) as raised:
        call_command("audit_verify", stdout=StringIO(), stderr=stderr)
    assert str(link) in str(raised.value)
    assert STREAM in stderr.getvalue()
    assert BYSTANDER not in stderr.getvalue()


def test_rule_12_an_untouched_log_verifies(chain):
    report = verify_all()
    assert report.intact
    assert report.streams == 2
    assert report.events == LENGTH + 3
    stdout = StringIO()
    call_command("audit_verify", stdout=stdout)
    assert "Audit log intact: 2 streams, 8 events" in stdout.getvalue()


def _edited_value(kind, event, people):
    alice, bob = people
    if kind == "data":
        return "data", {**event.data, "amount_pence": event.data["amount_pence"] + 1}
    if kind == "verb":
        return "verb", event.verb + "_undone"
    if kind == "actor":
        return "actor", bob if event.actor_id == alice.pk else alice
    if kind == "time":
        return "occurred_at", event.occurred_at + timedelta(microseconds=1)
    if kind == "object":
        return "object_id", event.object_id + "0"
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["data", "verb", "actor", "time", "object"])
@pytest.mark.parametrize("position", POSITIONS)
def test_rule_12_an_edited_event_is_reported(chain, attacker, people, position, kind):
    event = chain[position - 1]
    field, value = _edited_value(kind, event, people)
    attacker.set_event_field(event.pk, field, value.pk if field == "actor" else value)
    if field == "actor":
        assert AuditEvent.objects.get(pk=event.pk).actor_id == value.pk != event.actor_id
    assert_reported(seq=position, problem="does not match its hash")


@pytest.mark.parametrize("position", POSITIONS)
def test_rule_12_an_edited_event_given_a_fresh_hash_is_reported(chain, attacker, position):
    """Recomputing the edited event's own hash breaks the link to the next event (or to the stream's head)."""
    event = AuditEvent.objects.get(pk=chain[position - 1].pk)
    event.data = {**event.data, "amount_pence": 1}
    attacker.set_event_field(event.pk, "data", event.data)
    attacker.set_event_field(event.pk, "hash", hash_of_event(event, STREAM))
    if position < LENGTH:
        assert_reported(seq=position + 1, problem="does not link to the event before it")
    else:
        assert_reported(seq=None, problem="head does not match its last event")


@pytest.mark.parametrize("position", POSITIONS)
def test_rule_12_a_deleted_event_is_reported(chain, attacker, position):
    attacker.delete_event(chain[position - 1].pk)
    assert AuditEvent.objects.filter(stream__key=STREAM).count() == LENGTH - 1
    if position < LENGTH:
        assert_reported(seq=position, problem=f"event {position} is missing")
    else:
        assert_reported(seq=None, problem=f"records {LENGTH} events but {LENGTH - 1} were found")


@pytest.mark.parametrize(("first", "second"), list(combinations(POSITIONS, 2)))
def test_rule_12_a_reordered_pair_is_reported(chain, attacker, first, second):
    attacker.swap_positions(chain[first - 1].pk, chain[second - 1].pk)
    assert AuditEvent.objects.get(pk=chain[first - 1].pk).seq == second
    assert AuditEvent.objects.get(pk=chain[second - 1].pk).seq == first
    assert_reported(seq=first, problem="does not link to the event before it")
