"""The append-only, hash-chained audit log (rule 12).

Each stream (an organisation, a competition, or the marketplace itself) is its
own chain, so busy streams never wait on each other. An event's hash covers its
stream, position, time, actor, verb, object, content and the previous event's
hash. Personal data sits beside the hashed content, in its own table, so it can
be erased without breaking the chain.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

GENESIS_HASH = "0" * 64


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit event through the ORM."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events are append-only: they cannot be updated")

    def delete(self):
        raise AppendOnlyError("Audit events are append-only: they cannot be deleted")

    # The bulk paths would bypass the chain; refuse them too.
    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("Audit events are append-only: they cannot be updated")

    def bulk_create(self, objs, *args, **kwargs):
        raise AppendOnlyError("Audit events are written one at a time by audit_record")


class AuditStream(models.Model):
    """The head of one chain. Locked while an event is appended, so a stream's events are strictly ordered."""

    key = models.CharField(max_length=100, unique=True)
    length = models.PositiveBigIntegerField(default=0)
    head_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    created_at = models.DateTimeField(default=timezone.now)
    # When the thing the stream describes closed (a contract ended, an organisation
    # was dissolved): the retention clock starts here.
    closed_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return self.key


class AuditEvent(models.Model):
    stream = models.ForeignKey(AuditStream, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveBigIntegerField()
    occurred_at = models.DateTimeField()
    # No foreign-key constraint: erasing a person must never rewrite the chain.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    verb = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["stream_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["stream", "seq"], name="audit_event_unique_position")]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["occurred_at"]),
        ]

    def __str__(self):
        return f"{self.verb} #{self.seq}"

    def save(self, *args, **kwargs):
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields") is not None:
            raise AppendOnlyError("Audit events are append-only: they cannot be updated")
        # Always an INSERT: a new instance carrying an existing id would otherwise
        # make Django UPDATE that row, around the guard above.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events are append-only: they cannot be deleted")


class AuditPersonalData(models.Model):
    """Personal data about an event (names, emails, IP addresses), outside the hash so it can be erased."""

    event = models.OneToOneField(AuditEvent, on_delete=models.CASCADE, primary_key=True, related_name="personal")
    # Whose data this is (",3,17,"), so an erasure request can find it on any database.
    subjects = models.CharField(max_length=200, blank=True, db_index=True)
    data = models.JSONField(default=dict, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "audit personal data"


class PurgePermit(models.Model):
    """A row here, inside the purging transaction only, lets the database triggers allow a retention purge."""

    created_at = models.DateTimeField(default=timezone.now)


class AuditDigest(models.Model):
    """A day's record of every stream's head, itself chained, and written to a file outside the database."""

    day = models.DateField(unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    heads = models.JSONField(default=dict)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-day"]

    def __str__(self):
        return f"Audit digest {self.day.isoformat()}"

    @property
    def stream_count(self) -> int:
        return len(self.heads)
