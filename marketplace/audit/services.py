"""Writing to the audit log, daily digests of its heads, erasure of personal data, and the retention purge."""

import hashlib
import json
import logging
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from .models import GENESIS_HASH, AuditDigest, AuditEvent, AuditPersonalData, AuditStream, PurgePermit

logger = logging.getLogger(__name__)

# The marketplace's own stream: sign-ups, allow-list changes, retention purges.
MARKETPLACE_STREAM = "marketplace"


def canonical_json(value) -> bytes:
    """One byte string per value: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _reject_floats(value, path="data"):
    if isinstance(value, float):
        raise TypeError(f"{path} holds a float; audit content takes integers (pence) and strings only")
    if isinstance(value, dict):
        for key, item in value.items():
            _reject_floats(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _reject_floats(item, f"{path}[{index}]")


def normalise_content(data) -> dict:
    """The content exactly as the database will give it back, so its hash can be recomputed."""
    normalised = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))
    _reject_floats(normalised)
    return normalised


def format_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(
    *,
    stream: str,
    seq: int,
    occurred_at: datetime,
    actor_id,
    verb: str,
    object_type: str,
    object_id: str,
    data: dict,
    prev_hash: str,
) -> str:
    payload = {
        "stream": stream,
        "seq": seq,
        "at": format_time(occurred_at),
        "actor": actor_id,
        "verb": verb,
        "object": [object_type, object_id],
        "data": data,
        "prev": prev_hash,
    }
    return hashlib.sha256(canonical_json(payload)).hexdigest()


def hash_of_event(event: AuditEvent, stream_key: str) -> str:
    return event_hash(
        stream=stream_key,
        seq=event.seq,
        occurred_at=event.occurred_at,
        actor_id=event.actor_id,
        verb=event.verb,
        object_type=event.object_type,
        object_id=event.object_id,
        data=event.data,
        prev_hash=event.prev_hash,
    )


def _object_ref(target) -> tuple[str, str]:
    if target is None:
        return "", ""
    return target._meta.label_lower, str(target.pk)


def _subjects(actor, target, data) -> str:
    ids = set()
    if actor is not None:
        ids.add(actor.pk)
    if target is not None and target._meta.label == settings.AUTH_USER_MODEL:
        ids.add(target.pk)
    if isinstance(data, dict) and isinstance(data.get("user_id"), int):
        ids.add(data["user_id"])
    return "," + ",".join(str(i) for i in sorted(ids)) + "," if ids else ""


def audit_record(
    *,
    stream: str,
    verb: str,
    actor=None,
    target=None,
    data: dict | None = None,
    personal: dict | None = None,
) -> AuditEvent:
    """Append one event to a stream's chain, inside the caller's transaction.

    `data` is hashed into the chain and must hold no personal data; `personal`
    is stored beside it and can be erased later without breaking the chain.
    """
    content = normalise_content(data)
    with transaction.atomic():
        # Create the stream if it is new, then lock its head: appends to one
        # stream queue here, appends to other streams do not wait.
        AuditStream.objects.bulk_create([AuditStream(key=stream)], ignore_conflicts=True)
        head = AuditStream.objects.select_for_update().get(key=stream)
        if head.purged_at is not None:
            raise ValueError(f"Audit stream {stream} was purged and cannot take new events")
        seq = head.length + 1
        occurred_at = timezone.now()
        object_type, object_id = _object_ref(target)
        actor_id = actor.pk if actor is not None and actor.pk is not None else None
        digest = event_hash(
            stream=stream,
            seq=seq,
            occurred_at=occurred_at,
            actor_id=actor_id,
            verb=verb,
            object_type=object_type,
            object_id=object_id,
            data=content,
            prev_hash=head.head_hash,
        )
        event = AuditEvent(
            stream=head,
            seq=seq,
            occurred_at=occurred_at,
            actor_id=actor_id,
            verb=verb,
            object_type=object_type,
            object_id=object_id,
            data=content,
            prev_hash=head.head_hash,
            hash=digest,
        )
        event.save()
        AuditStream.objects.filter(pk=head.pk).update(length=seq, head_hash=digest)
        if personal:
            AuditPersonalData.objects.create(
                event=event, subjects=_subjects(actor, target, data), data=normalise_content(personal)
            )
    return event


def audit_stream_close(*, stream: str, closed_at: datetime | None = None) -> None:
    """Start a stream's retention clock: the thing it describes has closed."""
    AuditStream.objects.filter(key=stream, closed_at__isnull=True).update(closed_at=closed_at or timezone.now())


@transaction.atomic
def audit_erase_personal_data(*, user_id: int) -> int:
    """Erase what the log keeps about a person; the hashed chain is untouched and still verifies."""
    erased = AuditPersonalData.objects.filter(subjects__contains=f",{user_id},", erased_at__isnull=True).update(
        data={}, erased_at=timezone.now()
    )
    audit_record(
        stream=MARKETPLACE_STREAM, verb="audit.personal_data_erased", data={"user_id": user_id, "events": erased}
    )
    return erased


# Digests.


def digest_hash(*, day: date, heads: dict, previous_hash: str) -> str:
    return hashlib.sha256(
        canonical_json({"day": day.isoformat(), "heads": heads, "previous": previous_hash})
    ).hexdigest()


def digest_document(digest: AuditDigest) -> dict:
    """The published form of a digest: the file written outside the database and the public download."""
    return {
        "day": digest.day.isoformat(),
        "created_at": format_time(digest.created_at),
        "heads": digest.heads,
        "previous_hash": digest.previous_hash,
        "hash": digest.hash,
    }


def digest_path(day: date):
    return settings.SPARK_AUDIT_DIGEST_DIR / f"audit-digest-{day.isoformat()}.json"


def _publish_digest_file(digest: AuditDigest) -> None:
    path = digest_path(digest.day)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(digest_document(digest), indent=2, sort_keys=True))
    temporary.replace(path)


@transaction.atomic
def audit_digest_create(*, day: date) -> AuditDigest:
    """Record every live stream's head for the day; a second call for the same day returns the first digest."""
    existing = AuditDigest.objects.filter(day=day).first()
    if existing is not None:
        return existing
    # Digests chain in day order: one slipped in behind the last would fork the
    # chain, and an honest log would then fail verification.
    later = AuditDigest.objects.filter(day__gt=day).order_by("day").first()
    if later is not None:
        raise ValueError(
            f"Cannot create the digest for {day}: one for {later.day} exists and digests chain in day order"
        )
    heads = {
        key: {"length": length, "head": head_hash}
        for key, length, head_hash in AuditStream.objects.filter(purged_at__isnull=True)
        .order_by("key")
        .values_list("key", "length", "head_hash")
    }
    previous = AuditDigest.objects.filter(day__lt=day).order_by("-day").first()
    previous_hash = previous.hash if previous else GENESIS_HASH
    digest = AuditDigest.objects.create(
        day=day,
        heads=heads,
        previous_hash=previous_hash,
        hash=digest_hash(day=day, heads=heads, previous_hash=previous_hash),
    )
    transaction.on_commit(lambda: _publish_digest_file(digest))
    return digest


# Retention.


def retention_cutoff(now: datetime) -> datetime:
    years = settings.SPARK_AUDIT_RETENTION_YEARS
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


def audit_purge_expired(*, now: datetime | None = None) -> list[str]:
    """Delete the events of streams that closed more than the retention period ago.

    The purge is itself recorded, with the purged stream's length and head, in
    the marketplace stream, so the record of what existed outlives the events.
    """
    now = now or timezone.now()
    purged = []
    for key in AuditStream.objects.filter(closed_at__lte=retention_cutoff(now), purged_at__isnull=True).values_list(
        "key", flat=True
    ):
        with transaction.atomic():
            head = AuditStream.objects.select_for_update().get(key=key)
            if head.purged_at is not None:
                continue
            audit_record(
                stream=MARKETPLACE_STREAM,
                verb="audit.stream_purged",
                data={"stream": key, "length": head.length, "head": head.head_hash, "closed_at": head.closed_at},
            )
            events = AuditEvent.objects.filter(stream=head)
            AuditPersonalData.objects.filter(event__stream=head).delete()
            # The database refuses deletes from the audit table unless a permit
            # row exists inside this very transaction.
            permit = PurgePermit.objects.create()
            events._raw_delete(events.db)
            permit.delete()
            head.purged_at = now
            head.save(update_fields=["purged_at"])
            purged.append(key)
            logger.info("Purged audit stream %s (%s events)", key, head.length)
    return purged


def day_of(moment: datetime) -> date:
    return moment.astimezone(UTC).date()


def previous_day(moment: datetime) -> date:
    return day_of(moment) - timedelta(days=1)
