"""The contract and milestone state machines: each from→to pair is allowed or refused by the services."""

import pytest

from marketplace.contracts import services
from marketplace.contracts.models import (
    CONTRACT_TRANSITIONS,
    MILESTONE_TRANSITIONS,
    Contract,
    ContractStatus,
    MilestoneStatus,
)
from marketplace.errors import DomainError
from tests.contract_builder import drafted, issued, signed

# The service that makes each milestone move; moves not listed in MILESTONE_TRANSITIONS must be refused.
MILESTONE_MOVES = {
    MilestoneStatus.DELIVERED: lambda m, supplier, buyer: services.milestone_deliver(actor=supplier, milestone=m,
                                                                                    note="Delivered"),
    MilestoneStatus.ACCEPTED: lambda m, supplier, buyer: services.milestone_accept(actor=buyer, milestone=m),
    MilestoneStatus.REJECTED: lambda m, supplier, buyer: services.milestone_reject(actor=buyer, milestone=m,
                                                                                  reason="Not yet"),
}


@pytest.fixture
def active(award, terms, buyer_admin, winner):
    return signed(issued(drafted(award), buyer_admin), winner[2], buyer_admin)


@pytest.mark.parametrize("start", list(MilestoneStatus))
def test_milestone_transitions(active, start, buyer_admin, winner):
    milestone = active.milestones.first()
    for target, move in MILESTONE_MOVES.items():
        milestone.status = start
        milestone.save(update_fields=["status"])
        if target in MILESTONE_TRANSITIONS[start]:
            assert move(milestone, winner[1], buyer_admin).status == target
        else:
            with pytest.raises(DomainError):
                move(milestone, winner[1], buyer_admin)
            milestone.refresh_from_db()
            assert milestone.status == start


def test_contract_transitions(award, terms, buyer_admin, winner):
    contract = drafted(award)
    assert contract.status == ContractStatus.DRAFT
    contract = issued(contract, buyer_admin)
    assert ContractStatus.AWAITING_SIGNATURES in CONTRACT_TRANSITIONS[ContractStatus.DRAFT]
    # Awaiting signatures: not editable, not deliverable.
    with pytest.raises(DomainError):
        services.contract_issue(actor=buyer_admin, contract=contract)
    contract = signed(contract, winner[2], buyer_admin)
    assert contract.status == ContractStatus.ACTIVE
    assert ContractStatus.ACTIVE in CONTRACT_TRANSITIONS[ContractStatus.AWAITING_SIGNATURES]
    # Completed when the last milestone is accepted; nothing moves a completed contract.
    for milestone in contract.milestones.all():
        services.milestone_deliver(actor=winner[1], milestone=milestone, note="Done")
        services.milestone_accept(actor=buyer_admin, milestone=milestone)
    contract = Contract.objects.get(pk=contract.pk)
    assert contract.status == ContractStatus.COMPLETED
    assert CONTRACT_TRANSITIONS[ContractStatus.COMPLETED] == set()
    with pytest.raises(DomainError):
        services.variation_start(actor=buyer_admin, contract=contract, reason="Too late")
    with pytest.raises(DomainError):
        services.contract_issue(actor=buyer_admin, contract=contract)
