"""Open data tests: a whole procurement taken through the real services, from publication to a milestone met,
and a second competition clarified, amended and cancelled."""

from dataclasses import dataclass
from datetime import timedelta

import pytest

from marketplace.accounts.models import Role
from marketplace.competitions import services as competitions
from marketplace.competitions.models import Competition
from marketplace.contracts import services as contracts
from marketplace.contracts.models import Contract
from marketplace.contracts.services import MilestoneInput
from tests.competition_builder import published
from tests.contract_builder import issued, publish_terms, signed
from tests.evaluation_fixtures import _media_in_tmp, admitted_supplier  # noqa: F401 (fixtures)
from tests.factories import member
from tests.supplier_award.helpers import PRICES, build

ANSWER_TEXT = "We will route crews using live sensor data."
CLARIFICATION_QUESTION = "Does Acme Widgets Ltd need to hold a waste carrier licence?"
CLARIFICATION_ANSWER = "No licence is needed for a software pilot."


@dataclass
class Lifecycle:
    competition: Competition
    contract: Contract
    world: object

    @property
    def losers(self):
        return [self.world.loser, self.world.other]


@pytest.fixture
def lifecycle(buyer_admin, admitted_supplier) -> Lifecycle:
    """Published, evaluated, awarded (notice and standstill), contract signed, varied, one milestone met."""
    publish_terms()
    world = build(buyer_admin, admitted_supplier)
    award = competitions.live_award(world.competition)
    competitions.standstills_end_due(now=award.standstill_ends_at + timedelta(seconds=1))
    contract = contracts.contracts_draft_due()[0]
    contracts.milestones_set(actor=buyer_admin, contract=contract, milestones=[
        MilestoneInput("Discovery", contract.start_date, PRICES[0] // 2),
        MilestoneInput("Pilot", contract.end_date, PRICES[0] - PRICES[0] // 2),
    ])
    winner_admin = member(world.winner[0], Role.ADMIN)
    contract = signed(issued(contract, buyer_admin), winner_admin, buyer_admin)
    contracts.variation_start(actor=buyer_admin, contract=contract, reason="The pilot moves to a second depot")
    contract = signed(issued(Contract.objects.get(pk=contract.pk), buyer_admin, purchase_order_number="PO-2"),
                      winner_admin, buyer_admin)
    first = contract.milestones.order_by("position").first()
    contracts.milestone_deliver(actor=world.winner[1], milestone=first, note="Discovery report shared")
    contracts.milestone_accept(actor=buyer_admin, milestone=first)
    return Lifecycle(Competition.objects.get(pk=world.competition.pk), Contract.objects.get(pk=contract.pk), world)


@pytest.fixture
def cancelled(buyer_admin, admitted_supplier):
    """A competition published, clarified (a question naming the asker, redacted when published), amended and
    then cancelled."""
    _organisation, supplier_user = admitted_supplier()
    competition = published(buyer_admin, title="Predict potholes before they form")
    clarification = competitions.clarification_ask(actor=supplier_user, competition=competition,
                                                   question=CLARIFICATION_QUESTION)
    competitions.clarification_publish(actor=buyer_admin, clarification=clarification,
                                       published_question="Do suppliers need a waste carrier licence?",
                                       answer=CLARIFICATION_ANSWER)
    competition = Competition.objects.get(pk=competition.pk)
    competitions.competition_amend(actor=buyer_admin, competition=competition, reason="More time to bid",
                                   submission_deadline=competition.submission_deadline + timedelta(days=7))
    competitions.competition_cancel(actor=buyer_admin, competition=Competition.objects.get(pk=competition.pk),
                                    reason="The budget was withdrawn")
    return Competition.objects.get(pk=competition.pk)
