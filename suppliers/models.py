"""Solution listings: the catalogue's source.

A `Solution` row carries the published content, which the catalogue filters
and shows. Every change is made in a `SolutionRevision` (a full copy of the
content) that goes through moderation; publishing copies it onto the
solution, so a live listing stays as it is while its next revision is in
review, and every revision stays in the history.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from marketplace.taxonomy.models import ReadinessLevel


class PricingModel(models.TextChoices):
    PER_USER = "per_user", "Per user"
    PER_UNIT = "per_unit", "Per unit"
    FIXED_PRICE = "fixed_price", "Fixed price"
    TIME_AND_MATERIALS = "time_and_materials", "Time and materials"
    SUBSCRIPTION = "subscription", "Subscription"


class Deployment(models.TextChoices):
    CLOUD = "cloud", "Cloud"
    ON_PREMISES = "on_premises", "On-premises"
    HYBRID = "hybrid", "Hybrid"


class SolutionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


# The listing's lifecycle. A published listing stays published while a new revision is reviewed.
SOLUTION_TRANSITIONS = {
    SolutionStatus.DRAFT: {SolutionStatus.IN_REVIEW, SolutionStatus.ARCHIVED},
    SolutionStatus.IN_REVIEW: {SolutionStatus.PUBLISHED, SolutionStatus.DRAFT, SolutionStatus.ARCHIVED},
    SolutionStatus.PUBLISHED: {SolutionStatus.ARCHIVED},
    SolutionStatus.ARCHIVED: set(),
}


class RevisionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    RETURNED = "returned", "Returned with comments"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Replaced by a later version"
    WITHDRAWN = "withdrawn", "Withdrawn"


REVISION_TRANSITIONS = {
    RevisionStatus.DRAFT: {RevisionStatus.IN_REVIEW, RevisionStatus.WITHDRAWN},
    RevisionStatus.IN_REVIEW: {RevisionStatus.PUBLISHED, RevisionStatus.RETURNED, RevisionStatus.WITHDRAWN},
    RevisionStatus.RETURNED: {RevisionStatus.IN_REVIEW, RevisionStatus.WITHDRAWN},
    RevisionStatus.PUBLISHED: {RevisionStatus.SUPERSEDED},
    RevisionStatus.SUPERSEDED: set(),
    RevisionStatus.WITHDRAWN: set(),
}

# Revisions the supplier can still change.
EDITABLE = (RevisionStatus.DRAFT, RevisionStatus.RETURNED)
# At most one revision per solution is being worked on or reviewed at a time.
WORKING = (RevisionStatus.DRAFT, RevisionStatus.RETURNED, RevisionStatus.IN_REVIEW)

MAX_CASE_STUDIES = 3


class SolutionContent(models.Model):
    """The content of a listing, shared by the live solution and each revision."""

    title = models.CharField(max_length=120, blank=True)
    summary = models.CharField("one-line summary", max_length=200, blank=True)
    description = models.TextField(blank=True, help_text="Sanitised HTML")
    readiness_level = models.PositiveSmallIntegerField(choices=ReadinessLevel.choices, null=True, blank=True)
    pricing_model = models.CharField(max_length=24, choices=PricingModel.choices, blank=True)
    price_min_pence = models.PositiveBigIntegerField(null=True, blank=True)
    price_max_pence = models.PositiveBigIntegerField(null=True, blank=True)
    deployment = models.CharField(max_length=16, choices=Deployment.choices, blank=True)
    # Up to three: [{"client_sector": ..., "problem": ..., "outcome": ...}]
    case_studies = models.JSONField(default=list, blank=True)

    CONTENT_FIELDS = (
        "title",
        "summary",
        "description",
        "readiness_level",
        "pricing_model",
        "price_min_pence",
        "price_max_pence",
        "deployment",
        "case_studies",
    )
    CONTENT_RELATIONS = ("categories", "regions", "standards")

    class Meta:
        abstract = True


class Solution(SolutionContent):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="solutions")
    status = models.CharField(max_length=16, choices=SolutionStatus.choices, default=SolutionStatus.DRAFT)
    # The published content's relations (the catalogue filters on these).
    categories = models.ManyToManyField("taxonomy.Category", blank=True, related_name="solutions")
    regions = models.ManyToManyField("taxonomy.Region", blank=True, related_name="solutions")
    standards = models.ManyToManyField("taxonomy.Standard", blank=True, related_name="solutions")
    live_revision = models.ForeignKey(
        "SolutionRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    first_published_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, help_text="When the live version was published")
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["status", "title"]),
            models.Index(fields=["status", "published_at"]),
            models.Index(fields=["status", "price_min_pence"]),
            # Visibility is decided per query: published rows' suppliers are read from this index, not the table.
            models.Index(fields=["status", "organisation"]),
        ]
        permissions = [("moderate_solution", "Can publish or return solution listings")]

    def __str__(self):
        return self.title or f"Untitled listing {self.pk}"

    @property
    def audit_stream(self) -> str:
        return f"organisation:{self.organisation_id}"

    @property
    def is_published(self) -> bool:
        return self.status == SolutionStatus.PUBLISHED


class SolutionRevision(SolutionContent):
    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=RevisionStatus.choices, default=RevisionStatus.DRAFT)
    categories = models.ManyToManyField("taxonomy.Category", blank=True, related_name="+")
    regions = models.ManyToManyField("taxonomy.Region", blank=True, related_name="+")
    standards = models.ManyToManyField("taxonomy.Standard", blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderator_comments = models.TextField(blank=True)

    class Meta:
        ordering = ["solution", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["solution", "number"], name="one_revision_number_per_solution"),
            models.UniqueConstraint(
                fields=["solution"],
                condition=Q(status__in=["draft", "returned", "in_review"]),
                name="one_working_revision_per_solution",
            ),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self):
        return f"{self.solution} (version {self.number}, {self.get_status_display().lower()})"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE


def document_path(instance, filename) -> str:
    # Stored under MEDIA_ROOT (outside the static roots), never served directly.
    return f"solutions/{instance.revision.solution_id}/{instance.sha256}.pdf"


class SolutionDocument(models.Model):
    """A PDF attached to a revision. The live documents are the live revision's."""

    revision = models.ForeignKey(SolutionRevision, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=document_path, max_length=255)
    title = models.CharField(max_length=200)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["revision", "uploaded_at"]

    def __str__(self):
        return self.title
