"""A competition taken through evaluation to the award with the real services, seen from the suppliers' side."""

from dataclasses import dataclass

from marketplace.accounts.models import Role
from marketplace.competitions import services
from marketplace.competitions.models import AssessmentSummary, Competition
from tests.evaluation_builder import evaluated
from tests.factories import member

# The winner scores 4 on every scored criterion, the loser 3, the other loser 2; prices make the order certain.
PRICES = [9_000_000, 9_500_000, 9_900_000]
SCORES = [4, 3, 2]


@dataclass
class World:
    competition: Competition
    bids: list
    winner: tuple  # (organisation, member user)
    loser: tuple
    other: tuple

    def summary(self, organisation) -> AssessmentSummary:
        return AssessmentSummary.objects.get(bid__supplier=organisation, award__competition=self.competition)

    def admin_of(self, organisation):
        return member(organisation, Role.ADMIN)


def build(buyer_admin, admitted_supplier, *, send=True, publish=True) -> World:
    """Three bidders evaluated; the award decided for the best (the first); summaries sent and the notice
    published unless told otherwise."""
    suppliers = [admitted_supplier() for _ in range(3)]
    score_of = {organisation.pk: score for (organisation, _), score in zip(suppliers, SCORES, strict=True)}
    competition, bids, _team = evaluated(
        buyer_admin, [user for _, user in suppliers], prices=PRICES,
        score=lambda bid, criterion: score_of[bid.supplier_id],
    )
    services.award_decide(actor=buyer_admin, competition=competition, bid=bids[0])
    if send:
        services.assessment_summaries_send(actor=buyer_admin, competition=competition)
    if send and publish:
        services.award_notice_publish(actor=buyer_admin, competition=competition)
    competition = Competition.objects.get(pk=competition.pk)
    return World(competition, bids, *suppliers)


def html(response) -> str:
    return response.content.decode()
