"""Taking a competition through evaluation and award with the real services, for any test package.

    competition, bids = opened_with_bids(owner, [supplier_user, ...], prices=[...])
    team = evaluators(owner)              # two buyer-organisation members with the evaluator role
    assign_all(owner, competition, team)
    for e in team: declare_none(competition, e); score_all(competition, e, 3); submit(competition, e)
    moderate_all(owner, competition, team[0], lambda bid, criterion: 3)
"""

from marketplace.accounts.models import Role
from marketplace.competitions import services
from marketplace.competitions.models import Bid, Competition
from marketplace.competitions.services import Declaration
from marketplace.competitions.services.evaluation import pairs_to_score, scored_criteria, suppliers_to_declare
from tests.competition_builder import pass_deadline, published, submitted_bid
from tests.factories import member


def evaluators(owner, count: int = 2) -> list:
    organisation = owner.membership.organisation
    return [member(organisation, Role.EVALUATOR, mfa=False) for _ in range(count)]


def opened_with_bids(owner, bidders: list, *, prices: list[int] | None = None, **competition_kwargs):
    """A published competition, one submitted bid from each bidder (a supplier user), the deadline passed and the
    bids opened by the owner. Returns (competition, bids in bidder order)."""
    competition = published(owner, **competition_kwargs)
    prices = prices or [9_000_000 + 100_000 * i for i in range(len(bidders))]
    for user, price in zip(bidders, prices, strict=True):
        submitted_bid(user, competition, price_pence=price)
    competition = pass_deadline(competition)
    services.competition_open_bids(actor=owner, competition=competition)
    competition = Competition.objects.get(pk=competition.pk)
    bids = [Bid.objects.get(competition=competition, supplier__memberships__user=user) for user in bidders]
    return competition, bids


def assign_all(owner, competition, team) -> None:
    for evaluator in team:
        services.evaluator_assign(actor=owner, competition=competition, evaluator=evaluator)


def declare_none(competition, evaluator, *, conflicts: dict | None = None) -> None:
    """Declare no conflict with every supplier, except those in `conflicts` ({supplier_id: details})."""
    conflicts = conflicts or {}
    services.conflicts_declare(
        actor=evaluator, competition=competition,
        declarations=[
            Declaration(supplier_id=s.pk, has_conflict=s.pk in conflicts, details=conflicts.get(s.pk, ""))
            for s in suppliers_to_declare(competition, evaluator)
        ],
    )


def score_all(competition, evaluator, score=3) -> None:
    """Score every pair the evaluator has; `score` is a number or a function of (bid, criterion)."""
    for bid, criterion in pairs_to_score(competition, evaluator):
        value = score(bid, criterion) if callable(score) else score
        services.score_save(actor=evaluator, bid=bid, criterion=criterion, score=value,
                            justification=f"Scored {value} because the answer showed evidence.")


def submit(competition, evaluator) -> None:
    services.scores_submit(actor=evaluator, competition=competition)


def scored_by(owner, competition, team, score=3) -> None:
    assign_all(owner, competition, team)
    for evaluator in team:
        declare_none(competition, evaluator)
        score_all(competition, evaluator, score)
        submit(competition, evaluator)


def moderate_all(owner, competition, moderated_with, score=3) -> None:
    for bid in Bid.objects.filter(competition=competition, status="submitted"):
        for criterion in scored_criteria(competition):
            value = score(bid, criterion) if callable(score) else score
            services.moderation_record(actor=owner, bid=bid, criterion=criterion, score=value,
                                       rationale=f"Agreed {value}: the evidence supports it.",
                                       moderated_with=moderated_with)


def evaluated(owner, bidders, *, prices=None, score=3, **competition_kwargs):
    """Opened, scored by two evaluators and moderated: ready for the award decision.
    Returns (competition, bids, team)."""
    competition, bids = opened_with_bids(owner, bidders, prices=prices, **competition_kwargs)
    team = evaluators(owner)
    scored_by(owner, competition, team, score)
    moderate_all(owner, competition, team[0], score)
    return Competition.objects.get(pk=competition.pk), bids, team
