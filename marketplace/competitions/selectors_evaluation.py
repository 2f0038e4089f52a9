"""Role-aware reads for evaluation and award (rules 9 and 10). Each runs a fixed number of queries whatever the
number of bids, criteria and evaluators."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Prefetch

from marketplace.accounts.models import User

from .models import (
    LIVE_AWARD_STATUSES,
    AssessmentSummary,
    Award,
    AwardStatus,
    Bid,
    BidStatus,
    Competition,
    ConflictDeclaration,
    Criterion,
    CriterionKind,
    EvaluatorAssignment,
    EvaluatorSubmission,
    ModeratedScore,
    Score,
)
from .ranking import BidInput, CriterionWeight, RankedBid, rank


def ranking_for(competition: Competition) -> list[RankedBid]:
    """The counting bids ranked on their moderated scores and opened prices. Three queries."""
    criteria = [CriterionWeight(c.pk, c.kind, c.weighting) for c in Criterion.objects.filter(competition=competition)]
    rows = (
        Bid.objects.filter(competition=competition, status=BidStatus.SUBMITTED)
        .order_by()
        .values_list("pk", "supplier_id", "supplier__name", "evaluated_price__price_pence", "submitted_at")
    )
    bids = [BidInput(pk, sid, name, price or 0, at) for pk, sid, name, price, at in rows]
    scores = {
        (b, c): s
        for b, c, s in _plain_rows(
            ModeratedScore.objects.filter(bid__competition=competition, bid__status=BidStatus.SUBMITTED)
            .order_by()
            .values_list("bid_id", "criterion_id", "score")
        )
    }
    return rank(criteria, bids, scores, price_formula=competition.price_formula, tie_break=competition.tie_break)


def _plain_rows(queryset) -> list[tuple]:
    """A values_list queryset of integer columns (which need no conversion), fetched straight from the cursor:
    for the 19,000 moderated scores of 1,000 bids, Django's per-row work was a third of the query's time
    (`bench/ranking.py`)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@dataclass(frozen=True)
class SubmittedScore:
    """An evaluator's submitted score, as moderation reads it."""

    bid_id: int
    criterion_id: int
    evaluator_id: int
    evaluator: object  # the User
    score: int
    justification: str


@dataclass(frozen=True)
class Moderated:
    """A moderated score, as moderation reads it."""

    score: int
    rationale: str
    moderated_by_id: int
    moderated_with_id: int
    moderated_by: object  # the Users
    moderated_with: object
    recorded_at: object


@dataclass
class ModerationCell:
    criterion: Criterion
    scores: list  # SubmittedScore, in evaluator order
    moderated: Moderated | None
    flagged: bool


@dataclass
class ModerationRow:
    bid: Bid
    price_pence: int | None
    cells: list = field(default_factory=list)

    @property
    def flagged(self) -> int:
        return sum(1 for cell in self.cells if cell.flagged)

    @property
    def moderated(self) -> int:
        return sum(1 for cell in self.cells if cell.moderated is not None)


def moderation_table(competition: Competition, *, bid_ids=None) -> tuple[list[Criterion], list[ModerationRow]]:
    """Every counting bid with each scored criterion's submitted scores side by side, the disagreement flag and the
    moderated score, if any. For the owner once scoring has finished. Four queries."""
    from .services.evaluation import disagreement

    criteria = [c for c in Criterion.objects.filter(competition=competition) if c.kind != CriterionKind.PRICE]
    # The sealed draft is never needed here (nor readable): not loaded.
    bids = Bid.objects.filter(competition=competition, status=BidStatus.SUBMITTED).select_related(
        "supplier", "evaluated_price"
    ).defer("sealed_draft").order_by("supplier__name", "pk")
    if bid_ids is not None:
        bids = bids.filter(pk__in=bid_ids)
    bids = list(bids)
    # Plain rows, with one User per evaluator: building a model instance (and its evaluator) for each of 95,000
    # scores took seconds (1,000 bids, 19 criteria, 5 evaluators; bench/ranking.py).
    rows = list(
        Score.objects.filter(bid__in=bids, submitted_at__isnull=False)
        .order_by()
        .values_list("bid_id", "criterion_id", "evaluator_id", "score", "justification")
    )
    people = {
        user.pk: user
        for user in User.objects.filter(pk__in={row[2] for row in rows}).only("pk", "first_name", "last_name", "email")
    }
    scores = defaultdict(list)
    for bid_id, criterion_id, evaluator_id, score, justification in rows:
        scores[(bid_id, criterion_id)].append(
            SubmittedScore(bid_id, criterion_id, evaluator_id, people[evaluator_id], score, justification)
        )
    order = {pk: (u.first_name, u.last_name, pk) for pk, u in people.items()}
    for given in scores.values():
        given.sort(key=lambda s: order[s.evaluator_id])
    moderated_rows = list(
        ModeratedScore.objects.filter(bid__in=bids)
        .order_by()
        .values_list("bid_id", "criterion_id", "score", "rationale", "moderated_by_id", "moderated_with_id",
                     "recorded_at")
    )
    moderators = {
        user.pk: user
        for user in User.objects.filter(pk__in={r[4] for r in moderated_rows} | {r[5] for r in moderated_rows})
        .only("pk", "first_name", "last_name", "email")
    }
    moderated = {
        (bid_id, criterion_id): Moderated(score, rationale, by, with_, moderators[by], moderators[with_], at)
        for bid_id, criterion_id, score, rationale, by, with_, at in moderated_rows
    }
    rows = []
    for bid in bids:
        price = getattr(bid, "evaluated_price", None)
        row = ModerationRow(bid=bid, price_pence=price.price_pence if price else None)
        for criterion in criteria:
            given = scores.get((bid.pk, criterion.pk), [])
            row.cells.append(
                ModerationCell(
                    criterion=criterion, scores=given, moderated=moderated.get((bid.pk, criterion.pk)),
                    flagged=disagreement([s.score for s in given]),
                )
            )
        rows.append(row)
    return criteria, rows


def evaluations_for_evaluator(*, viewer):
    """The competitions the viewer is assigned to evaluate, newest first."""
    return (
        Competition.objects.filter(assignments__evaluator=viewer)
        .select_related("category", "buyer")
        .distinct()
        .order_by("-submission_deadline", "-pk")
    )


def evaluation_for_evaluator(*, viewer, competition_id: int) -> Competition:
    """One competition the viewer is assigned to evaluate in their own organisation (else DoesNotExist)."""
    return (
        Competition.objects.filter(pk=competition_id, assignments__evaluator=viewer, buyer__memberships__user=viewer)
        .select_related("category", "buyer", "owner")
        .distinct()
        .get()
    )


def own_scores(*, viewer, competition: Competition) -> dict[tuple[int, int], Score]:
    return {
        (s.bid_id, s.criterion_id): s
        for s in Score.objects.filter(bid__competition=competition, evaluator=viewer)
    }


def others_scores_visible(competition: Competition, viewer) -> bool:
    """Evaluators see each other's scores only once scoring has finished for everyone."""
    from .services.evaluation import scoring_complete

    return (
        EvaluatorSubmission.objects.filter(competition=competition, evaluator=viewer).exists()
        and scoring_complete(competition)
    )


def assignments(competition: Competition):
    return EvaluatorAssignment.objects.filter(competition=competition).select_related(
        "evaluator", "criterion", "bid__supplier"
    ).order_by("evaluator__first_name", "evaluator__last_name", "pk")


def declarations(competition: Competition):
    return ConflictDeclaration.objects.filter(competition=competition).select_related("evaluator", "supplier")


def submissions(competition: Competition) -> dict[int, EvaluatorSubmission]:
    return {s.evaluator_id: s for s in EvaluatorSubmission.objects.filter(competition=competition)}


def live_award(competition: Competition) -> Award | None:
    return (
        Award.objects.filter(competition=competition, status__in=LIVE_AWARD_STATUSES)
        .select_related("bid__supplier", "decided_by", "notice_published_by")
        .prefetch_related(Prefetch("passed_over"))
        .first()
    )


def summaries_for_supplier(*, viewer):
    """The assessment summaries sent to the viewer's supplier organisation, newest first."""
    from .selectors import _supplier_organisation

    organisation = _supplier_organisation(viewer)
    return (
        AssessmentSummary.objects.filter(bid__supplier=organisation)
        .select_related("award__competition", "bid")
        .order_by("-sent_at")
    )


def summary_for_supplier(*, viewer, summary_id: int) -> AssessmentSummary:
    return summaries_for_supplier(viewer=viewer).get(pk=summary_id)


def published_award_notices():
    """Contract award notices published, newest first: public."""
    return (
        Award.objects.filter(notice_published_at__isnull=False)
        .exclude(status=AwardStatus.CANCELLED)
        .select_related("competition__buyer", "competition__category", "bid__supplier")
        .order_by("-notice_published_at")
    )


def published_award_notice(competition_id: int) -> Award:
    return published_award_notices().get(competition_id=competition_id)


def price_explanation_requests_for_supplier(*, viewer, competition: Competition):
    from .models import PriceExplanationRequest
    from .selectors import _supplier_organisation

    organisation = _supplier_organisation(viewer)
    return PriceExplanationRequest.objects.filter(bid__competition=competition, bid__supplier=organisation)

