"""OCDS releases and the UK notices produced from them (rule 11).

A release is written once, by the service of the procurement event it describes, and never changed: the ORM
refuses updates and deletes, and on PostgreSQL a trigger refuses them too. A notice is the legal publication
of the same data; clocks that run from a notice (standstill) read its `published_at`.
"""

from django.db import models
from django.utils import timezone


class ImmutableError(Exception):
    pass


class ReleaseQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableError("OCDS releases are immutable: publish a new release instead")

    def delete(self):
        raise ImmutableError("OCDS releases are immutable: they cannot be deleted")

    def bulk_update(self, objs, fields, batch_size=None):
        raise ImmutableError("OCDS releases are immutable: publish a new release instead")


class Release(models.Model):
    """One OCDS 1.1 release, as published. `data` is the release exactly as served."""

    ocid = models.CharField(max_length=80, db_index=True)
    release_id = models.CharField(max_length=120, unique=True)
    date = models.DateTimeField(db_index=True)
    tags = models.JSONField(help_text="The release's tags, e.g. [\"tender\"]")
    data = models.JSONField()
    competition = models.ForeignKey(
        "competitions.Competition", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["ocid", "date"], name="release_ocid_date")]

    def __str__(self):
        return self.release_id

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError("OCDS releases are immutable: publish a new release instead")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("OCDS releases are immutable: they cannot be deleted")


class NoticeType(models.TextChoices):
    """The Procurement Act 2023 notices this service publishes, by their Find a Tender codes."""

    TENDER = "UK4", "Tender notice"
    CONTRACT_AWARD = "UK6", "Contract award notice"
    CONTRACT_DETAILS = "UK7", "Contract details notice"
    PROCUREMENT_TERMINATION = "UK12", "Procurement termination notice"
    DYNAMIC_MARKET_ESTABLISHMENT = "UK14", "Dynamic market notice: establishment"


class Notice(models.Model):
    """A notice the law requires, published from the same data as its OCDS release."""

    notice_type = models.CharField(max_length=8, choices=NoticeType.choices)
    release = models.OneToOneField(Release, on_delete=models.PROTECT, related_name="notice")
    ocid = models.CharField(max_length=80, db_index=True)
    title = models.CharField(max_length=200)
    buyer_name = models.CharField(max_length=200)
    competition = models.ForeignKey(
        "competitions.Competition", null=True, blank=True, on_delete=models.PROTECT, related_name="notices"
    )
    contract = models.ForeignKey(
        "contracts.Contract", null=True, blank=True, on_delete=models.PROTECT, related_name="notices"
    )
    published_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            # A procurement is advertised, terminated or established once. A contract award notice may follow a
            # cancelled award's (one per award, by its release), and a contract details notice is one per contract.
            models.UniqueConstraint(
                fields=["ocid", "notice_type"], condition=models.Q(notice_type__in=["UK4", "UK12", "UK14"]),
                name="one_notice_per_kind",
            ),
            models.UniqueConstraint(fields=["contract", "notice_type"], name="one_notice_per_contract"),
        ]

    def __str__(self):
        return f"{self.get_notice_type_display()}: {self.title}"


class BulkFile(models.Model):
    """One day's releases as gzipped JSON lines, built once by a task after the day ends."""

    day = models.DateField(unique=True, help_text="The UTC day whose releases the file holds")
    name = models.CharField(max_length=80, unique=True)
    releases = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day"]

    def __str__(self):
        return self.name
