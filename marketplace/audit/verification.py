"""Walking the audit chains and digests to find the first broken link in each."""

import json
from dataclasses import dataclass

from .models import GENESIS_HASH, AuditDigest, AuditEvent, AuditStream
from .services import digest_hash, digest_path, hash_of_event


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


def verify_digests(streams: dict[str, AuditStream]) -> tuple[int, list[BrokenLink]]:
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
            if published.get("hash") != digest.hash:
                broken.append(BrokenLink(where, None, f"differs from the copy published at {path}"))
        for key, head in sorted(digest.heads.items()):
            stream = streams.get(key)
            if stream is not None and stream.purged_at is not None:
                continue  # purged after its retention period; the purge is itself in the log
            if stream is None:
                broken.append(BrokenLink(where, None, f"stream {key} has disappeared"))
                continue
            if head["length"] == 0:
                continue
            recorded = AuditEvent.objects.filter(stream=stream, seq=head["length"]).values_list("hash", flat=True).first()
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
    report.digests, digest_problems = verify_digests(streams)
    report.broken.extend(digest_problems)
    return report
