"""The procurement rules contracts carry: no signing before standstill ends (10), the contract details notice with
KPIs over £5m (11), every state change audited on a chain that verifies (12), money in pence with VAT apart (13)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.audit.models import AuditStream
from marketplace.audit.verification import verify_stream
from marketplace.competitions.models import AwardStatus, CompetitionStatus
from marketplace.contracts import selectors, services
from marketplace.contracts.models import Contract, ContractStatus
from marketplace.contracts.services import KPIInput
from marketplace.errors import DomainError
from tests.contract_builder import drafted, issued, quick_award, sign, signed

from .helpers import pdf_text, verbs


def test_rule_10_no_contract_is_drafted_or_signed_before_standstill_ends(award, terms, buyer_admin, winner):
    contract = issued(drafted(award), buyer_admin)
    # A challenge reopens the question (as if the award were still in standstill, then paused).
    award.status, award.standstill_ends_at = AwardStatus.STANDSTILL, timezone.now() + timedelta(days=3)
    award.save(update_fields=["status", "standstill_ends_at"])
    with pytest.raises(DomainError) as refused:
        sign(contract, winner[2])
    assert refused.value.code == "standstill"
    award.status = AwardStatus.PAUSED
    award.save(update_fields=["status"])
    with pytest.raises(DomainError) as paused:
        sign(contract, winner[2])
    assert paused.value.code == "paused"
    assert not contract.signatures.exists()


def test_rule_10_drafting_waits_for_the_end_of_standstill(buyer_admin, winner):
    award = quick_award(buyer_admin, winner[1])
    award.status = AwardStatus.STANDSTILL
    award.save(update_fields=["status"])
    award.competition.status = CompetitionStatus.STANDSTILL
    award.competition.save(update_fields=["status"])
    assert services.contracts_draft_due() == []
    with pytest.raises(DomainError):
        services.contract_draft(award)
    assert not Contract.objects.exists()


def test_rule_11_a_contract_over_5m_needs_three_kpis_before_it_is_issued(buyer_admin, winner, terms):
    contract = drafted(quick_award(buyer_admin, winner[1], price_pence=6_000_000_00))
    services.contract_details_save(actor=buyer_admin, contract=contract, purchase_order_number="PO-1",
                                   start_date=contract.start_date)
    services.kpis_set(actor=buyer_admin, contract=contract, kpis=[KPIInput("Uptime", "99.5% each month")])
    assert "A contract worth more than £5,000,000 needs at least 3 KPIs" in services.issue_problems(contract)
    with pytest.raises(DomainError):
        services.contract_issue(actor=buyer_admin, contract=contract)
    services.kpis_set(actor=buyer_admin, contract=contract, kpis=[
        KPIInput("Uptime", "99.5% each month"), KPIInput("Missed collections", "Down 30% in 6 months"),
        KPIInput("Resident satisfaction", "80% satisfied in the annual survey"),
    ])
    contract = signed(issued(contract, buyer_admin), winner[2], buyer_admin)
    assert contract.notice_published_at is not None
    assert "Resident satisfaction" in pdf_text(contract.documents.get(kind="signed"))


def test_rule_11_the_contract_details_notice_is_published_on_signing(award, terms, buyer_admin, winner, settings):
    contract = issued(drafted(award), buyer_admin)
    sign(contract, winner[2])
    assert Contract.objects.get(pk=contract.pk).notice_published_at is None
    assert not selectors.public_notices().exists()
    contract = signed_by_buyer(contract, buyer_admin)
    assert contract.notice_published_at == contract.signed_at
    assert list(selectors.public_notices()) == [contract]
    assert verbs(contract)[-1] == "contract.details_notice_published"


def signed_by_buyer(contract, buyer_admin):
    sign(Contract.objects.get(pk=contract.pk), buyer_admin)
    return Contract.objects.get(pk=contract.pk)


def test_rule_11_no_public_notice_under_the_threshold(award, terms, buyer_admin, winner, settings):
    settings.SPARK_CONTRACT_NOTICE_MIN_PENCE = 10_000_000
    contract = signed(issued(drafted(award), buyer_admin), winner[2], buyer_admin)
    assert contract.status == ContractStatus.ACTIVE and contract.notice_published_at is None
    assert not selectors.public_notices().exists()


def test_rule_12_every_contract_state_change_is_audited_on_a_chain_that_verifies(award, terms, buyer_admin, winner):
    contract = signed(issued(drafted(award), buyer_admin), winner[2], buyer_admin)
    milestone = contract.milestones.first()
    services.milestone_deliver(actor=winner[1], milestone=milestone, note="Delivered")
    services.milestone_accept(actor=buyer_admin, milestone=milestone)
    logged = verbs(contract)
    for verb in ("contract.drafted", "contract.details_saved", "contract.issued", "contract.document_stored",
                 "contract.signed", "contract.activated", "contract.milestone_delivered",
                 "contract.milestone_accepted"):
        assert verb in logged, verb
    assert logged.count("contract.signed") == 2 and logged.count("contract.document_stored") == 2
    length, broken = verify_stream(AuditStream.objects.get(key=contract.audit_stream))
    assert broken is None and length == len(logged)


def test_rule_13_money_is_in_pence_with_vat_shown_separately(buyer_admin, winner, terms):
    contract = drafted(quick_award(buyer_admin, winner[1], price_pence=1_234_567))
    assert isinstance(contract.value_pence, int)
    assert (contract.vat_pence, contract.total_with_vat_pence) == (246_913, 1_481_480)  # 20%, half a penny rounds up
    text = pdf_text(issued(contract, buyer_admin).documents.get())
    assert "Contract value (excluding VAT) £12,345.67" in text
    assert "VAT at 20% £2,469.13" in text and "Total including VAT £14,814.80" in text
    assert "PO-4500012345" in text
