"""Walking the audit chains and digests to find the first broken link in each."""

import json
from dataclasses import dataclass

from .models import GENESIS_HASH, AuditDigest, AuditEvent, AuditStream
from .services import MARKETPLACE_STREAM, digest_hash, digest_path, hash_of_event


@dataclass(frozen=True)
class BrokenLink:
    where: str
    seq: int | None
    problem: str

    def __str__(self):
        position = f" at event {self.seq}" if self.seq is not None else ""
        return f"{self.where}{position}: {self.problem}"


@dataclass
class VerificationReport:
    streams: int = 0
    events: int = 0
    digests: int = 0
    broken: list = None

    def __post_init__(self):
        self.broken = self.broken or []

    @property
    def intact(self) -> bool:
        return not self.broken


FIELDS = ("id", "seq", "occurred_at", "actor_id", "verb", "object_type", "object_id", "data", "prev_hash", "hash")


def verify_stream(stream: AuditStream) -> tuple[int, BrokenLink | None]:
    """Walk one chain from its start. Returns the number of events read and the first broken link, if any."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    count = 0
    for event in AuditEvent.objects.filter(stream=stream).order_by("seq").only(*FIELDS).iterator(chunk_size=2000):
        count += 1
        if event.seq != expected_seq:
            problem = (
                f"event {expected_seq} is missing (next is {event.seq})"
                if event.seq > expected_seq
                else f"event {event.seq} appears out of order"
            )
            return count, BrokenLink(stream.key, expected_seq, problem)
        if event.prev_hash != expected_prev:
            return count, BrokenLink(stream.key, event.seq, "does not link to the event before it")
        if hash_of_event(event, stream.key) != event.hash:
            return count, BrokenLink(stream.key, event.seq, "its content does not match its hash (edited)")
        expected_prev = event.hash
        expected_seq += 1
    if stream.length != count:
        return count, BrokenLink(
            stream.key, None, f"the stream's head records {stream.length} events but {count} were found"
        )
    if stream.head_hash != expected_prev:
        return count, BrokenLink(stream.key, None, "the stream's head does not match its last event")
    return count, None


def purge_records() -> dict[str, dict]:
    """What the (verified) marketplace stream says about each purged stream: its length and head when purged."""
    records = {}
    for data in AuditEvent.objects.filter(stream__key=MARKETPLACE_STREAM, verb="audit.stream_purged").values_list(
        "data", flat=True
    ):
        if isinstance(data, dict) and isinstance(data.get("stream"), str):
            records[data["stream"]] = data
    return records


def verify_purges(streams: dict[str, AuditStream], records: dict[str, dict]) -> list[BrokenLink]:
    """A stream verification skips must really have been purged, as the marketplace stream records."""
    broken = []
    for stream in streams.values():
        if stream.purged_at is None:
            continue
        record = records.get(stream.key)
        if record is None:
            broken.append(BrokenLink(stream.key, None, "is marked purged but no purge of it is recorded"))
        elif record.get("length") != stream.length or record.get("head") != stream.head_hash:
            broken.append(
                BrokenLink(stream.key, None, "does not match the length and head recorded when it was purged")
            )
        elif AuditEvent.objects.filter(stream=stream).exists():
            broken.append(BrokenLink(stream.key, None, "is marked purged but still holds events"))
    return broken


def verify_digests(
    streams: dict[str, AuditStream], records: dict[str, dict] | None = None
) -> tuple[int, list[BrokenLink]]:
    records = purge_records() if records is None else records
    broken = []
    previous = GENESIS_HASH
    count = 0
    for digest in AuditDigest.objects.order_by("day").iterator():
        count += 1
        where = f"digest {digest.day.isoformat()}"
        if digest.previous_hash != previous:
            broken.append(BrokenLink(where, None, "does not link to the digest before it"))
        if digest_hash(day=digest.day, heads=digest.heads, previous_hash=digest.previous_hash) != digest.hash:
            broken.append(BrokenLink(where, None, "its content does not match its hash (edited)"))
        previous = digest.hash
        path = digest_path(digest.day)
        if path.exists():
            try:
                published = json.loads(path.read_text())
            except ValueError:
                published = {}
            if not isinstance(published, dict):
                published = {}
            if published.get("hash") != digest.hash:
                broken.append(BrokenLink(where, None, f"differs from the copy published at {path}"))
        for key, head in sorted(digest.heads.items()):
            stream = streams.get(key)
            if stream is not None and stream.purged_at is not None:
                # Purged after its retention period: its events are gone, but the purge
                # recorded its final length and head, which must agree with this digest.
                record = records.get(key)
                if record is None:
                    continue  # reported by verify_purges
                recorded_length = record.get("length")
                if (
                    not isinstance(recorded_length, int)
                    or head["length"] > recorded_length
                    or (head["length"] == recorded_length and head["head"] != record.get("head"))
                ):
                    broken.append(
                        BrokenLink(
                            key,
                            head["length"],
                            f"the head published in {where} does not match the head recorded when it was purged",
                        )
                    )
                continue
            if stream is None:
                broken.append(BrokenLink(where, None, f"stream {key} has disappeared"))
                continue
            if head["length"] == 0:
                continue
            recorded = (
                AuditEvent.objects.filter(stream=stream, seq=head["length"]).values_list("hash", flat=True).first()
            )
            if recorded != head["head"]:
                broken.append(
                    BrokenLink(key, head["length"], f"no longer matches the head published in {where}")
                )
    return count, broken


def verify_all() -> VerificationReport:
    report = VerificationReport()
    streams = {stream.key: stream for stream in AuditStream.objects.all()}
    for stream in streams.values():
        if stream.purged_at is not None:
            continue
        report.streams += 1
        count, link = verify_stream(stream)
        report.events += count
        if link is not None:
            report.broken.append(link)
    records = purge_records()
    report.broken.extend(verify_purges(streams, records))
    report.digests, digest_problems = verify_digests(streams, records)
    report.broken.extend(digest_problems)
    return report
