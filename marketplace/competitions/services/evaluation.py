"""Rule 9, fair evaluation: evaluators assigned, conflicts declared before any bid is seen, independent scores
with justifications, and moderation to a final score with a rationale.

Who does what: the competition's owner assigns evaluators (buyer-organisation members with the evaluator role)
and moderates with at least one other evaluator; each evaluator declares, per bidding supplier, whether they
have a conflict of interest, then reads (through `competition_open_bids`) and scores the bids they are assigned
to. Evaluators see each other's scores only once all of them have submitted. Each criterion of each bid keeps
at least two evaluators after conflicts remove some; the owner is told when one falls short.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from marketplace.accounts.models import Role, User
from marketplace.audit.services import audit_record
from marketplace.errors import DomainError, NotAllowed
from marketplace.notifications import send_email

from .. import permissions
from ..models import (
    MAX_SCORE,
    Bid,
    BidStatus,
    Competition,
    CompetitionStatus,
    ConflictDeclaration,
    Criterion,
    CriterionKind,
    EvaluatorAssignment,
    EvaluatorSubmission,
    ModeratedScore,
    Score,
)
from .common import database_now, lock, personal

MIN_EVALUATORS = 2
MAX_JUSTIFICATION_CHARS = 5000


def _require_owner(actor, competition):
    if not permissions.can_run_evaluation(actor, competition):
        raise NotAllowed("Only the competition’s owner can do this.")


def _require_evaluating(competition, *, allow_open: bool = False):
    allowed = {CompetitionStatus.EVALUATING, CompetitionStatus.CLOSED}
    if allow_open:
        allowed.add(CompetitionStatus.PUBLISHED)
    if competition.status == CompetitionStatus.CANCELLED:
        raise DomainError("This competition was cancelled")
    if competition.status not in allowed:
        raise DomainError("The evaluation of this competition has finished", code="not_evaluating")
    if competition.awards.exclude(status="cancelled").exists():
        raise DomainError("The award has been decided: the evaluation can no longer change", code="awarded")


def scored_criteria(competition) -> list[Criterion]:
    """The criteria evaluators score: quality and social value (price is scored by its formula)."""
    return [c for c in competition.criteria.all() if c.kind != CriterionKind.PRICE]


def counting_bids(competition):
    return Bid.objects.filter(competition=competition, status=BidStatus.SUBMITTED)


def eligible_evaluators(competition):
    """Active members of the buyer with the evaluator role, who may be assigned."""
    return User.objects.filter(
        membership__organisation_id=competition.buyer_id, membership__role=Role.EVALUATOR, is_active=True
    ).order_by("first_name", "last_name", "email")


# ---------------------------------------------------------------------------------------------------------------
# Assignment.


@transaction.atomic
def evaluator_assign(*, actor, competition: Competition, evaluator, criterion=None, bid=None) -> EvaluatorAssignment:
    """Assign an evaluator to one criterion (every bid), one bid (every criterion), or everything."""
    competition = lock(competition)
    _require_owner(actor, competition)
    _require_evaluating(competition, allow_open=True)
    if not permissions.is_evaluator_in(evaluator, competition):
        raise DomainError(
            "Choose someone in your organisation with the evaluator role", field="evaluator", code="not_evaluator"
        )
    if criterion is not None and (criterion.competition_id != competition.pk or criterion.kind == CriterionKind.PRICE):
        raise DomainError("Choose a quality or social value criterion of this competition", field="criterion")
    if bid is not None:
        if competition.bids_opened_at is None:
            # Before the bids are opened nobody on the buyer's side may know who bid (rule 7).
            raise DomainError("You can assign evaluators to a bid once the bids are opened", field="bid")
        if bid.competition_id != competition.pk or bid.status != BidStatus.SUBMITTED:
            raise DomainError("Choose a bid in this competition", field="bid")
    if EvaluatorSubmission.objects.filter(competition=competition, evaluator=evaluator).exists():
        raise DomainError(
            f"{evaluator.get_full_name()} has already submitted their scores, so cannot be given more to score",
            field="evaluator",
        )
    duplicate = EvaluatorAssignment.objects.filter(
        competition=competition, evaluator=evaluator, criterion=criterion, bid=bid
    ).exists()
    if duplicate:
        raise DomainError(f"{evaluator.get_full_name()} is already assigned to this", field="evaluator")
    assignment = EvaluatorAssignment.objects.create(
        competition=competition, evaluator=evaluator, criterion=criterion, bid=bid, assigned_by=actor,
        assigned_at=database_now(),
    )
    audit_record(
        stream=competition.audit_stream, verb="evaluation.evaluator_assigned", actor=actor, target=assignment,
        data={"evaluator_id": evaluator.pk, "criterion_id": criterion.pk if criterion else None,
              "bid_id": bid.pk if bid else None},
        personal={"evaluator": evaluator.get_full_name(), "email": evaluator.email},
    )
    send_email(
        to=[evaluator.email], template="competitions/email/evaluator_assigned",
        context={"competition": competition, "evaluator": evaluator, "criterion": criterion},
    )
    return assignment


@transaction.atomic
def evaluator_unassign(*, actor, assignment: EvaluatorAssignment) -> None:
    competition = lock(assignment.competition)
    _require_owner(actor, competition)
    _require_evaluating(competition, allow_open=True)
    if EvaluatorSubmission.objects.filter(competition=competition, evaluator_id=assignment.evaluator_id).exists():
        raise DomainError("This evaluator has submitted their scores: the assignment is part of the record")
    still_covered = [
        a for a in EvaluatorAssignment.objects.filter(competition=competition, evaluator_id=assignment.evaluator_id)
        if a.pk != assignment.pk
    ]
    # Draft scores the evaluator is no longer assigned to are dropped.
    for score in Score.objects.filter(bid__competition=competition, evaluator_id=assignment.evaluator_id):
        if not any(a.covers(score.bid_id, score.criterion_id) for a in still_covered):
            score.delete()
    audit_record(
        stream=competition.audit_stream, verb="evaluation.evaluator_unassigned", actor=actor, target=assignment,
        data={"evaluator_id": assignment.evaluator_id, "criterion_id": assignment.criterion_id,
              "bid_id": assignment.bid_id},
    )
    assignment.delete()


# ---------------------------------------------------------------------------------------------------------------
# What an evaluator must do.


def _assignments(competition, evaluator) -> list[EvaluatorAssignment]:
    return list(EvaluatorAssignment.objects.filter(competition=competition, evaluator=evaluator))


def _declarations(competition, evaluator) -> dict[int, ConflictDeclaration]:
    return {
        d.supplier_id: d for d in ConflictDeclaration.objects.filter(competition=competition, evaluator=evaluator)
    }


def assigned_pairs(competition, evaluator, *, bids=None, criteria=None) -> list[tuple[Bid, Criterion]]:
    """Every (bid, criterion) the evaluator's assignments cover, conflicts not yet taken off."""
    assignments = _assignments(competition, evaluator)
    if not assignments:
        return []
    bids = list(counting_bids(competition).select_related("supplier")) if bids is None else bids
    criteria = scored_criteria(competition) if criteria is None else criteria
    return [
        (bid, criterion)
        for bid in bids
        for criterion in criteria
        if any(a.covers(bid.pk, criterion.pk) for a in assignments)
    ]


def suppliers_to_declare(competition, evaluator) -> list:
    """The bidding suppliers whose bids the evaluator is assigned to (each needs a declaration)."""
    seen = {}
    for bid, _criterion in assigned_pairs(competition, evaluator):
        seen.setdefault(bid.supplier_id, bid.supplier)
    return sorted(seen.values(), key=lambda s: s.name)


def readable_bid_ids(evaluator, competition) -> list[int]:
    """The bids the evaluator may read: assigned, and declared free of conflict with the supplier."""
    declarations = _declarations(competition, evaluator)
    return sorted({
        bid.pk for bid, _criterion in assigned_pairs(competition, evaluator)
        if (d := declarations.get(bid.supplier_id)) is not None and not d.has_conflict
    })


def pairs_to_score(competition, evaluator) -> list[tuple[Bid, Criterion]]:
    """Assigned pairs not removed by a declared conflict."""
    declarations = _declarations(competition, evaluator)
    return [
        (bid, criterion) for bid, criterion in assigned_pairs(competition, evaluator)
        if not ((d := declarations.get(bid.supplier_id)) is not None and d.has_conflict)
    ]


@dataclass
class Declaration:
    supplier_id: int
    has_conflict: bool
    details: str = ""


@transaction.atomic
def conflicts_declare(*, actor, competition: Competition, declarations: list[Declaration]) -> list[ConflictDeclaration]:
    """Rule 9: the evaluator declares, for every bidding supplier they are assigned to, whether they have a conflict
    of interest. Declarations are made once and kept; a conflict takes them off that supplier's bid."""
    competition = lock(competition)
    if not permissions.is_evaluator_of(actor, competition):
        raise NotAllowed("Only evaluators assigned to this competition can declare conflicts of interest.")
    _require_evaluating(competition)
    if competition.bids_opened_at is None:
        raise DomainError("You can declare conflicts of interest once the owner has opened the bids", code="not_opened")
    to_declare = {s.pk: s for s in suppliers_to_declare(competition, actor)}
    already = _declarations(competition, actor)
    given = {d.supplier_id: d for d in declarations}
    unknown = set(given) - set(to_declare)
    if unknown:
        raise DomainError("You can only declare about suppliers whose bids you are assigned to")
    for supplier_id, supplier in to_declare.items():
        if supplier_id in already:
            continue
        d = given.get(supplier_id)
        if d is None:
            raise DomainError(
                f"Select whether you have a conflict of interest with {supplier.name}", field=f"supplier_{supplier_id}"
            )
        if d.has_conflict and not d.details.strip():
            raise DomainError(
                f"Describe your conflict of interest with {supplier.name}", field=f"details_{supplier_id}"
            )
    now = database_now()
    made = []
    conflicted = []
    for supplier_id in sorted(set(to_declare) - set(already)):
        d = given[supplier_id]
        declaration = ConflictDeclaration.objects.create(
            competition=competition, evaluator=actor, supplier_id=supplier_id, has_conflict=d.has_conflict,
            details=d.details.strip() if d.has_conflict else "", declared_at=now,
        )
        made.append(declaration)
        audit_record(
            stream=competition.audit_stream, verb="evaluation.conflict_declared", actor=actor, target=declaration,
            data={"evaluator_id": actor.pk, "supplier_id": supplier_id, "has_conflict": d.has_conflict},
            personal={**personal(actor), "details": declaration.details},
        )
        if d.has_conflict:
            conflicted.append(to_declare[supplier_id])
    if conflicted:
        gaps = coverage_gaps(competition)
        send_email(
            to=[competition.owner.email], template="competitions/email/conflict_declared",
            context={"competition": competition, "evaluator": actor, "suppliers": conflicted, "gaps": gaps},
        )
    return made


# ---------------------------------------------------------------------------------------------------------------
# Coverage: at least two evaluators per criterion of each bid.


@dataclass(frozen=True)
class Gap:
    bid: Bid
    criterion: Criterion
    evaluators: int


def coverage_gaps(competition) -> list[Gap]:
    """Each (bid, scored criterion) with fewer than two assigned evaluators free of conflict with its supplier."""
    bids = list(counting_bids(competition).select_related("supplier"))
    criteria = scored_criteria(competition)
    assignments = list(EvaluatorAssignment.objects.filter(competition=competition))
    conflicts = set(
        ConflictDeclaration.objects.filter(competition=competition, has_conflict=True).values_list(
            "evaluator_id", "supplier_id"
        )
    )
    gaps = []
    for bid in bids:
        for criterion in criteria:
            evaluators = {
                a.evaluator_id for a in assignments
                if a.covers(bid.pk, criterion.pk) and (a.evaluator_id, bid.supplier_id) not in conflicts
            }
            if len(evaluators) < MIN_EVALUATORS:
                gaps.append(Gap(bid=bid, criterion=criterion, evaluators=len(evaluators)))
    return gaps


# ---------------------------------------------------------------------------------------------------------------
# Scoring.


def _scoring_evaluator(actor, competition):
    if not permissions.is_evaluator_of(actor, competition):
        raise NotAllowed("Only evaluators assigned to this competition can score its bids.")
    _require_evaluating(competition)
    if competition.bids_opened_at is None:
        raise DomainError("The bids have not been opened yet", code="not_opened")
    if EvaluatorSubmission.objects.filter(competition=competition, evaluator=actor).exists():
        raise DomainError("You have submitted your scores: they can no longer be changed", code="submitted")


def check_score(score, justification: str, *, missing: str = "Enter a justification for your score") -> tuple[int, str]:
    try:
        value = int(score)
    except (TypeError, ValueError):
        raise DomainError(f"Choose a score from 0 to {MAX_SCORE}", field="score") from None
    if not 0 <= value <= MAX_SCORE or str(score).strip() not in {str(value)}:
        raise DomainError(f"Choose a score from 0 to {MAX_SCORE}", field="score")
    text = (justification or "").strip()
    if not text:
        raise DomainError(missing, field="justification")
    if len(text) > MAX_JUSTIFICATION_CHARS:
        raise DomainError(
            f"The justification must be {MAX_JUSTIFICATION_CHARS:,} characters or fewer", field="justification"
        )
    return value, text


@transaction.atomic
def score_save(*, actor, bid: Bid, criterion: Criterion, score, justification: str) -> Score:
    """Save (or change) the evaluator's score for a bid on a criterion. It stays theirs alone until submitted."""
    competition = lock(bid.competition)
    _scoring_evaluator(actor, competition)
    if criterion.competition_id != competition.pk or bid.competition_id != competition.pk:
        raise DomainError("That criterion is not part of this competition")
    if criterion.kind == CriterionKind.PRICE:
        raise DomainError("Price is scored by the competition’s formula, not by evaluators")
    declaration = ConflictDeclaration.objects.filter(
        competition=competition, evaluator=actor, supplier_id=bid.supplier_id
    ).first()
    if not any(a.covers(bid.pk, criterion.pk) for a in _assignments(competition, actor)) or bid.status != BidStatus.SUBMITTED:
        raise NotAllowed("You are not assigned to score this bid on this criterion.")
    if declaration is None:
        raise DomainError(
            "Declare whether you have a conflict of interest with this supplier before you score its bid",
            code="not_declared",
        )
    if declaration.has_conflict:
        raise NotAllowed("You declared a conflict of interest with this supplier, so you cannot score its bid.")
    value, text = check_score(score, justification)
    saved, created = Score.objects.update_or_create(
        bid=bid, criterion=criterion, evaluator=actor,
        defaults={"score": value, "justification": text, "saved_at": database_now()},
    )
    # Rule 12: a draft score is a change of the evaluation too; the record shows how it moved before submission.
    audit_record(
        stream=competition.audit_stream, verb="evaluation.score_saved", actor=actor, target=saved,
        data={"bid_id": bid.pk, "criterion_id": criterion.pk, "evaluator_id": actor.pk, "score": value,
              "changed": not created},
    )
    return saved


def missing_scores(competition, evaluator) -> list[tuple[Bid, Criterion]]:
    scored = set(
        Score.objects.filter(bid__competition=competition, evaluator=evaluator).values_list("bid_id", "criterion_id")
    )
    return [(b, c) for b, c in pairs_to_score(competition, evaluator) if (b.pk, c.pk) not in scored]


@transaction.atomic
def scores_submit(*, actor, competition: Competition) -> list[Score]:
    """The evaluator submits every score they were asked for: each is fixed and audited."""
    competition = lock(competition)
    _scoring_evaluator(actor, competition)
    undeclared = [s for s in suppliers_to_declare(competition, actor) if s.pk not in _declarations(competition, actor)]
    if undeclared:
        raise DomainError("Declare any conflicts of interest before you submit your scores", code="not_declared")
    pairs = pairs_to_score(competition, actor)
    if not pairs:
        raise DomainError("You have no bids to score in this competition")
    missing = missing_scores(competition, actor)
    if missing:
        raise DomainError(
            f"Score every bid you are assigned to before you submit: {len(missing)} still to score", code="incomplete"
        )
    now = database_now()
    wanted = {(b.pk, c.pk) for b, c in pairs}
    scores = [
        s for s in Score.objects.filter(bid__competition=competition, evaluator=actor).order_by("bid_id", "criterion_id")
        if (s.bid_id, s.criterion_id) in wanted
    ]
    Score.objects.filter(pk__in=[s.pk for s in scores]).update(submitted_at=now)
    EvaluatorSubmission.objects.create(competition=competition, evaluator=actor, submitted_at=now)
    for score in scores:
        audit_record(
            stream=competition.audit_stream, verb="evaluation.score_submitted", actor=actor, target=score,
            data={"bid_id": score.bid_id, "criterion_id": score.criterion_id, "evaluator_id": actor.pk,
                  "score": score.score, "justification": score.justification},
        )
    if scoring_complete(competition):
        send_email(
            to=[competition.owner.email], template="competitions/email/ready_for_moderation",
            context={"competition": competition},
        )
    return scores


def scoring_problems(competition) -> list[str]:
    """What stops moderation starting: coverage gaps, undeclared conflicts and unsubmitted scores."""
    problems = []
    if competition.bids_opened_at is None:
        return ["The bids have not been opened"]
    if not counting_bids(competition).exists():
        return ["There are no bids to evaluate"]
    gaps = coverage_gaps(competition)
    if gaps:
        problems.append(
            f"{len(gaps)} criteria of bids have fewer than {MIN_EVALUATORS} evaluators free of conflict: "
            "assign more evaluators"
        )
    expected = EvaluatorAssignment.objects.filter(competition=competition).values_list("evaluator_id", flat=True)
    submitted = set(
        EvaluatorSubmission.objects.filter(competition=competition).values_list("evaluator_id", flat=True)
    )
    waiting = set()
    for uid in set(expected) - submitted:
        evaluator = User(pk=uid)
        to_declare = suppliers_to_declare(competition, evaluator)
        declared = _declarations(competition, evaluator)
        if any(s.pk not in declared for s in to_declare) or pairs_to_score(competition, evaluator):
            waiting.add(uid)
    if waiting:
        problems.append(f"{len(waiting)} evaluators have not submitted their scores")
    return problems


def scoring_complete(competition) -> bool:
    return not scoring_problems(competition)


# ---------------------------------------------------------------------------------------------------------------
# Moderation.


def moderators_available(competition):
    """Evaluators who submitted scores, who may moderate with the owner."""
    return User.objects.filter(
        pk__in=EvaluatorSubmission.objects.filter(competition=competition).values("evaluator_id")
    ).exclude(pk=competition.owner_id).order_by("first_name", "last_name", "email")


@transaction.atomic
def moderation_record(
    *, actor, bid: Bid, criterion: Criterion, score, rationale: str, moderated_with
) -> ModeratedScore:
    """The owner records, with another evaluator, the final score for a bid on a criterion and why."""
    competition = lock(bid.competition)
    _require_owner(actor, competition)
    _require_evaluating(competition)
    if criterion.competition_id != competition.pk or criterion.kind == CriterionKind.PRICE:
        raise DomainError("Choose a quality or social value criterion of this competition")
    if bid.competition_id != competition.pk or bid.status != BidStatus.SUBMITTED:
        raise DomainError("Choose a bid in this competition")
    problems = scoring_problems(competition)
    if problems:
        raise DomainError("Moderation starts when scoring has finished: " + "; ".join(problems), code="scoring")
    if moderated_with is None or not moderators_available(competition).filter(pk=moderated_with.pk).exists():
        raise DomainError(
            "Choose the other evaluator who moderated with you", field="moderated_with", code="moderator"
        )
    if ConflictDeclaration.objects.filter(
        competition=competition, evaluator=moderated_with, supplier_id=bid.supplier_id, has_conflict=True
    ).exists():
        raise DomainError(
            f"{moderated_with.get_full_name()} declared a conflict of interest with this supplier: "
            "choose another evaluator", field="moderated_with",
        )
    value, text = check_score(score, rationale, missing="Enter the rationale for the moderated score")
    moderated, created = ModeratedScore.objects.update_or_create(
        bid=bid, criterion=criterion,
        defaults={"score": value, "rationale": text, "moderated_by": actor, "moderated_with": moderated_with,
                  "recorded_at": database_now()},
    )
    audit_record(
        stream=competition.audit_stream, verb="evaluation.moderated", actor=actor, target=moderated,
        data={"bid_id": bid.pk, "criterion_id": criterion.pk, "score": value, "rationale": text,
              "moderated_with_id": moderated_with.pk, "changed": not created},
    )
    return moderated


def disagreement(scores: list[int]) -> bool:
    """Scores that differ by the setting's spread or more (default 2 points) are flagged for discussion."""
    return len(scores) > 1 and max(scores) - min(scores) >= settings.SPARK_SCORE_DISAGREEMENT


def moderation_missing(competition) -> int:
    """How many (bid, criterion) pairs still need a moderated score."""
    bids = counting_bids(competition).count()
    criteria = len(scored_criteria(competition))
    done = ModeratedScore.objects.filter(
        bid__competition=competition, bid__status=BidStatus.SUBMITTED, criterion__competition=competition
    ).exclude(criterion__kind=CriterionKind.PRICE).count()
    return bids * criteria - done


__all__ = [
    "Declaration", "Gap", "MIN_EVALUATORS", "conflicts_declare", "coverage_gaps", "disagreement",
    "eligible_evaluators", "evaluator_assign", "evaluator_unassign", "missing_scores", "moderation_missing",
    "moderation_record", "moderators_available", "pairs_to_score", "readable_bid_ids", "score_save",
    "scored_criteria", "scores_submit", "scoring_complete", "scoring_problems", "suppliers_to_declare",
]
