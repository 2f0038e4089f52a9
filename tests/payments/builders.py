"""Shared builders for the payments tests (fixtures live here, not in conftest.py; test modules import them).

    deal = make_deal()            # a signed, active contract with two milestones, the supplier VAT-registered
    accept(deal, deal.first)      # delivered by the supplier, accepted by the buyer: payable
    invoice = raise_invoice(deal, deal.first, number="INV-001")
"""

from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import timezone

from marketplace.accounts.models import Organisation, Role
from marketplace.contracts import services as contracts
from marketplace.contracts.models import Contract, Milestone
from marketplace.contracts.services import MilestoneInput
from marketplace.payments import services
from tests.competition_builder import quick_admitted_supplier
from tests.contract_builder import drafted, issued, publish_terms, quick_award, signed
from tests.factories import member

# Chosen so that VAT at 5% and a 1% fee land exactly on half a penny (rounded up).
FIRST_PENCE = 3_000_050
SECOND_PENCE = 5_999_950
PURCHASE_ORDER = "PO-4500012345"
VAT_NUMBER = "GB123456789"


@dataclass
class Deal:
    contract: Contract
    buyer_admin: object
    buyer_member: object
    supplier: Organisation
    supplier_user: object
    supplier_admin: object

    @property
    def first(self) -> Milestone:
        return self.contract.milestones.order_by("position", "pk")[0]

    @property
    def second(self) -> Milestone:
        return self.contract.milestones.order_by("position", "pk")[1]


def make_deal(buyer_admin, buyer_member, *, vat_number=VAT_NUMBER) -> Deal:
    publish_terms()
    organisation, user = quick_admitted_supplier(prefix="Winner")
    admin = member(organisation, Role.ADMIN)
    organisation.vat_number = vat_number
    organisation.save()
    contract = drafted(quick_award(buyer_admin, user, price_pence=FIRST_PENCE + SECOND_PENCE))
    contracts.milestones_set(actor=buyer_admin, contract=contract, milestones=[
        MilestoneInput("Discovery", contract.start_date, FIRST_PENCE),
        MilestoneInput("Pilot", contract.end_date, SECOND_PENCE),
    ])
    contract = signed(issued(contract, buyer_admin, purchase_order_number=PURCHASE_ORDER), admin, buyer_admin)
    return Deal(contract, buyer_admin, buyer_member, organisation, user, admin)


@pytest.fixture
def deal(buyer_admin, buyer_member):
    return make_deal(buyer_admin, buyer_member)


def accept(deal: Deal, milestone: Milestone) -> Milestone:
    contracts.milestone_deliver(actor=deal.supplier_user, milestone=milestone, note="Delivered as agreed")
    contracts.milestone_accept(actor=deal.buyer_admin, milestone=milestone)
    return Milestone.objects.get(pk=milestone.pk)


def raise_invoice(deal: Deal, milestone: Milestone, *, number="INV-001", invoice_date=None, **kwargs):
    return services.invoice_raise(actor=deal.supplier_user, milestone=milestone, number=number,
                                  invoice_date=invoice_date or timezone.localdate(), **kwargs)


def uk_today() -> date:
    return timezone.localdate()
