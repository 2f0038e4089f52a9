"""Applications to join the marketplace, admissions per category, and the debarment list (rules 1 to 3)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ExclusionGround(models.TextChoices):
    """Exclusion grounds of the Procurement Act 2023 (schedules 6 and 7), in plain words."""

    # Mandatory (schedule 6).
    CORRUPTION = "corruption", "Corruption, including misconduct in public office"
    BRIBERY = "bribery", "Bribery"
    FRAUD = "fraud", "Fraud, theft or false accounting"
    TERRORISM = "terrorism", "Terrorism offences"
    MODERN_SLAVERY = "modern_slavery", "Modern slavery or human trafficking"
    ORGANISED_CRIME = "organised_crime", "Participating in organised crime"
    TAX_EVASION = "tax_evasion", "Tax evasion or failing to prevent it"
    CARTEL = "cartel", "Cartel offences"
    NATIONAL_SECURITY_OFFENCE = "national_security_offence", "Offences threatening national security"
    # Discretionary (schedule 7).
    INSOLVENCY = "insolvency", "Insolvency, bankruptcy or being wound up"
    POOR_PERFORMANCE = "poor_performance", "Breach of contract or poor performance of a public contract"
    ENVIRONMENTAL = "environmental", "Environmental misconduct"
    LABOUR_MARKET = "labour_market", "Labour market misconduct (for example, unpaid minimum wage)"
    PROFESSIONAL_MISCONDUCT = "professional_misconduct", "Professional misconduct"
    COMPETITION = "competition", "Infringing competition law (other than cartel offences)"
    IMPROPER_PROCUREMENT = "improper_procurement", "Acting improperly in a procurement"
    NATIONAL_SECURITY_THREAT = "national_security_threat", "A threat to national security"


MANDATORY_GROUNDS = [
    ExclusionGround.CORRUPTION,
    ExclusionGround.BRIBERY,
    ExclusionGround.FRAUD,
    ExclusionGround.TERRORISM,
    ExclusionGround.MODERN_SLAVERY,
    ExclusionGround.ORGANISED_CRIME,
    ExclusionGround.TAX_EVASION,
    ExclusionGround.CARTEL,
    ExclusionGround.NATIONAL_SECURITY_OFFENCE,
]
DISCRETIONARY_GROUNDS = [ground for ground in ExclusionGround if ground not in MANDATORY_GROUNDS]


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    ADMITTED = "admitted", "Admitted"
    PARTLY_ADMITTED = "partly_admitted", "Partly admitted"
    REJECTED = "rejected", "Rejected"


# The application state machine. The decided states are reached when every category is decided.
APPLICATION_TRANSITIONS = {
    ApplicationStatus.DRAFT: {ApplicationStatus.SUBMITTED},
    ApplicationStatus.SUBMITTED: {
        ApplicationStatus.ADMITTED,
        ApplicationStatus.PARTLY_ADMITTED,
        ApplicationStatus.REJECTED,
    },
    ApplicationStatus.ADMITTED: set(),
    ApplicationStatus.PARTLY_ADMITTED: set(),
    ApplicationStatus.REJECTED: set(),
}

DECIDED = (ApplicationStatus.ADMITTED, ApplicationStatus.PARTLY_ADMITTED, ApplicationStatus.REJECTED)


class CyberEssentials(models.TextChoices):
    NONE = "none", "Neither"
    BASIC = "cyber_essentials", "Cyber Essentials"
    PLUS = "cyber_essentials_plus", "Cyber Essentials Plus"


class Application(models.Model):
    """A supplier's application to join the marketplace in one or more categories."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    # Organisation details, confirmed from the organisation record.
    details_confirmed = models.BooleanField(default=False)

    # Connected persons and relied-upon subcontractors: asked once, then listed as subjects.
    has_connected_persons = models.BooleanField(null=True)
    relies_on_subcontractors = models.BooleanField(null=True)

    # Insurance, in whole pounds' worth of pence (rule 13: integer pence).
    employers_liability_pence = models.PositiveBigIntegerField(null=True, blank=True)
    public_liability_pence = models.PositiveBigIntegerField(null=True, blank=True)
    professional_indemnity_pence = models.PositiveBigIntegerField(null=True, blank=True)
    insurance_by_award = models.BooleanField(
        null=True, help_text="Commits to hold the required insurance by contract award instead of now"
    )

    cyber_essentials = models.CharField(max_length=32, choices=CyberEssentials.choices, blank=True)
    cyber_certificate_number = models.CharField(max_length=64, blank=True)
    cyber_certificate_expiry = models.DateField(null=True, blank=True)

    # The submitting person's declaration.
    declaration_name = models.CharField(max_length=200, blank=True)
    declaration_role = models.CharField(max_length=200, blank=True)
    declaration_confirmed = models.BooleanField(default=False)

    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Rule 2: decided within 10 working days of submission, extendable once to 15.
    due_on = models.DateField(null=True, blank=True)
    extended_at = models.DateTimeField(null=True, blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    extension_justification = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One application in progress (draft or waiting for a decision) per organisation at a time.
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status__in=["draft", "submitted"]),
                name="one_open_application_per_organisation",
            )
        ]
        permissions = [("decide_application", "Can evaluate and decide applications")]

    def __str__(self):
        return f"Application {self.pk} from {self.organisation}"

    @property
    def reference(self) -> str:
        return f"APP-{self.pk:05d}"

    @property
    def is_draft(self) -> bool:
        return self.status == ApplicationStatus.DRAFT

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED

    def is_overdue(self, today=None) -> bool:
        from .working_days import uk_date

        today = today or uk_date(timezone.now())
        return self.status == ApplicationStatus.SUBMITTED and self.due_on is not None and today > self.due_on


class CategoryDecision(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    ADMITTED = "admitted", "Admitted"
    REJECTED = "rejected", "Rejected"


class ApplicationCategory(models.Model):
    """A category applied for, the supplier's statement of fit, and the operator's decision on it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="categories")
    category = models.ForeignKey("taxonomy.Category", on_delete=models.PROTECT, related_name="+")
    statement = models.TextField(blank=True)
    decision = models.CharField(max_length=16, choices=CategoryDecision.choices, default=CategoryDecision.PENDING)
    reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["category__position", "category__name"]
        constraints = [
            models.UniqueConstraint(fields=["application", "category"], name="one_entry_per_category"),
            models.CheckConstraint(
                condition=~Q(decision="rejected") | ~Q(reason=""), name="rejection_has_a_reason"
            ),
        ]

    def __str__(self):
        return f"{self.category} ({self.get_decision_display()})"


class SubjectKind(models.TextChoices):
    SUPPLIER = "supplier", "The supplier"
    CONNECTED_PERSON = "connected_person", "Connected person"
    SUBCONTRACTOR = "subcontractor", "Subcontractor relied on"


class DeclarationSubject(models.Model):
    """Someone the exclusion grounds are answered for: the supplier, a connected person or a subcontractor."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="subjects")
    kind = models.CharField(max_length=20, choices=SubjectKind.choices)
    name = models.CharField(max_length=200)
    companies_house_number = models.CharField(max_length=8, blank=True)
    relationship = models.CharField(
        max_length=200, blank=True, help_text="For example: director, parent company, person with significant control"
    )
    # None until answered; True once the supplier says none of the grounds apply.
    no_grounds_apply = models.BooleanField(null=True)

    class Meta:
        ordering = ["application", "kind", "pk"]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def grounds_answered(self) -> bool:
        return self.no_grounds_apply is True or (self.no_grounds_apply is False and self.declarations.exists())


class GroundDeclaration(models.Model):
    """A ground that applies to a subject, with the explanation and the evidence of self-cleaning."""

    subject = models.ForeignKey(DeclarationSubject, on_delete=models.CASCADE, related_name="declarations")
    ground = models.CharField(max_length=40, choices=ExclusionGround.choices)
    explanation = models.TextField(blank=True)
    self_cleaning = models.TextField(blank=True)

    class Meta:
        ordering = ["subject", "ground"]
        constraints = [models.UniqueConstraint(fields=["subject", "ground"], name="one_declaration_per_ground")]

    @property
    def is_mandatory(self) -> bool:
        return self.ground in MANDATORY_GROUNDS


class AdmissionStatus(models.TextChoices):
    ACTIVE = "active", "Admitted"
    SUSPENDED = "suspended", "Suspended"
    REMOVED = "removed", "Removed"


ADMISSION_TRANSITIONS = {
    AdmissionStatus.ACTIVE: {AdmissionStatus.SUSPENDED, AdmissionStatus.REMOVED},
    AdmissionStatus.SUSPENDED: {AdmissionStatus.ACTIVE, AdmissionStatus.REMOVED},
    # A removed supplier comes back only through a new application.
    AdmissionStatus.REMOVED: {AdmissionStatus.ACTIVE},
}


class Admission(models.Model):
    """The one source of truth for "this supplier is admitted in this category"."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="admissions")
    category = models.ForeignKey("taxonomy.Category", on_delete=models.PROTECT, related_name="admissions")
    status = models.CharField(max_length=16, choices=AdmissionStatus.choices, default=AdmissionStatus.ACTIVE)
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="admissions")
    admitted_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(default=timezone.now)
    status_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["organisation", "category__position"]
        constraints = [models.UniqueConstraint(fields=["organisation", "category"], name="one_admission_per_category")]
        indexes = [models.Index(fields=["category", "status"])]
        permissions = [("manage_admission", "Can suspend, reinstate and remove admissions")]

    def __str__(self):
        return f"{self.organisation} in {self.category} ({self.get_status_display()})"


class DebarmentEntry(models.Model):
    """An entry on the debarment list operators keep. A supplier on it cannot be admitted."""

    organisation_name = models.CharField(max_length=200)
    companies_house_number = models.CharField(max_length=8, blank=True, db_index=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="debarments"
    )
    grounds = models.JSONField(default=list, help_text="Exclusion ground codes")
    details = models.TextField(blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="Leave blank while the debarment has no end date")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "organisation_name"]
        verbose_name = "debarment list entry"
        verbose_name_plural = "debarment list"

    def __str__(self):
        return self.organisation_name

    def is_in_force(self, today) -> bool:
        return self.starts_on <= today and (self.ends_on is None or today <= self.ends_on)

    def ground_labels(self) -> list[str]:
        labels = dict(ExclusionGround.choices)
        return [labels.get(code, code) for code in self.grounds]
