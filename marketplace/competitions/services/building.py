"""Building a competition in steps while it is a draft, and recording the conflicts assessment."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from marketplace.audit.services import audit_record
from marketplace.errors import DomainError, NotAllowed
from marketplace.uploads import check_pdf

from .. import permissions
from ..models import (
    DEFAULT_SCALE,
    Competition,
    CompetitionDocument,
    ConflictEntry,
    ConflictRole,
    ConflictsAssessment,
    Criterion,
    CriterionKind,
    Outcome,
    PriceFormula,
    TieBreak,
)
from .common import lock, personal, require_draft, require_manage

MAX_OUTCOMES = 10
MAX_CRITERIA = 20
MAX_DOCUMENTS = 20
MAX_BUDGET_PENCE = 10_000_000_000_00  # £10bn: a typo guard, not a policy
WORD_LIMIT_RANGE = (50, 2000)
SCALE_POINTS = 5  # descriptors for the scores 0 to 4
SCALE_DESCRIPTOR_MAX = 200


def _editable(actor, competition) -> Competition:
    competition = lock(competition)
    require_manage(actor, competition)
    require_draft(competition)
    return competition


def _touch(competition) -> None:
    competition.updated_at = timezone.now()
    competition.save(update_fields=["updated_at"])


@transaction.atomic
def competition_create(*, actor, title: str, category) -> Competition:
    """Start a draft competition in the buyer's organisation, owned by the person who starts it."""
    if not permissions.can_create_competition(actor):
        raise NotAllowed("Only buyer admins and members can start a competition.")
    title = (title or "").strip()
    if not title:
        raise DomainError("Enter a title for the competition", field="title")
    if len(title) > 150:
        raise DomainError("Title must be 150 characters or fewer", field="title")
    if category is None:
        raise DomainError("Select a category", field="category")
    if not category.active:
        raise DomainError(f"{category.name} is not taking new competitions. Select another category", field="category")
    membership = permissions.membership_of(actor)
    competition = Competition.objects.create(
        buyer=membership.organisation, owner=actor, title=title, category=category
    )
    audit_record(
        stream=competition.audit_stream,
        verb="competition.created",
        actor=actor,
        target=competition,
        data={"category": category.slug, "buyer_id": competition.buyer_id},
        personal=personal(actor),
    )
    return competition


EDITABLE_FIELDS = {
    "title", "category", "summary", "problem", "budget_min_pence", "budget_max_pence", "contract_months",
    "expected_start", "location",
}


@transaction.atomic
def competition_update(*, actor, competition: Competition, regions=None, **fields) -> Competition:
    """Save one step of the builder. Only the given fields change."""
    competition = _editable(actor, competition)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    if "title" in fields and not (fields["title"] or "").strip():
        raise DomainError("Enter a title for the competition", field="title")
    if "category" in fields:
        category = fields["category"]
        if category is None:
            raise DomainError("Select a category", field="category")
        if not category.active and category.pk != competition.category_id:
            raise DomainError(
                f"{category.name} is not taking new competitions. Select another category", field="category"
            )
    low = fields.get("budget_min_pence", competition.budget_min_pence)
    high = fields.get("budget_max_pence", competition.budget_max_pence)
    for name, value in (("budget_min_pence", low), ("budget_max_pence", high)):
        if value is not None and not isinstance(value, int):
            raise DomainError("Enter the budget in pounds and pence", field=name)
        if value is not None and (value < 0 or value > MAX_BUDGET_PENCE):
            raise DomainError("Enter a budget between £0 and £10 billion", field=name)
    if low is not None and high is not None and low > high:
        raise DomainError("The lowest budget must be the same as or less than the highest", field="budget_min_pence")
    months = fields.get("contract_months")
    if months is not None and not 1 <= months <= 120:
        raise DomainError("Contract length must be between 1 and 120 months", field="contract_months")
    for name, value in fields.items():
        setattr(competition, name, value.strip() if isinstance(value, str) else value)
    competition.updated_at = timezone.now()
    competition.save()
    if regions is not None:
        competition.regions.set(regions)
    return competition


@transaction.atomic
def competition_set_timeline(
    *, actor, competition: Competition, clarification_deadline, submission_deadline, expected_award_date
) -> Competition:
    """Save the timeline. Times arrive already converted from UK time to UTC (see timing.uk_to_utc)."""
    competition = _editable(actor, competition)
    _check_timeline(clarification_deadline, submission_deadline, expected_award_date, now=timezone.now())
    competition.clarification_deadline = clarification_deadline
    competition.submission_deadline = submission_deadline
    competition.expected_award_date = expected_award_date
    competition.updated_at = timezone.now()
    competition.save(
        update_fields=["clarification_deadline", "submission_deadline", "expected_award_date", "updated_at"]
    )
    return competition


def minimum_deadline(published_at):
    return published_at + timedelta(days=settings.SPARK_MIN_TENDER_DAYS)


def _check_timeline(clarification_deadline, submission_deadline, expected_award_date, *, now) -> None:
    if submission_deadline is None:
        raise DomainError("Enter the submission deadline", field="submission_deadline")
    if submission_deadline <= now:
        raise DomainError("The submission deadline must be in the future", field="submission_deadline")
    if submission_deadline < minimum_deadline(now):
        raise DomainError(
            f"The submission deadline must be at least {settings.SPARK_MIN_TENDER_DAYS} days after publication",
            field="submission_deadline",
        )
    if clarification_deadline is None:
        raise DomainError("Enter the clarification deadline", field="clarification_deadline")
    if clarification_deadline <= now:
        raise DomainError("The clarification deadline must be in the future", field="clarification_deadline")
    if clarification_deadline >= submission_deadline:
        raise DomainError(
            "The clarification deadline must be before the submission deadline", field="clarification_deadline"
        )
    if expected_award_date is not None and expected_award_date < timezone.localdate(submission_deadline):
        raise DomainError(
            "The expected award date must be on or after the submission deadline", field="expected_award_date"
        )


@transaction.atomic
def competition_set_outcomes(*, actor, competition: Competition, outcomes: list[tuple[str, str]]) -> Competition:
    """Replace the outcomes: each a description and how its success will be measured."""
    competition = _editable(actor, competition)
    cleaned = [((d or "").strip(), (m or "").strip()) for d, m in outcomes]
    cleaned = [(d, m) for d, m in cleaned if d or m]
    if not cleaned:
        raise DomainError("Enter at least one outcome", field="outcomes")
    if len(cleaned) > MAX_OUTCOMES:
        raise DomainError(f"Enter up to {MAX_OUTCOMES} outcomes", field="outcomes")
    for number, (description, measure) in enumerate(cleaned, start=1):
        if not description:
            raise DomainError(f"Enter outcome {number}", field=f"outcome_{number}")
        if not measure:
            raise DomainError(f"Enter how you will measure the success of outcome {number}", field=f"measure_{number}")
    competition.outcomes.all().delete()
    Outcome.objects.bulk_create(
        [
            Outcome(competition=competition, position=i, description=d, success_measure=m)
            for i, (d, m) in enumerate(cleaned)
        ]
    )
    _touch(competition)
    return competition


@dataclass
class CriterionInput:
    kind: str
    name: str
    weighting: int
    question: str = ""
    guidance: str = ""
    word_limit: int | None = None
    scale: list[str] = field(default_factory=list)


def check_criteria(criteria: list[CriterionInput]) -> None:
    """Rule 9's weightings and the shape of the criteria: quality, one price, optionally social value."""
    if not criteria:
        raise DomainError("Add the evaluation criteria", field="criteria")
    if len(criteria) > MAX_CRITERIA:
        raise DomainError(f"Use up to {MAX_CRITERIA} criteria", field="criteria")
    kinds = [c.kind for c in criteria]
    if kinds.count(CriterionKind.PRICE) != 1:
        raise DomainError("Include exactly one price criterion", field="criteria")
    if CriterionKind.QUALITY not in kinds:
        raise DomainError("Include at least one quality criterion", field="criteria")
    if kinds.count(CriterionKind.SOCIAL_VALUE) > 1:
        raise DomainError("Include at most one social value criterion", field="criteria")
    for number, criterion in enumerate(criteria, start=1):
        label = criterion.name.strip() or f"criterion {number}"
        if criterion.kind not in CriterionKind.values:
            raise DomainError(f"Select the kind of {label}", field=f"kind_{number}")
        if not criterion.name.strip():
            raise DomainError(f"Enter a name for criterion {number}", field=f"name_{number}")
        if not isinstance(criterion.weighting, int) or not 1 <= criterion.weighting <= 100:
            raise DomainError(f"Weighting for {label} must be a whole number from 1 to 100", field=f"weighting_{number}")
        if criterion.kind != CriterionKind.PRICE:
            if not criterion.question.strip():
                raise DomainError(f"Enter the question suppliers answer for {label}", field=f"question_{number}")
            low, high = WORD_LIMIT_RANGE
            if criterion.word_limit is None or not low <= criterion.word_limit <= high:
                raise DomainError(
                    f"Word limit for {label} must be between {low} and {high}", field=f"word_limit_{number}"
                )
    total = sum(c.weighting for c in criteria)
    if total != 100:
        raise DomainError(f"Weightings must add up to 100%. They add up to {total}%", field="criteria")


def current_scale(competition, *, default=DEFAULT_SCALE) -> list[str] | None:
    """The scale the competition's quality and social value criteria share, or `default` if none has one."""
    return next((c.scale for c in competition.criteria.all() if c.kind != CriterionKind.PRICE and c.scale), default)


@transaction.atomic
def competition_set_criteria(*, actor, competition: Competition, criteria: list[CriterionInput]) -> Competition:
    """Replace the criteria of a draft. Nothing is saved unless all of them are valid."""
    competition = _editable(actor, competition)
    check_criteria(criteria)
    # Saving the criteria again keeps the scale the buyer chose (see competition_set_scale).
    current = current_scale(competition, default=None)
    competition.criteria.all().delete()
    Criterion.objects.bulk_create(
        [
            Criterion(
                competition=competition,
                position=i,
                kind=c.kind,
                name=c.name.strip(),
                weighting=c.weighting,
                question=c.question.strip() if c.kind != CriterionKind.PRICE else "",
                guidance=c.guidance.strip() if c.kind != CriterionKind.PRICE else "",
                word_limit=c.word_limit if c.kind != CriterionKind.PRICE else None,
                scale=list(c.scale or current or DEFAULT_SCALE) if c.kind != CriterionKind.PRICE else [],
            )
            for i, c in enumerate(criteria)
        ]
    )
    _touch(competition)
    return competition


def check_scale(scale: list[str]) -> list[str]:
    """The descriptors for the scores 0 to 4, each given and short; returned stripped."""
    if not isinstance(scale, (list, tuple)) or len(scale) != SCALE_POINTS:
        raise DomainError(f"Enter what each score from 0 to {SCALE_POINTS - 1} means", field="scale")
    cleaned = []
    for score, descriptor in enumerate(scale):
        text = (descriptor if isinstance(descriptor, str) else "").strip()
        if not text:
            raise DomainError(f"Enter what a score of {score} means", field=f"score_{score}")
        if len(text) > SCALE_DESCRIPTOR_MAX:
            raise DomainError(
                f"What a score of {score} means must be {SCALE_DESCRIPTOR_MAX} characters or fewer",
                field=f"score_{score}",
            )
        cleaned.append(text)
    return cleaned


@transaction.atomic
def competition_set_scale(*, actor, competition: Competition, scale: list[str]) -> Competition:
    """Set the scoring scale of a draft: what each score from 0 to 4 means, for every quality and social value
    criterion (the price criterion is not scored on it)."""
    competition = _editable(actor, competition)
    scored = competition.criteria.exclude(kind=CriterionKind.PRICE)
    if not scored.exists():
        raise DomainError("Add the evaluation criteria before changing the scoring scale", field="scale")
    cleaned = check_scale(scale)
    scored.update(scale=cleaned)
    _touch(competition)
    return competition


@transaction.atomic
def competition_set_scoring_rules(*, actor, competition: Competition, price_formula: str, tie_break: str) -> Competition:
    """How the price criterion is scored and how equal totals are decided (rules 9 and 10): fixed at publication,
    shown to suppliers with the criteria."""
    competition = _editable(actor, competition)
    if price_formula not in PriceFormula.values:
        raise DomainError("Select how price is scored", field="price_formula")
    if tie_break not in TieBreak.values:
        raise DomainError("Select how equal totals are decided", field="tie_break")
    competition.price_formula = price_formula
    competition.tie_break = tie_break
    competition.save(update_fields=["price_formula", "tie_break"])
    _touch(competition)
    return competition


def add_document(competition, *, actor, uploaded, title: str) -> CompetitionDocument:
    if competition.documents.filter(removed_at__isnull=True).count() >= MAX_DOCUMENTS:
        raise DomainError(f"A competition can have up to {MAX_DOCUMENTS} documents", field="file")
    if not (title or "").strip():
        raise DomainError("Enter a title for the document", field="title")
    checked = check_pdf(uploaded)
    document = CompetitionDocument(
        competition=competition, title=title.strip()[:200],
        original_name=getattr(uploaded, "name", "document.pdf")[:255],
        size=len(checked.content), sha256=checked.sha256, uploaded_by=actor,
    )
    document.file.save(f"{checked.sha256}.pdf", ContentFile(checked.content), save=False)
    document.save()
    return document


@transaction.atomic
def competition_document_add(*, actor, competition: Competition, uploaded, title: str) -> CompetitionDocument:
    competition = _editable(actor, competition)
    document = add_document(competition, actor=actor, uploaded=uploaded, title=title)
    _touch(competition)
    return document


@transaction.atomic
def competition_document_remove(*, actor, document: CompetitionDocument) -> None:
    competition = _editable(actor, document.competition)
    # A draft's document was never shown to anyone, so it can go.
    CompetitionDocument.objects.filter(pk=document.pk, competition=competition).delete()
    _touch(competition)


@dataclass
class ConflictInput:
    name: str
    role: str
    has_conflict: bool
    conflict: str = ""
    mitigation: str = ""
    user_id: int | None = None


@transaction.atomic
def conflicts_assessment_record(*, actor, competition: Competition, entries: list[ConflictInput]) -> ConflictsAssessment:
    """Record who is involved and each one's declaration (rule 4), replacing an earlier draft assessment."""
    competition = _editable(actor, competition)
    if not entries:
        raise DomainError("Record a declaration for everyone involved, starting with the owner", field="entries")
    if not any(e.role == ConflictRole.OWNER for e in entries):
        raise DomainError("Record the competition owner’s declaration", field="entries")
    for number, entry in enumerate(entries, start=1):
        if not entry.name.strip():
            raise DomainError(f"Enter the name of person {number}", field=f"name_{number}")
        if entry.role not in ConflictRole.values:
            raise DomainError(f"Select the role of {entry.name}", field=f"role_{number}")
        if entry.has_conflict and not entry.conflict.strip():
            raise DomainError(f"Describe {entry.name}’s conflict of interest", field=f"conflict_{number}")
        if entry.has_conflict and not entry.mitigation.strip():
            raise DomainError(f"Describe how {entry.name}’s conflict is mitigated", field=f"mitigation_{number}")
    ConflictsAssessment.objects.filter(competition=competition).delete()
    assessment = ConflictsAssessment.objects.create(competition=competition, recorded_by=actor)
    ConflictEntry.objects.bulk_create(
        [
            ConflictEntry(
                assessment=assessment, name=e.name.strip(), role=e.role, user_id=e.user_id,
                has_conflict=e.has_conflict, conflict=e.conflict.strip() if e.has_conflict else "",
                mitigation=e.mitigation.strip() if e.has_conflict else "",
            )
            for e in entries
        ]
    )
    audit_record(
        stream=competition.audit_stream,
        verb="competition.conflicts_assessed",
        actor=actor,
        target=competition,
        data={"people": len(entries), "conflicts": sum(1 for e in entries if e.has_conflict)},
        personal={**personal(actor), "declared": [e.name for e in entries]},
    )
    _touch(competition)
    return assessment
