"""Competitions, invitations, clarifications, amendments and sealed bids (rules 3 to 8).

A competition is closed once its deadline has passed: that is derived from the deadline (`closed_q`,
`Competition.is_closed`), so no job has to run for it to be true. `manage.py tick` only stamps it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Regime(models.TextChoices):
    PA2023 = "pa2023", "Procurement Act 2023 (dynamic market)"
    PCR2015 = "pcr2015", "Public Contracts Regulations 2015 (dynamic purchasing system)"


class CompetitionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Open"
    CLOSED = "closed", "Closed"
    EVALUATING = "evaluating", "Evaluating"
    STANDSTILL = "standstill", "Standstill"
    AWARDED = "awarded", "Awarded"
    CANCELLED = "cancelled", "Cancelled"


# The competition state machine. PUBLISHED → CLOSED is also true without a transition once the deadline
# has passed (see closed_q); the stamp records it.
COMPETITION_TRANSITIONS = {
    CompetitionStatus.DRAFT: {CompetitionStatus.PUBLISHED, CompetitionStatus.CANCELLED},
    CompetitionStatus.PUBLISHED: {CompetitionStatus.CLOSED, CompetitionStatus.CANCELLED},
    CompetitionStatus.CLOSED: {CompetitionStatus.EVALUATING, CompetitionStatus.CANCELLED},
    CompetitionStatus.EVALUATING: {CompetitionStatus.STANDSTILL, CompetitionStatus.CANCELLED},
    # Back to evaluating when the buyer cancels an award in standstill (a challenge upheld).
    CompetitionStatus.STANDSTILL: {CompetitionStatus.AWARDED, CompetitionStatus.EVALUATING, CompetitionStatus.CANCELLED},
    CompetitionStatus.AWARDED: set(),
    CompetitionStatus.CANCELLED: set(),
}


class CriterionKind(models.TextChoices):
    QUALITY = "quality", "Quality"
    PRICE = "price", "Price"
    SOCIAL_VALUE = "social_value", "Social value"


class PriceFormula(models.TextChoices):
    """How the price criterion is scored (chosen when the competition is built, shown to suppliers)."""

    LOWEST_PROPORTIONAL = "lowest_proportional", "Lowest price scores full marks; others score lowest ÷ price"
    DIFFERENCE_FROM_LOWEST = (
        "difference_from_lowest",
        "Lowest price scores full marks; others lose marks by how much more they cost: 1 − (price − lowest) ÷ lowest, "
        "never below zero",
    )


class TieBreak(models.TextChoices):
    """How bids with equal totals are ordered. If they are still equal, the earlier submission goes first."""

    QUALITY = "quality", "The bid with the higher quality score"
    PRICE = "price", "The bid with the lower price"


MAX_SCORE = 4

DEFAULT_SCALE = [
    "0 – No answer, or the answer does not address the question",
    "1 – Poor: significant gaps or risks",
    "2 – Acceptable: meets the requirement with some gaps",
    "3 – Good: meets the requirement fully",
    "4 – Excellent: exceeds the requirement with evidence",
]


def open_q(now=None) -> Q:
    """Published and before its deadline: suppliers may still ask, bid and revise."""
    now = now or timezone.now()
    return Q(status=CompetitionStatus.PUBLISHED, submission_deadline__gt=now)


def closed_q(now=None) -> Q:
    """Closed in fact: the deadline has passed, whether or not the tick has stamped it yet."""
    now = now or timezone.now()
    return Q(status=CompetitionStatus.CLOSED) | Q(status=CompetitionStatus.PUBLISHED, submission_deadline__lte=now)


class Competition(models.Model):
    """A buyer's call for competition among the suppliers admitted to one category."""

    reference = models.CharField(max_length=20, unique=True, null=True, blank=True)
    buyer = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="competitions")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    regime = models.CharField(max_length=10, choices=Regime.choices, default=Regime.PA2023)
    status = models.CharField(max_length=12, choices=CompetitionStatus.choices, default=CompetitionStatus.DRAFT)

    title = models.CharField(max_length=150)
    category = models.ForeignKey("taxonomy.Category", on_delete=models.PROTECT, related_name="competitions")
    summary = models.TextField(blank=True, help_text="One or two sentences shown in the public list")
    problem = models.TextField(blank=True, help_text="The problem to solve, not a specification")

    # Rule 13: integer pence.
    budget_min_pence = models.PositiveBigIntegerField(null=True, blank=True)
    budget_max_pence = models.PositiveBigIntegerField(null=True, blank=True)
    contract_months = models.PositiveSmallIntegerField(null=True, blank=True)
    expected_start = models.DateField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    regions = models.ManyToManyField("taxonomy.Region", blank=True, related_name="+")

    # Rule 5: stored in UTC, shown in UK time.
    clarification_deadline = models.DateTimeField(null=True, blank=True)
    submission_deadline = models.DateTimeField(null=True, blank=True)
    expected_award_date = models.DateField(null=True, blank=True)

    # Rules 9 and 10: how price is scored and ties are broken, fixed before publication.
    price_formula = models.CharField(
        max_length=24, choices=PriceFormula.choices, default=PriceFormula.LOWEST_PROPORTIONAL
    )
    tie_break = models.CharField(max_length=10, choices=TieBreak.choices, default=TieBreak.QUALITY)

    version = models.PositiveIntegerField(default=0, help_text="0 while a draft; 1 on publication, +1 per amendment")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True, help_text="When the tick stamped the close")
    bids_opened_at = models.DateTimeField(null=True, blank=True)
    bids_opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)

    # Rule 7: the per-competition data key, only ever stored wrapped by the master key (which is not here).
    wrapped_key = models.BinaryField(null=True, blank=True, editable=False)
    master_key_id = models.CharField(max_length=16, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "submission_deadline"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_min_pence__isnull=True)
                | Q(budget_max_pence__isnull=True)
                | Q(budget_min_pence__lte=models.F("budget_max_pence")),
                name="competition_budget_range_ordered",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def audit_stream(self) -> str:
        return f"competition:{self.pk}"

    def is_closed(self, now=None) -> bool:
        now = now or timezone.now()
        if self.status == CompetitionStatus.CLOSED:
            return True
        return (
            self.status == CompetitionStatus.PUBLISHED
            and self.submission_deadline is not None
            and self.submission_deadline <= now
        )

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == CompetitionStatus.PUBLISHED
            and self.submission_deadline is not None
            and self.submission_deadline > now
        )

    def effective_status(self, now=None) -> str:
        """The status as it is now, with the passing of the deadline taken into account."""
        return CompetitionStatus.CLOSED if self.is_closed(now) else self.status

    def effective_status_label(self, now=None) -> str:
        return CompetitionStatus(self.effective_status(now)).label

    def clarifications_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_open(now) and (self.clarification_deadline is None or self.clarification_deadline > now)


class Outcome(models.Model):
    """An outcome the buyer wants, with how success will be measured (outcomes, not a specification)."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="outcomes")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.TextField()
    success_measure = models.TextField()

    class Meta:
        ordering = ["competition", "position", "pk"]

    def __str__(self):
        return self.description[:60]


class Criterion(models.Model):
    """An evaluation criterion. Quality and social value criteria carry the question suppliers answer."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=16, choices=CriterionKind.choices)
    name = models.CharField(max_length=120)
    weighting = models.PositiveSmallIntegerField(help_text="Per cent; all criteria add up to 100")
    question = models.TextField(blank=True)
    guidance = models.TextField(blank=True)
    word_limit = models.PositiveSmallIntegerField(null=True, blank=True)
    scale = models.JSONField(default=list, blank=True, help_text="Descriptors for scores 0 to 4")

    class Meta:
        ordering = ["competition", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition"], condition=Q(kind="price"), name="one_price_criterion_per_competition"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def has_question(self) -> bool:
        return self.kind != CriterionKind.PRICE


def competition_document_path(instance, filename):
    return f"competitions/{instance.competition_id}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class CompetitionDocument(models.Model):
    """A document of the competition (the buyer's), visible to invited suppliers. Removed ones are kept."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=competition_document_path, max_length=255)
    title = models.CharField(max_length=200)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["competition", "uploaded_at", "pk"]

    def __str__(self):
        return self.title


class CompetitionVersion(models.Model):
    """What suppliers were shown: version 1 on publication, one more per amendment, never changed."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    reason = models.TextField(blank=True, help_text="Why it was amended (empty for the published version)")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["competition", "number"]
        constraints = [models.UniqueConstraint(fields=["competition", "number"], name="unique_competition_version")]

    def __str__(self):
        return f"{self.competition} v{self.number}"

    @property
    def is_amendment(self) -> bool:
        return self.number > 1


class ConflictRole(models.TextChoices):
    OWNER = "owner", "Competition owner"
    EVALUATOR = "evaluator", "Evaluator"
    OPERATOR = "operator", "Operator"
    OTHER = "other", "Other person involved"


class ConflictsAssessment(models.Model):
    """The record, made before publication, of who is involved and any conflict of interest (rule 4)."""

    competition = models.OneToOneField(Competition, on_delete=models.CASCADE, related_name="conflicts_assessment")
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self):
        return f"Conflicts assessment for {self.competition}"


class ConflictEntry(models.Model):
    assessment = models.ForeignKey(ConflictsAssessment, on_delete=models.CASCADE, related_name="entries")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=16, choices=ConflictRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    has_conflict = models.BooleanField(default=False)
    conflict = models.TextField(blank=True)
    mitigation = models.TextField(blank=True)

    class Meta:
        ordering = ["assessment", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(has_conflict=False) | (~Q(conflict="") & ~Q(mitigation="")),
                name="conflict_recorded_with_mitigation",
            ),
        ]

    def __str__(self):
        return self.name


class Invitation(models.Model):
    """An admitted supplier's invitation to a competition (rule 4: everyone admitted is invited)."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="invitations")
    supplier = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="competition_invitations")
    invited_at = models.DateTimeField(default=timezone.now)
    late = models.BooleanField(default=False, help_text="Invited after publication, when admitted later")

    class Meta:
        ordering = ["competition", "invited_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["competition", "supplier"], name="unique_invitation")]

    def __str__(self):
        return f"{self.supplier} to {self.competition}"


class EmailFrequency(models.TextChoices):
    IMMEDIATE = "immediate", "Send each email straight away"
    DAILY = "daily", "Send one daily summary email"


class NotificationPreference(models.Model):
    """How a supplier organisation wants to hear about competitions."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="competition_notifications"
    )
    frequency = models.CharField(max_length=10, choices=EmailFrequency.choices, default=EmailFrequency.IMMEDIATE)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.organisation}: {self.frequency}"


class DigestItem(models.Model):
    """A competition notice waiting for a supplier's daily summary email."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation", "created_at", "pk"]
        indexes = [models.Index(fields=["sent_at", "organisation"])]

    def __str__(self):
        return self.text


class ClarificationStatus(models.TextChoices):
    ASKED = "asked", "Waiting for an answer"
    PUBLISHED = "published", "Answered"


class Clarification(models.Model):
    """A supplier's question and the buyer's answer, published to every invited supplier (rule 6)."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="clarifications")
    # Who asked is kept for the record and shown to nobody but the asker's own organisation.
    asked_by_organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    question = models.TextField()
    asked_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=ClarificationStatus.choices, default=ClarificationStatus.ASKED)
    published_question = models.TextField(blank=True, help_text="The question as published, redacted if needed")
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["competition", "asked_at", "pk"]

    def __str__(self):
        return f"Clarification {self.pk} on {self.competition}"

    @property
    def redacted(self) -> bool:
        return self.status == ClarificationStatus.PUBLISHED and self.published_question != self.question


class BidStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    WITHDRAWN = "withdrawn", "Withdrawn"
    SET_ASIDE = "set_aside", "Set aside"


BID_TRANSITIONS = {
    BidStatus.DRAFT: {BidStatus.SUBMITTED, BidStatus.SET_ASIDE},
    # A submitted bid may be revised (stays submitted, new revision), withdrawn, or set aside (rule 3).
    BidStatus.SUBMITTED: {BidStatus.SUBMITTED, BidStatus.WITHDRAWN, BidStatus.SET_ASIDE},
    # A withdrawn bid may be submitted again before the deadline.
    BidStatus.WITHDRAWN: {BidStatus.SUBMITTED, BidStatus.SET_ASIDE},
    BidStatus.SET_ASIDE: set(),
}


class Bid(models.Model):
    """One supplier's bid in one competition. Its content is sealed (rule 7): see `sealing`.

    `draft` holds the working copy the supplier edits; each submission stores a `BidRevision`
    and the last one submitted counts. Nothing here is readable without the competition's data key.
    """

    competition = models.ForeignKey(Competition, on_delete=models.PROTECT, related_name="bids")
    supplier = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="bids")
    status = models.CharField(max_length=10, choices=BidStatus.choices, default=BidStatus.DRAFT)
    sealed_draft = models.BinaryField(editable=False)
    # Bumped by every save, so two colleagues editing at once are told rather than overwriting each other.
    edit_version = models.PositiveIntegerField(default=1)
    revision = models.PositiveIntegerField(default=0, help_text="The number of the last submitted revision")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True, help_text="Database time the last revision arrived")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    set_aside_at = models.DateTimeField(null=True, blank=True)
    set_aside_reason = models.TextField(blank=True)
    # Rule 5: after an amendment, suppliers who had submitted are asked to confirm or revise.
    needs_confirmation_since = models.PositiveIntegerField(
        null=True, blank=True, help_text="The competition version the submitted bid has not yet been confirmed against"
    )
    confirmed_version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["competition", "pk"]
        constraints = [models.UniqueConstraint(fields=["competition", "supplier"], name="one_bid_per_supplier")]

    def __str__(self):
        return f"Bid {self.pk}"

    @property
    def audit_stream(self) -> str:
        return f"competition:{self.competition_id}"

    @property
    def counts(self) -> bool:
        return self.status == BidStatus.SUBMITTED


class BidRevision(models.Model):
    """A submitted revision: sealed content, the database time it arrived and its keyed HMAC."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    sealed_content = models.BinaryField(editable=False)
    content_hmac = models.CharField(max_length=64)
    received_at = models.DateTimeField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    competition_version = models.PositiveIntegerField()

    class Meta:
        ordering = ["bid", "number"]
        constraints = [models.UniqueConstraint(fields=["bid", "number"], name="unique_bid_revision")]

    def __str__(self):
        return f"Bid {self.bid_id} revision {self.number}"


class BidAttachment(models.Model):
    """An attachment's bytes and its name, sealed together; it belongs to the draft, and to each revision that
    listed it (revisions hold attachment ids in their sealed content)."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="attachments")
    sealed = models.BinaryField(editable=False)
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["bid", "pk"]

    def __str__(self):
        return f"Attachment {self.pk}"


# ---------------------------------------------------------------------------------------------------------------
# Evaluation (rule 9): evaluators assigned, conflicts declared, independent scores, moderation.


class EvaluatorAssignment(models.Model):
    """An evaluator assigned to score one criterion for every bid, every criterion of one bid, or (both empty)
    every quality and social value criterion of every bid. Price is scored by formula, never by evaluators."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="assignments")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(Criterion, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    bid = models.ForeignKey(Bid, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["competition", "assigned_at", "pk"]

    def __str__(self):
        return f"{self.evaluator} on {self.competition}"

    def covers(self, bid_id: int, criterion_id: int) -> bool:
        return (self.bid_id is None or self.bid_id == bid_id) and (
            self.criterion_id is None or self.criterion_id == criterion_id
        )


class ConflictDeclaration(models.Model):
    """An evaluator's declaration about one bidding supplier, made before they see any bid. A conflict
    removes them from that supplier's bid."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="declarations")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    supplier = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    has_conflict = models.BooleanField()
    details = models.TextField(blank=True)
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["competition", "evaluator", "supplier"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "evaluator", "supplier"], name="one_declaration_each"),
            models.CheckConstraint(
                condition=Q(has_conflict=False) | ~Q(details=""), name="conflict_declared_with_details"
            ),
        ]

    def __str__(self):
        return f"{self.evaluator} about {self.supplier}"


class EvaluatedPrice(models.Model):
    """A bid's price as opened after the deadline (rule 7 seals it until then), kept for price scoring, the
    ranking and the award."""

    bid = models.OneToOneField(Bid, on_delete=models.CASCADE, related_name="evaluated_price")
    price_pence = models.PositiveBigIntegerField()
    opened_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Price of bid {self.bid_id}"


class Score(models.Model):
    """One evaluator's score for one bid on one criterion, with its justification. Saved as a draft until the
    evaluator submits their scores; then fixed."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField()
    justification = models.TextField()
    saved_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["bid", "criterion", "evaluator"]
        constraints = [
            models.UniqueConstraint(fields=["bid", "criterion", "evaluator"], name="one_score_each"),
            models.CheckConstraint(condition=Q(score__lte=MAX_SCORE), name="score_within_scale"),
        ]

    def __str__(self):
        return f"{self.score} for bid {self.bid_id} on {self.criterion_id}"


class EvaluatorSubmission(models.Model):
    """An evaluator has submitted all their scores for a competition."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="evaluator_submissions")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["competition", "evaluator"], name="one_submission_per_evaluator")
        ]

    def __str__(self):
        return f"{self.evaluator} submitted on {self.competition}"


class ModeratedScore(models.Model):
    """The final score for a bid on a criterion, agreed in moderation by the owner with another evaluator."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="moderated_scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField()
    rationale = models.TextField()
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    moderated_with = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["bid", "criterion"]
        constraints = [
            models.UniqueConstraint(fields=["bid", "criterion"], name="one_moderated_score_each"),
            models.CheckConstraint(condition=Q(score__lte=MAX_SCORE), name="moderated_score_within_scale"),
            models.CheckConstraint(
                condition=~Q(moderated_by=models.F("moderated_with")), name="moderated_by_two_people"
            ),
        ]

    def __str__(self):
        return f"{self.score} for bid {self.bid_id} on {self.criterion_id}"


# ---------------------------------------------------------------------------------------------------------------
# Award (rule 10): the decision, assessment summaries, the contract award notice and standstill.


class PriceExplanationRequest(models.Model):
    """The buyer asks a supplier to explain a price that looks abnormally low, and gives it time to answer.
    A bid can only be passed over as abnormally low after this."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="price_explanation_requests")
    question = models.TextField()
    asked_at = models.DateTimeField(default=timezone.now)
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    respond_by = models.DateTimeField()
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["bid", "asked_at", "pk"]

    def __str__(self):
        return f"Price explanation for bid {self.bid_id}"

    def settled(self, now=None) -> bool:
        """Answered, or the time to answer has passed."""
        now = now or timezone.now()
        return self.answered_at is not None or self.respond_by <= now


class AwardStatus(models.TextChoices):
    DECIDED = "decided", "Decided: assessment summaries to send"
    SUMMARIES_SENT = "summaries_sent", "Assessment summaries sent: award notice to publish"
    STANDSTILL = "standstill", "In standstill"
    PAUSED = "paused", "Paused: challenge received"
    CONCLUDED = "concluded", "Standstill ended: contract may be signed"
    CANCELLED = "cancelled", "Cancelled"


LIVE_AWARD_STATUSES = [
    AwardStatus.DECIDED, AwardStatus.SUMMARIES_SENT, AwardStatus.STANDSTILL, AwardStatus.PAUSED, AwardStatus.CONCLUDED
]


class Award(models.Model):
    """A buyer admin's award decision for a competition, and what follows it. At most one is live; a cancelled
    one is kept."""

    competition = models.ForeignKey(Competition, on_delete=models.PROTECT, related_name="awards")
    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="+")
    proposed_bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="+", help_text="The highest total")
    status = models.CharField(max_length=16, choices=AwardStatus.choices, default=AwardStatus.DECIDED)
    value_pence = models.PositiveBigIntegerField(help_text="The winning bid's price")
    ranking = models.JSONField(help_text="The ranking the decision was made on")
    bid_count = models.PositiveIntegerField()
    decided_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    summaries_sent_at = models.DateTimeField(null=True, blank=True)
    notice_published_at = models.DateTimeField(null=True, blank=True)
    notice_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    standstill_ends_at = models.DateTimeField(null=True, blank=True)
    standstill_ended_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    pause_reason = models.TextField(blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["competition", "-decided_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition"], condition=~Q(status="cancelled"), name="one_live_award_per_competition"
            ),
        ]

    def __str__(self):
        return f"Award of {self.competition}"

    @property
    def audit_stream(self) -> str:
        return f"competition:{self.competition_id}"

    def in_standstill(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == AwardStatus.PAUSED or (
            self.status == AwardStatus.STANDSTILL and self.standstill_ends_at is not None and self.standstill_ends_at > now
        )


class PassOverReason(models.TextChoices):
    """The only reasons the law allows for not awarding to the highest total."""

    EXCLUDED = "excluded", "The supplier is excluded"
    NON_COMPLIANT = "non_compliant", "The bid does not meet the competition’s conditions"
    ABNORMALLY_LOW = "abnormally_low", "The price is abnormally low"


def pass_over_evidence_path(instance, filename):
    return f"awards/{instance.award.competition_id}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class PassedOverBid(models.Model):
    """A bid with a higher total than the winner's, passed over for one of the allowed reasons, with evidence."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="passed_over")
    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=16, choices=PassOverReason.choices)
    explanation = models.TextField()
    evidence = models.FileField(upload_to=pass_over_evidence_path, max_length=255)
    evidence_name = models.CharField(max_length=255)
    evidence_sha256 = models.CharField(max_length=64)
    explanation_request = models.ForeignKey(
        PriceExplanationRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["award", "pk"]
        constraints = [models.UniqueConstraint(fields=["award", "bid"], name="pass_over_once")]

    def __str__(self):
        return f"Bid {self.bid_id} passed over"


class AssessmentSummary(models.Model):
    """What one bidder is told about the evaluation: its scores and the reasons, the winner's scores. Written
    once, when sent; `content` is the letter's data (see services.award.summary_content)."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="summaries")
    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="assessment_summaries")
    successful = models.BooleanField()
    content = models.JSONField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["award", "pk"]
        constraints = [models.UniqueConstraint(fields=["award", "bid"], name="one_summary_per_bid")]

    def __str__(self):
        return f"Assessment summary for bid {self.bid_id}"
