"""From the real award to the drafted contract: standstill ends at its time, and the next tick drafts it."""

from datetime import timedelta

from django.core import mail

from marketplace.competitions.services import live_award, standstills_end_due
from marketplace.contracts import services
from marketplace.contracts.models import Contract, ContractStatus
from tests.supplier_award.helpers import PRICES, build


def test_the_tick_after_standstill_ends_drafts_the_contract_for_the_buyer(
    buyer_admin, admitted_supplier, django_capture_on_commit_callbacks
):
    world = build(buyer_admin, admitted_supplier)
    award = live_award(world.competition)
    assert services.contracts_draft_due() == []  # still in standstill
    standstills_end_due(now=award.standstill_ends_at + timedelta(seconds=1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        drafted = services.contracts_draft_due()
    contract = Contract.objects.get()
    assert drafted == [contract] and contract.status == ContractStatus.DRAFT
    assert contract.supplier_id == world.winner[0].pk and contract.value_pence == PRICES[0]
    assert contract.award_id == award.pk
    assert [m.to for m in mail.outbox] == [[buyer_admin.email]]
    assert "is ready for you to prepare" in mail.outbox[0].subject
    # Only the winning bid was opened for the contract.
    assert services.contracts_draft_due() == []
