"""The database backend's index: one row per findable thing, plus the state every process checks.

`SearchEntry` is denormalised (text, facet values, sort keys) so a search never joins the source tables.
Full-text structures live beside it and are made by migration 0002 for the database in use: an FTS5
table over title, summary and body on SQLite; weighted tsvector columns with GIN indexes on PostgreSQL.
An entry that stops being findable keeps its row with `live` false and no text (a tombstone), so a
process that caches facet values can catch up from `generation` alone.
"""

from django.db import models

from .query import KINDS


class SearchEntry(models.Model):
    kind = models.CharField(max_length=16, choices=[(kind, kind) for kind in KINDS])
    object_id = models.PositiveBigIntegerField()
    live = models.BooleanField(default=True)
    title = models.CharField(max_length=255, blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # Facet values, space-separated slugs or codes.
    categories = models.CharField(max_length=500, blank=True)
    regions = models.CharField(max_length=200, blank=True)
    standards = models.CharField(max_length=500, blank=True)
    trl = models.PositiveSmallIntegerField(null=True, blank=True)
    pricing_model = models.CharField(max_length=24, blank=True)
    deployment = models.CharField(max_length=16, blank=True)
    supplier_size = models.CharField(max_length=16, blank=True)
    price_min_pence = models.PositiveBigIntegerField(null=True, blank=True)
    price_max_pence = models.PositiveBigIntegerField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    organisation_id = models.PositiveBigIntegerField(null=True, blank=True)
    # The index state's generation when this row last changed.
    generation = models.PositiveBigIntegerField(default=0, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique_object")]
        verbose_name_plural = "search entries"

    def __str__(self):
        return f"{self.kind} {self.object_id}"


class SearchIndexState(models.Model):
    """One row. `epoch` changes when the index is rebuilt; `generation` on every write."""

    epoch = models.PositiveBigIntegerField(default=0)
    generation = models.PositiveBigIntegerField(default=0)
    rebuilt_at = models.DateTimeField(null=True, blank=True)
