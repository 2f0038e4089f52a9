"""People, the organisations they act for, and their roles."""

import re
import secrets

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Side(models.TextChoices):
    SUPPLIER = "supplier", "Supplier"
    BUYER = "buyer", "Buyer"
    OPERATOR = "operator", "Operator"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("A user needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person. Signs in with an email address, never a username."""

    username = None
    email = models.EmailField("email address", unique=True)
    # The side chosen at sign-up; it steers onboarding until a membership exists.
    intended_side = models.CharField(max_length=16, choices=Side.choices, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def email_domain(self) -> str:
        return self.email.rsplit("@", 1)[-1].lower()


class OrganisationSize(models.TextChoices):
    """UK company size (Companies Act 2006 thresholds: staff headcount and turnover)."""

    MICRO = "micro", "Micro: fewer than 10 staff and turnover up to £2 million"
    SMALL = "small", "Small: fewer than 50 staff and turnover up to £10 million"
    MEDIUM = "medium", "Medium: fewer than 250 staff and turnover up to £50 million"
    LARGE = "large", "Large: 250 staff or more, or turnover over £50 million"


class PublicSectorType(models.TextChoices):
    CENTRAL_GOVERNMENT = "central_government", "Central government department"
    ARMS_LENGTH_BODY = "arms_length_body", "Executive agency or arm’s-length body"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    NHS = "nhs", "NHS body"
    POLICE_FIRE = "police_fire", "Police, fire or rescue service"
    EDUCATION = "education", "School, college or university"
    DEVOLVED = "devolved", "Devolved administration"
    OTHER = "other", "Other public body"


class VerificationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for verification"
    VERIFIED = "verified", "Verified"
    REJECTED = "rejected", "Not verified"


# The verification state machine of a buyer organisation.
VERIFICATION_TRANSITIONS = {
    VerificationStatus.PENDING: {VerificationStatus.VERIFIED, VerificationStatus.REJECTED},
    VerificationStatus.VERIFIED: set(),
    VerificationStatus.REJECTED: {VerificationStatus.VERIFIED},
}

# Companies House: 8 digits, or a 2-letter register prefix and 6 digits.
COMPANY_NUMBER_RE = re.compile(r"^(\d{8}|(SC|NI|OC|SO|NC|R0|LP|SL|NL|GE|FC|SF|NF|IP|SP|RC|SR|NP|NO|IC|SI|NR|RS|CE|CS|ZC)\d{6})$")


def normalise_company_number(value: str) -> str:
    """Upper-case, drop spaces, and pad a purely numeric number to 8 digits."""
    cleaned = re.sub(r"\s+", "", value or "").upper()
    if cleaned.isdigit() and 0 < len(cleaned) < 8:
        cleaned = cleaned.zfill(8)
    return cleaned


def validate_company_number(value: str) -> None:
    if not COMPANY_NUMBER_RE.match(normalise_company_number(value)):
        raise ValidationError(
            "Enter a Companies House number in the correct format, like 01234567 or SC123456",
            code="invalid_company_number",
        )


# A UK VAT registration number: GB and 9 digits, or 12 for a branch of a group registration.
VAT_NUMBER_RE = re.compile(r"^GB(\d{9}|\d{12})$")


def normalise_vat_number(value: str) -> str:
    """Upper-case and drop spaces: "gb 123 4567 89" becomes "GB123456789"."""
    return re.sub(r"\s+", "", value or "").upper()


def validate_vat_number(value: str) -> None:
    if not VAT_NUMBER_RE.match(normalise_vat_number(value)):
        raise ValidationError(
            "Enter a VAT registration number in the correct format, like GB123456789", code="invalid_vat_number"
        )


UK_POSTCODE_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


def validate_postcode(value: str) -> None:
    if not UK_POSTCODE_RE.match((value or "").strip().upper()):
        raise ValidationError("Enter a real postcode, like SW1A 2AA", code="invalid_postcode")


class Organisation(models.Model):
    """A supplier, a buying public body, or the marketplace's operator."""

    kind = models.CharField(max_length=16, choices=Side.choices)
    name = models.CharField("legal name", max_length=200)
    companies_house_number = models.CharField(max_length=8, blank=True, validators=[validate_company_number])
    address_line_1 = models.CharField(max_length=200)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField("town or city", max_length=100)
    postcode = models.CharField(max_length=10, validators=[validate_postcode])
    size = models.CharField(max_length=16, choices=OrganisationSize.choices, blank=True)
    vat_number = models.CharField(
        "VAT registration number", max_length=14, blank=True, validators=[validate_vat_number],
        help_text="GB and 9 digits (12 for a group branch); stored upper case without spaces",
    )
    public_sector_type = models.CharField(max_length=32, choices=PublicSectorType.choices, blank=True)
    # The domain of the founding user's email and whether the allow-list knew it:
    # a hint for the operator, never a verification.
    email_domain = models.CharField(max_length=253, blank=True)
    email_domain_recognised = models.BooleanField(default=False)
    verification_status = models.CharField(
        max_length=16, choices=VerificationStatus.choices, default=VerificationStatus.PENDING
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verification_note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["companies_house_number"],
                condition=Q(kind="supplier") & ~Q(companies_house_number=""),
                name="unique_supplier_company_number",
            ),
            models.CheckConstraint(
                condition=~Q(kind="buyer") | ~Q(public_sector_type=""),
                name="buyer_has_public_sector_type",
            ),
        ]
        permissions = [("verify_organisation", "Can verify buyer organisations")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.vat_number = normalise_vat_number(self.vat_number)
        super().save(*args, **kwargs)

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED

    @property
    def audit_stream(self) -> str:
        return f"organisation:{self.pk}"


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    MEMBER = "member", "Member"
    EVALUATOR = "evaluator", "Evaluator"


ROLE_DESCRIPTIONS = {
    Role.ADMIN: "Manages the organisation’s details and team, and everything a member can do",
    Role.MEMBER: "Does the organisation’s day-to-day work on the marketplace",
    Role.EVALUATOR: "Scores the bids they are assigned to (buyers only)",
}


def roles_for(kind: str) -> list[tuple[str, str]]:
    """The roles an organisation of this kind may give. Only buyers have evaluators."""
    if kind == Side.BUYER:
        return list(Role.choices)
    return [(Role.ADMIN.value, Role.ADMIN.label), (Role.MEMBER.value, Role.MEMBER.label)]


class Membership(models.Model):
    """A person's place in one organisation. A person acts for one organisation."""

    user = models.OneToOneField("accounts.User", on_delete=models.CASCADE, related_name="membership")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation", "user__last_name", "user__first_name"]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", "Waiting for an admin"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


JOIN_REQUEST_TRANSITIONS = {
    JoinRequestStatus.PENDING: {JoinRequestStatus.APPROVED, JoinRequestStatus.REJECTED, JoinRequestStatus.WITHDRAWN},
    JoinRequestStatus.APPROVED: set(),
    JoinRequestStatus.REJECTED: set(),
    JoinRequestStatus.WITHDRAWN: set(),
}


class JoinRequest(models.Model):
    """A person asking to join an existing organisation; only its admin can let them in."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="join_requests")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="join_requests")
    message = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=JoinRequestStatus.choices, default=JoinRequestStatus.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="pending"), name="one_pending_join_request_per_user"
            )
        ]


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Invited"
    ACCEPTED = "accepted", "Accepted"
    CANCELLED = "cancelled", "Cancelled"


class Invitation(models.Model):
    """An admin's invitation for a colleague, by email address, to join with a role."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    status = models.CharField(max_length=16, choices=InvitationStatus.choices, default=InvitationStatus.PENDING)
    invited_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(status="pending"),
                name="one_pending_invitation_per_email",
            )
        ]

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at


class PublicSectorDomain(models.Model):
    """An operator-kept allow-list of public-sector email domains.

    A buyer may only sign up from one of these domains (or a subdomain), but the
    domain alone never verifies an organisation: an operator does that.
    """

    domain = models.CharField(max_length=253, unique=True, help_text="For example gov.uk; subdomains match too")
    description = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["domain"]
        verbose_name = "public sector email domain"

    def __str__(self):
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower().lstrip(".").removeprefix("@")
        super().save(*args, **kwargs)
