"""Rule 12: personal data sits beside the hashed content, so erasing it leaves the chain intact."""

import json

import pytest

from marketplace.audit.models import AuditEvent, AuditPersonalData
from marketplace.audit.services import (
    MARKETPLACE_STREAM,
    audit_digest_create,
    audit_erase_personal_data,
    audit_record,
    digest_document,
    hash_of_event,
)
from marketplace.audit.verification import verify_all
from tests.factories import UserFactory

ALICE_EMAIL = "alice.private@example.org"
BOB_EMAIL = "bob.private@example.org"


@pytest.fixture
def alice(db):
    return UserFactory(email=ALICE_EMAIL)


@pytest.fixture
def bob(db):
    return UserFactory(email=BOB_EMAIL)


def test_rule_12_personal_data_is_kept_out_of_the_hashed_content(alice):
    event = audit_record(
        stream="organisation-1",
        verb="membership.invited",
        actor=alice,
        data={"role": "admin"},
        personal={"email": ALICE_EMAIL, "ip": "203.0.113.7", "name": "Alice Private"},
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.data == {"role": "admin"}
    assert hash_of_event(stored, "organisation-1") == stored.hash
    assert stored.personal.data == {"email": ALICE_EMAIL, "ip": "203.0.113.7", "name": "Alice Private"}
    assert stored.personal.subjects == f",{alice.pk},"
    every_hashed_field = json.dumps(list(AuditEvent.objects.values()), default=str)
    for secret in (ALICE_EMAIL, "203.0.113.7", "Alice Private"):
        assert secret not in every_hashed_field
    digest = audit_digest_create(day=stored.occurred_at.date())
    assert ALICE_EMAIL not in json.dumps(digest_document(digest))


def test_rule_12_erasure_empties_only_that_persons_personal_data(alice, bob):
    stream = "competition-4"
    by_alice = audit_record(stream=stream, verb="bid.submitted", actor=alice, personal={"email": ALICE_EMAIL})
    about_alice = audit_record(
        stream=stream, verb="user.suspended", actor=bob, target=alice, personal={"email": ALICE_EMAIL}
    )
    naming_alice = audit_record(
        stream="organisation-9", verb="user.noted", data={"user_id": alice.pk}, personal={"why": "asked"}
    )
    by_bob = audit_record(stream=stream, verb="bid.submitted", actor=bob, personal={"email": BOB_EMAIL})
    # Bob acts on Alice: the row is about both, so it is Alice's to erase too.
    both = sorted([alice.pk, bob.pk])
    assert AuditPersonalData.objects.get(event=about_alice).subjects == f",{both[0]},{both[1]},"
    digest = audit_digest_create(day=by_bob.occurred_at.date())

    erased = audit_erase_personal_data(user_id=alice.pk)

    assert erased == 3
    for event in (by_alice, about_alice, naming_alice):
        personal = AuditPersonalData.objects.get(event=event)
        assert personal.data == {}
        assert personal.erased_at is not None
    bobs = AuditPersonalData.objects.get(event=by_bob)
    assert bobs.data == {"email": BOB_EMAIL}
    assert bobs.erased_at is None
    assert all(ALICE_EMAIL not in json.dumps(row.data) for row in AuditPersonalData.objects.all())
    # The erasure is itself on the record, and the chain (and the digest taken before it) still verify.
    record = AuditEvent.objects.filter(stream__key=MARKETPLACE_STREAM).latest("seq")
    assert record.verb == "audit.personal_data_erased"
    assert record.data == {"user_id": alice.pk, "events": 3}
    report = verify_all()
    assert report.intact, report.broken
    assert report.digests == 1
    assert digest.heads[stream]["length"] == 3

    # Erasing again finds nothing new.
    assert audit_erase_personal_data(user_id=alice.pk) == 0
    assert AuditPersonalData.objects.get(event=by_bob).data == {"email": BOB_EMAIL}


def test_rule_12_erasure_matches_whole_ids_only(db):
    """Erasing person 1 must not touch person 11's or 21's data (subjects are stored as ',11,')."""
    for user_id in (1, 11, 21):
        audit_record(stream="org-ids", verb="noted", data={"user_id": user_id}, personal={"who": f"person {user_id}"})

    assert audit_erase_personal_data(user_id=1) == 1
    assert AuditPersonalData.objects.get(subjects=",1,").data == {}
    assert AuditPersonalData.objects.get(subjects=",11,").data == {"who": "person 11"}
    assert AuditPersonalData.objects.get(subjects=",21,").data == {"who": "person 21"}
    assert verify_all().intact
