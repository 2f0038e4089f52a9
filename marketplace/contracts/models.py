"""Contracts: drafted from an award once standstill ends, issued as a PDF, signed by both parties, then delivered
milestone by milestone (rules 10 to 13).

Each issued version of a contract is a `ContractDocument` (a PDF whose SHA-256 is stored and written to the audit
log). Both parties sign that version; a final version with the completed signature page is then rendered, hashed
and stored. Any change after signing is a variation: a new version, issued and signed again.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin
from wagtail import blocks


class ClauseBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=150, help_text="For example “Payment” or “Intellectual property”")
    text = blocks.TextBlock(help_text="Plain text. Leave a blank line between paragraphs.")

    class Meta:
        icon = "doc-full"
        label = "Clause"


class CallOffTerms(DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """The call-off terms every contract incorporates. Editors keep them in the Wagtail admin; each published
    revision is a version, and a contract records the revision it was issued with."""

    title = models.CharField(max_length=150, default="Call-off terms")
    clauses = StreamField([("clause", ClauseBlock())], use_json_field=True)

    class Meta:
        verbose_name = "call-off terms"
        verbose_name_plural = "call-off terms"

    def __str__(self):
        return self.title


class ContractStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_SIGNATURES = "awaiting_signatures", "Awaiting signatures"
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    TERMINATED = "terminated", "Terminated"


CONTRACT_TRANSITIONS = {
    ContractStatus.DRAFT: {ContractStatus.AWAITING_SIGNATURES},
    ContractStatus.AWAITING_SIGNATURES: {ContractStatus.ACTIVE},
    # A variation is issued and signed while the contract stays active.
    ContractStatus.ACTIVE: {ContractStatus.COMPLETED, ContractStatus.TERMINATED},
    ContractStatus.COMPLETED: set(),
    ContractStatus.TERMINATED: set(),
}


class Contract(models.Model):
    reference = models.CharField(max_length=24, unique=True)
    award = models.OneToOneField("competitions.Award", on_delete=models.PROTECT, related_name="contract")
    competition = models.ForeignKey("competitions.Competition", on_delete=models.PROTECT, related_name="contracts")
    buyer = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="buyer_contracts")
    supplier = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="supplier_contracts")
    category = models.ForeignKey("taxonomy.Category", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=150)
    status = models.CharField(max_length=20, choices=ContractStatus.choices, default=ContractStatus.DRAFT)

    value_pence = models.PositiveBigIntegerField(help_text="The awarded price, excluding VAT")
    vat_rate_percent = models.PositiveSmallIntegerField(default=20)
    price_breakdown = models.JSONField(default=list, help_text="The winning bid's lines: item, pence")
    price_note = models.TextField(blank=True)
    outcomes = models.JSONField(default=list, help_text="The competition's outcomes and success measures")
    purchase_order_number = models.CharField(max_length=40, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    # The parties as they stood when the version in force was issued (names and addresses change).
    parties = models.JSONField(default=dict, blank=True)
    terms = models.ForeignKey(CallOffTerms, null=True, blank=True, on_delete=models.PROTECT, related_name="contracts")
    terms_revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    terms_snapshot = models.JSONField(default=dict, blank=True, help_text="Title and clauses as issued")

    version = models.PositiveIntegerField(default=0, help_text="The last issued version; 0 while a draft")
    signed_version = models.PositiveIntegerField(default=0, help_text="The version in force; 0 before signing")
    variation_reason = models.TextField(blank=True, help_text="Why the variation being prepared is needed")

    drafted_at = models.DateTimeField(default=timezone.now)
    issued_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    notice_published_at = models.DateTimeField(
        null=True, blank=True, help_text="When the contract details notice was published (rule 11)"
    )

    class Meta:
        ordering = ["-drafted_at", "-pk"]
        indexes = [models.Index(fields=["buyer", "status"]), models.Index(fields=["supplier", "status"])]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    @property
    def audit_stream(self) -> str:
        return f"contract:{self.pk}"

    @property
    def vat_pence(self) -> int:
        # Whole pence, rounded half up: VAT is shown separately (rule 13).
        return (self.value_pence * self.vat_rate_percent + 50) // 100

    @property
    def total_with_vat_pence(self) -> int:
        return self.value_pence + self.vat_pence

    @property
    def variation_open(self) -> bool:
        """An active contract whose next version is being prepared (editable) but not yet issued."""
        return bool(self.variation_reason) and self.version == self.signed_version

    @property
    def awaiting_signatures(self) -> bool:
        return self.version > self.signed_version

    @property
    def editable(self) -> bool:
        return self.status == ContractStatus.DRAFT or (self.status == ContractStatus.ACTIVE and self.variation_open)


class KPI(models.Model):
    """A key performance indicator; contracts over £5m need at least three (rule 11)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="kpis")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=150)
    target = models.CharField(max_length=300)

    class Meta:
        ordering = ["contract", "position", "pk"]
        verbose_name = "KPI"

    def __str__(self):
        return self.name


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", "Not delivered"
    DELIVERED = "delivered", "Delivered"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


MILESTONE_TRANSITIONS = {
    MilestoneStatus.PLANNED: {MilestoneStatus.DELIVERED},
    MilestoneStatus.DELIVERED: {MilestoneStatus.ACCEPTED, MilestoneStatus.REJECTED},
    MilestoneStatus.REJECTED: {MilestoneStatus.DELIVERED},
    MilestoneStatus.ACCEPTED: set(),
}


class Milestone(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=150)
    due_date = models.DateField()
    amount_pence = models.PositiveBigIntegerField(help_text="Excluding VAT; all milestones add up to the value")
    status = models.CharField(max_length=10, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED)
    delivered_at = models.DateTimeField(null=True, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delivery_note = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rejection_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["contract", "position", "pk"]

    def __str__(self):
        return self.title

    @property
    def payable(self) -> bool:
        return self.status == MilestoneStatus.ACCEPTED


class DocumentKind(models.TextChoices):
    ISSUED = "issued", "Issued for signature"
    SIGNED = "signed", "Signed"


def contract_document_path(instance, filename):
    return f"contracts/{instance.contract_id}/{instance.contract.reference}-v{instance.version}-{instance.kind}.pdf"


class ContractDocument(models.Model):
    """One rendered PDF of one version of a contract. Never changed once stored; its SHA-256 is in the audit log."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="documents")
    version = models.PositiveIntegerField()
    kind = models.CharField(max_length=8, choices=DocumentKind.choices)
    file = models.FileField(upload_to=contract_document_path, max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    pages = models.PositiveSmallIntegerField(default=0)
    variation_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["contract", "version", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "version", "kind"], name="one_document_per_version_and_kind"),
        ]

    def __str__(self):
        return f"{self.contract.reference} version {self.version} ({self.get_kind_display().lower()})"

    @property
    def filename(self) -> str:
        suffix = "signed" if self.kind == DocumentKind.SIGNED else "for-signature"
        return f"{self.contract.reference}-version-{self.version}-{suffix}.pdf"


class SigningParty(models.TextChoices):
    SUPPLIER = "supplier", "Supplier"
    BUYER = "buyer", "Buyer"


class Signature(models.Model):
    """A signatory's explicit act: they reviewed this version's PDF and confirmed their name and role."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="signatures")
    document = models.ForeignKey(ContractDocument, on_delete=models.PROTECT, related_name="signatures")
    version = models.PositiveIntegerField()
    party = models.CharField(max_length=8, choices=SigningParty.choices)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150)
    document_sha256 = models.CharField(max_length=64, help_text="The hash of the PDF the signatory reviewed")
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["contract", "version", "signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "version", "party"], name="one_signature_per_party_and_version"
            ),
        ]

    def __str__(self):
        return f"{self.name} for the {self.party}, version {self.version}"
