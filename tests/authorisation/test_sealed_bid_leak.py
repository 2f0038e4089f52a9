"""Rule 7's leak test: a marker written into a bid before the deadline appears nowhere anyone else can reach.

supplier_a writes a unique marker into its open bid's answer, its price note, and an attachment (in the PDF and
in its file name), through the supplier's own pages, and submits it. Then the marker is looked for in a full
dump of the database, the log output, every email sent, the task queue table, the search index, every page and
API response (every GET route of the harness's table) that the public, both buyers, an operator, an editor and
the other supplier can reach, and a forced server-error page. The database's contents alone must not decrypt it.
"""

import hashlib
import io
import logging
import uuid

import pytest
from cryptography.exceptions import InvalidTag
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfWriter

from marketplace.competitions import sealing
from marketplace.competitions.models import Bid, BidRevision, Competition

from .routes import cases
from .world import ACTORS_BY_KEY

# Everyone but supplier_a (who may read its own bid).
READERS = (
    "anonymous", "buyer_a_admin", "buyer_a_member", "buyer_a_evaluator", "buyer_b_admin", "operator_a_admin",
    "editor", "supplier_b_admin", "supplier_b_member", "superuser",
)


def _pdf_with(marker: str) -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": marker, "/Subject": marker})
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(f"{marker}.pdf", buffer.getvalue(), content_type="application/pdf")


def _dump() -> bytes:
    """Every row of every table, as bytes: text and binary columns alike."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, (bytes, bytearray, memoryview)):
                        chunks.append(bytes(value))
                    elif value is not None:
                        chunks.append(str(value).encode())
    return b"\n".join(chunks)


def _write_marked_bid(client, world, marker: str) -> None:
    objects = world.org("buyer_a").competitions["open"]
    competition = objects.competition
    bid = Bid.objects.get(competition=competition, supplier=world.org("supplier_a").organisation)
    answer_url = reverse("suppliers:bid_answer", args=[competition.pk, objects.criterion.pk])
    response = client.post(answer_url, {"answer": f"Our approach {marker} works.",
                                        "edit_version": bid.edit_version})
    assert response.status_code == 302, response.content[:2000]
    bid.refresh_from_db()
    response = client.post(reverse("suppliers:bid_price", args=[competition.pk]), {
        "price": "90000", "note": f"Includes {marker}", "edit_version": bid.edit_version,
        "item_1": "Delivery", "cost_1": "90000",
    })
    assert response.status_code == 302, response.content[:2000]
    bid.refresh_from_db()
    response = client.post(reverse("suppliers:bid_attachments", args=[competition.pk]),
                           {"file": _pdf_with(marker), "edit_version": bid.edit_version})
    assert response.status_code == 302, response.content[:2000]
    bid.refresh_from_db()
    response = client.post(reverse("suppliers:bid_submit", args=[competition.pk]), {"edit_version": bid.edit_version})
    assert response.status_code == 302, response.content[:2000]
    assert BidRevision.objects.filter(bid=bid).count() == 2  # the world's submission, then this revision


@pytest.fixture
def marker():
    return f"LEAKMARKER{uuid.uuid4().hex}"


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_rule_7_a_sealed_bid_leaks_nowhere_before_the_deadline(world, db, fresh_cache, client_as, marker, caplog):
    caplog.set_level(logging.DEBUG)
    mail.outbox.clear()
    supplier = client_as(ACTORS_BY_KEY["supplier_a_member"])
    with override_settings(DEBUG=False):
        _write_marked_bid(supplier, world, marker)

    # The supplier itself can read it back (so the marker really is in the bid).
    competition = world.org("buyer_a").competitions["open"].competition
    own = supplier.get(reverse("suppliers:bid_submit", args=[competition.pk]))
    assert marker in own.content.decode()

    needle = marker.encode()
    # Every page and API response the others can reach.
    seen = 0
    for route, method, case in cases():
        if method != "GET" or case.actor.key not in READERS:
            continue
        client = client_as(case.actor)
        response = client.get(route.build_url(world, case))
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert needle not in body, f"{case.actor.key} read the marker at {route.name}"
        seen += 1
    assert seen > 500

    # A forced server error while the supplier posts the marker: the error page shows none of it.
    from unittest import mock

    objects = world.org("buyer_a").competitions["open"]
    supplier = client_as(ACTORS_BY_KEY["supplier_a_member"])  # the client is shared: sign supplier_a in again
    supplier.raise_request_exception = False
    with override_settings(DEBUG=False), mock.patch(
        "marketplace.competitions.services.bids.check_answers", side_effect=RuntimeError("forced failure")
    ):
        bid = Bid.objects.get(competition=competition, supplier=world.org("supplier_a").organisation)
        response = supplier.post(
            reverse("suppliers:bid_answer", args=[competition.pk, objects.criterion.pk]),
            {"answer": f"Crash {marker}", "edit_version": bid.edit_version},
        )
    supplier.raise_request_exception = True
    assert response.status_code == 500
    assert needle not in response.content

    # Emails, logs, the task queue and search index (in the dump), and the whole database.
    for message in mail.outbox:
        assert marker not in message.subject + message.body + " ".join(message.to)
    assert marker not in caplog.text
    dump = _dump()
    assert needle not in dump
    assert needle.hex().encode() not in dump

    # The database's contents alone do not decrypt it: without the master key file, the wrapped key is useless.
    revision = BidRevision.objects.filter(bid=bid).order_by("-number").first()
    wrapped = bytes(Competition.objects.values_list("wrapped_key", flat=True).get(pk=competition.pk))
    from django.conf import settings

    secret_derived = hashlib.sha256(settings.SECRET_KEY.encode()).digest()
    for guess in (wrapped[1:33], wrapped[-32:], secret_derived, b"\0" * 32):
        with pytest.raises((InvalidTag, ValueError)):
            sealing.unseal(competition, bid.supplier_id, f"revision:{revision.number}", revision.sealed_content,
                           data_key=guess)

