"""Rule 7: sealed bids. Before the deadline nobody but the bidding supplier can read a bid; the content is
encrypted under a per-competition key wrapped by a master key held outside the database (never derived from
SECRET_KEY); only `competition_open_bids` unwraps it, for the owner, after the deadline, as an audited act;
audit events and receipts carry a keyed HMAC of the content, never a plain hash.

Threat model: a stolen database (or backup) reveals nothing; the database and the master key together do."""

import hashlib
import logging
import stat

import pytest
from cryptography.exceptions import InvalidTag
from django.core import mail
from django.db import connection

from marketplace.accounts.models import Role
from marketplace.audit.models import AuditEvent, AuditPersonalData
from marketplace.competitions import sealing, selectors, services
from marketplace.competitions.models import Bid, BidAttachment, BidRevision, Competition, CompetitionStatus
from marketplace.competitions.services.bids import DRAFT, revision_purpose
from marketplace.errors import DomainError, NotAllowed
from tests.competition_builder import (
    current_edit_version,
    pass_deadline,
    pdf_upload,
    published,
    quick_admitted_supplier,
    submitted_bid,
)
from tests.factories import BuyerOrganisationFactory, member

pytestmark = pytest.mark.django_db

MARKER = "ZQXSEALED7f3a9c"  # letters and digits only, so a PDF stores it as written


def database_dump() -> bytes:
    """Every value of every row of every table, raw: what a stolen database or backup holds."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, (bytes, bytearray, memoryview)):
                        chunks.append(bytes(value))
                    elif value is not None:
                        chunks.append(str(value).encode())
    return b"\n".join(chunks)


def sealed_bid_with_markers(competition, user):
    """A submitted bid carrying the marker in an answer, the price note, an attachment's bytes and its name,
    then a further unsubmitted change to the working copy. Returns (revision, attachment bytes)."""
    attachment = pdf_upload(f"{MARKER}-pricing.pdf", marker=MARKER)
    attachment_bytes = attachment.read()
    attachment.seek(0)
    revision = submitted_bid(user, competition, text=f"Our method {MARKER} cuts missed collections.",
                             note=f"Price note {MARKER}", attachment=attachment)
    services.bid_save_answers(actor=user, competition=competition,
                              expected_edit_version=current_edit_version(user, competition),
                              answers={str(competition.criteria.first().pk): f"Draft change {MARKER}"})
    return revision, attachment_bytes


def test_rule_7_the_database_alone_reveals_nothing(
    buyer_admin, django_capture_on_commit_callbacks, caplog, request
):
    organisation, supplier = quick_admitted_supplier()
    competition = published(buyer_admin)
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        revision, attachment_bytes = sealed_bid_with_markers(competition, supplier)
    competition.refresh_from_db()
    bid = Bid.objects.get(competition=competition)
    submitted = selectors.own_bid(viewer=supplier, competition=competition).submitted
    assert MARKER in submitted["price_note"]  # the supplier reads its own bid

    dump = database_dump()
    marker = MARKER.encode()
    assert competition.title.encode() in dump and bid.set_aside_reason == ""  # the dump does see plain columns
    assert marker in attachment_bytes  # and the attachment really carried the marker
    assert marker not in dump
    # Nor a plain hash that would let someone confirm a guess (of a price, say, or a known document).
    plain_hashes = [
        hashlib.sha256(attachment_bytes).hexdigest(),
        hashlib.sha256(sealing.canonical(submitted)).hexdigest(),
        hashlib.sha256(sealing.canonical({"content": submitted, "attachments": []})).hexdigest(),
    ]
    for digest in plain_hashes:
        assert digest.encode() not in dump
    # Nor any key: the data key is stored only wrapped, the master key not at all.
    data_key = sealing.data_key_for_opening(competition)
    master = sealing._read_or_create_master_key()
    for key in (data_key, master):
        assert key not in dump and key.hex().encode() not in dump
    assert bytes(competition.wrapped_key) != data_key and data_key not in bytes(competition.wrapped_key)
    # The columns that hold the bid hold ciphertext.
    for blob in (bid.sealed_draft, revision.sealed_content, BidAttachment.objects.get().sealed):
        assert bytes(blob)[:1] == sealing.FORMAT and marker not in bytes(blob)
    # Nor did any email or log line carry it.
    assert mail.outbox
    for message in mail.outbox:
        assert MARKER not in message.subject + message.body
    assert MARKER not in caplog.text

    # Someone with the database but another master key (the application, pointed at a fresh key file, makes
    # one) cannot unseal it, not even by forging the key id the database records.
    request.getfixturevalue("sealing_key")
    with pytest.raises(sealing.SealingKeyError, match="another master key"):
        selectors.own_bid(viewer=supplier, competition=competition)
    forged = Competition.objects.get(pk=competition.pk)
    forged.master_key_id = sealing.master_key_id()
    with pytest.raises(InvalidTag):
        sealing.unseal_json(forged, organisation.pk, revision_purpose(1), revision.sealed_content)
    with pytest.raises(InvalidTag):
        sealing.unseal_json(forged, organisation.pk, DRAFT, bid.sealed_draft)

    # And the owner cannot open them either after the deadline: nothing is stamped or audited.
    competition = pass_deadline(competition)
    with pytest.raises(sealing.SealingKeyError):
        services.competition_open_bids(actor=buyer_admin, competition=competition)
    competition.refresh_from_db()
    assert competition.bids_opened_at is None and competition.status == CompetitionStatus.PUBLISHED
    assert not AuditEvent.objects.filter(verb="competition.bids_opened").exists()


def test_rule_7_blobs_cannot_be_swapped_between_bids_or_uses(buyer_admin):
    first, first_user = quick_admitted_supplier()
    second, second_user = quick_admitted_supplier()
    competition = published(buyer_admin)
    first_revision = submitted_bid(first_user, competition)
    submitted_bid(second_user, competition)
    competition.refresh_from_db()
    # The same ciphertext under another supplier, or read as a draft rather than a revision, does not open.
    with pytest.raises(InvalidTag):
        sealing.unseal_json(competition, second.pk, revision_purpose(1), first_revision.sealed_content)
    with pytest.raises(InvalidTag):
        sealing.unseal_json(competition, first.pk, DRAFT, first_revision.sealed_content)


def test_rule_7_only_the_owner_opens_bids_after_the_deadline_as_an_audited_act(buyer_admin, buyer_org, operator):
    organisation, supplier = quick_admitted_supplier()
    competition = published(buyer_admin)
    revision = submitted_bid(supplier, competition, note=f"Price note {MARKER}")
    other_admin = member(buyer_org, Role.ADMIN)
    colleague = member(buyer_org, Role.MEMBER)
    stranger = member(BuyerOrganisationFactory(), Role.ADMIN)

    # Before the deadline: nobody, not the owner either.
    with pytest.raises(DomainError, match="Bids stay sealed until the submission deadline") as refused:
        services.competition_open_bids(actor=buyer_admin, competition=competition)
    assert refused.value.code == "sealed"
    for actor in (other_admin, colleague, stranger, operator, supplier):
        with pytest.raises(NotAllowed):
            services.competition_open_bids(actor=actor, competition=competition)
    # The buyer's own reads tell how many were invited, never who has bid or how many.
    seen = selectors.competition_for_buyer(viewer=buyer_admin, competition_id=competition.pk)
    assert seen.invited_count == 1
    assert selectors.bid_counts_after_close(competition) is None
    assert not AuditEvent.objects.filter(verb="competition.bids_opened").exists()

    competition = pass_deadline(competition)
    assert selectors.bid_counts_after_close(competition) == {"submitted": 1}
    # After the deadline: still only the owner.
    for actor in (other_admin, colleague, stranger, operator, supplier):
        with pytest.raises(NotAllowed):
            services.competition_open_bids(actor=actor, competition=competition)
    assert not AuditEvent.objects.filter(verb="competition.bids_opened").exists()

    [opened] = services.competition_open_bids(actor=buyer_admin, competition=competition)
    assert opened.supplier_id == organisation.pk and opened.revision == 1
    assert opened.content["price_note"] == f"Price note {MARKER}"
    assert opened.content_hmac == revision.content_hmac
    event = AuditEvent.objects.get(verb="competition.bids_opened")
    assert event.actor_id == buyer_admin.pk
    assert event.stream.key == competition.audit_stream
    assert event.data == {"bids": 1, "hmacs": [revision.content_hmac], "first": True}
    assert MARKER not in str(event.data)
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.EVALUATING
    assert competition.bids_opened_by == buyer_admin and competition.bids_opened_at is not None

    # Opening again (to evaluate) is audited again.
    services.competition_open_bids(actor=buyer_admin, competition=competition)
    assert [e.data["first"] for e in AuditEvent.objects.filter(verb="competition.bids_opened")] == [True, False]


def test_rule_7_audit_events_and_receipts_carry_a_keyed_hmac_never_a_plain_hash(
    buyer_admin, django_capture_on_commit_callbacks, request
):
    organisation, supplier = quick_admitted_supplier()
    competition = published(buyer_admin)
    attachment = pdf_upload("method.pdf", marker=MARKER)
    attachment_bytes = attachment.read()
    attachment.seek(0)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        revision = submitted_bid(supplier, competition, note=f"Price note {MARKER}", attachment=attachment)
    content = selectors.own_bid(viewer=supplier, competition=competition).submitted

    mac = sealing.content_hmac(content)
    assert revision.content_hmac == mac
    event = AuditEvent.objects.get(verb="bid.submitted")
    assert event.data["hmac"] == mac
    [receipt] = [m for m in mail.outbox if "Receipt" in m.subject]
    assert mac in receipt.body

    plain = {
        hashlib.sha256(sealing.canonical(content)).hexdigest(),
        hashlib.sha256(sealing.canonical({"content": content, "attachments": []})).hexdigest(),
        hashlib.sha256(attachment_bytes).hexdigest(),
        hashlib.sha256(sealing.canonical(content["answers"])).hexdigest(),
    }
    assert mac not in plain
    audit_text = " ".join(str(e.data) for e in AuditEvent.objects.all()) + " ".join(
        str(p.data) for p in AuditPersonalData.objects.all()
    )
    emails_text = " ".join(m.subject + m.body for m in mail.outbox)
    for text in (audit_text, emails_text):
        assert MARKER not in text
        assert str(content["price_pence"]) not in text
        for digest in plain:
            assert digest not in text
    for listed in content["attachments"]:
        assert listed["mac"] != hashlib.sha256(attachment_bytes).hexdigest()

    # Keyed: under another master key the same content has another HMAC, so the HMAC confirms nothing to
    # someone without the key.
    request.getfixturevalue("sealing_key")
    assert sealing.content_hmac(content) != mac


def test_rule_7_the_master_key_is_a_file_outside_the_database_never_derived_from_secret_key(
    buyer_admin, settings, request
):
    organisation, supplier = quick_admitted_supplier()
    competition = published(buyer_admin)
    revision = submitted_bid(supplier, competition, note=f"Price note {MARKER}")
    key_file = settings.SPARK_SEALING_KEY_FILE
    assert key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    competition.refresh_from_db()
    key_id = competition.master_key_id
    assert key_id == sealing.master_key_id()
    assert not [f for f in Competition._meta.get_fields() if "master_key" in f.name and f.name != "master_key_id"]

    # A different SECRET_KEY changes nothing: the key does not come from it.
    settings.SECRET_KEY = "an entirely different secret key for this deployment " * 2
    sealing.forget_keys()
    assert selectors.own_bid(viewer=supplier, competition=competition).content["price_note"] == f"Price note {MARKER}"
    assert sealing.master_key_id() == key_id
    assert sealing.content_hmac(selectors.own_bid(viewer=supplier, competition=competition).submitted) == (
        revision.content_hmac
    )

    # A different key file changes everything.
    other_file = request.getfixturevalue("sealing_key")
    assert sealing.master_key_id() != key_id
    with pytest.raises(sealing.SealingKeyError):
        selectors.own_bid(viewer=supplier, competition=competition)
    # New competitions are sealed under the new key, and say so.
    newer = published(buyer_admin, title="Another competition")
    assert newer.master_key_id == sealing.master_key_id() != key_id
    assert other_file.exists()

    # Put the first key back and the first bid opens again: the database was never the problem.
    settings.SPARK_SEALING_KEY_FILE = key_file
    sealing.forget_keys()
    assert selectors.own_bid(viewer=supplier, competition=competition).content["price_note"] == f"Price note {MARKER}"
    assert BidRevision.objects.count() == 1
