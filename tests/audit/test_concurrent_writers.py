"""Rule 12: many writers appending at once, to shared and private streams, leave every chain intact."""

import threading
from collections import Counter

import pytest
from django.db import connection

from marketplace.audit.models import AuditEvent, AuditStream
from marketplace.audit.services import audit_record
from marketplace.audit.verification import verify_all

WRITERS = 50
SHARED = ["competition-1", "competition-2", "organisation-3"]
SHARED_PER_WRITER = 4
PRIVATE_PER_WRITER = 2


def private(writer: int) -> str:
    return f"organisation-private-{writer}"


def write(writer: int, start: threading.Barrier, errors: list) -> None:
    """One writer on its own database connection: interleaves shared and private appends."""
    try:
        start.wait(timeout=60)
        shared = private_done = 0
        for step in range(SHARED_PER_WRITER + PRIVATE_PER_WRITER):
            if step % 3 == 2 and private_done < PRIVATE_PER_WRITER:
                audit_record(stream=private(writer), verb="private.append", data={"writer": writer, "step": step})
                private_done += 1
            else:
                stream = SHARED[(writer + shared) % len(SHARED)]
                audit_record(stream=stream, verb="shared.append", data={"writer": writer, "step": step})
                shared += 1
        assert (shared, private_done) == (SHARED_PER_WRITER, PRIVATE_PER_WRITER)
    except BaseException as exc:  # noqa: BLE001 - reported by the test below
        errors.append((writer, repr(exc)))
    finally:
        connection.close()


@pytest.mark.timeout(300)
@pytest.mark.django_db(transaction=True)
def test_rule_12_concurrent_writers_keep_every_chain_intact():
    start = threading.Barrier(WRITERS)
    errors = []
    threads = [threading.Thread(target=write, args=(n, start, errors)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []

    expected = Counter()
    for writer in range(WRITERS):
        expected[private(writer)] = PRIVATE_PER_WRITER
        for n in range(SHARED_PER_WRITER):
            expected[SHARED[(writer + n) % len(SHARED)]] += 1
    assert sum(expected.values()) == WRITERS * (SHARED_PER_WRITER + PRIVATE_PER_WRITER)

    streams = {stream.key: stream for stream in AuditStream.objects.all()}
    assert set(streams) == set(expected)
    for key, count in expected.items():
        assert streams[key].length == count, key
        seqs = list(AuditEvent.objects.filter(stream=streams[key]).order_by("seq").values_list("seq", flat=True))
        assert seqs == list(range(1, count + 1)), key
    # Every append landed exactly once.
    written = Counter(
        (data["writer"], data["step"]) for data in AuditEvent.objects.values_list("data", flat=True)
    )
    assert len(written) == WRITERS * (SHARED_PER_WRITER + PRIVATE_PER_WRITER)
    assert set(written.values()) == {1}

    report = verify_all()
    assert report.intact, report.broken
    assert report.streams == len(expected)
    assert report.events == sum(expected.values())
