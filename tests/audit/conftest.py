"""Fixtures for the audit log's tests: chains of events, and an attacker with rights on the database."""

import pytest

from marketplace.audit.services import audit_record
from tests.factories import UserFactory

from . import attacker as attacker_module


@pytest.fixture
def people(db):
    return UserFactory(), UserFactory()


@pytest.fixture
def make_chain(people):
    """Append `length` events to a stream, with a mix of actors, verbs, targets and content."""
    alice, bob = people

    def make(stream: str, length: int = 5):
        events = []
        for n in range(1, length + 1):
            events.append(
                audit_record(
                    stream=stream,
                    verb=f"thing.step_{n % 3}",
                    actor=(alice, bob, None)[n % 3],
                    target=bob if n % 2 else None,
                    data={"n": n, "amount_pence": 1000 * n, "note": "ünïcode ✓"},
                )
            )
        return events

    return make


@pytest.fixture
def attacker(db):
    """Someone with database rights: on PostgreSQL they switch the append-only trigger off first."""
    attacker_module.disable_trigger()
    return attacker_module
