"""A contract from the draft to the last accepted milestone, through the services."""

import hashlib

import pytest
from django.core import mail

from marketplace.contracts import services
from marketplace.contracts.models import (
    Contract,
    ContractStatus,
    DocumentKind,
    MilestoneStatus,
    SigningParty,
)
from marketplace.contracts.services import KPIInput, MilestoneInput
from marketplace.errors import DomainError, NotAllowed
from tests.contract_builder import drafted, issued, sign, signed

from .helpers import pdf_text, verbs


def test_the_draft_carries_the_award_the_winning_bid_and_the_competition(award, winner):
    contract = drafted(award)
    competition = award.competition
    assert contract.status == ContractStatus.DRAFT
    assert contract.reference == f"CON-{competition.reference}"
    assert (contract.buyer_id, contract.supplier_id) == (competition.buyer_id, winner[0].pk)
    assert contract.value_pence == award.value_pence == 9_000_000
    # The price breakdown comes from the sealed bid, opened for this one purpose.
    assert contract.price_breakdown == [{"item": "Delivery", "pence": 9_000_000}]
    assert [o["description"] for o in contract.outcomes] == list(
        competition.outcomes.values_list("description", flat=True))
    milestones = list(contract.milestones.all())
    assert sum(m.amount_pence for m in milestones) == contract.value_pence
    assert all(contract.start_date <= m.due_date <= contract.end_date for m in milestones)
    assert "contract.winning_bid_opened" in verbs_of_competition(competition)
    assert verbs(contract) == ["contract.drafted"]


def verbs_of_competition(competition):
    from marketplace.audit.models import AuditEvent

    return list(AuditEvent.objects.filter(stream__key=competition.audit_stream).values_list("verb", flat=True))


def test_drafting_twice_returns_the_same_contract(award):
    assert drafted(award).pk == drafted(award).pk
    assert Contract.objects.count() == 1


def test_issue_renders_a_hashed_pdf_with_the_parties_price_and_milestones(
    award, terms, buyer_admin, winner, django_capture_on_commit_callbacks
):
    contract = drafted(award)
    services.milestones_set(actor=buyer_admin, contract=contract, milestones=[
        MilestoneInput("Discovery report", contract.start_date, 2_000_000),
        MilestoneInput("Live sensor routing pilot", contract.end_date, 7_000_000),
    ])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        contract = issued(contract, buyer_admin)
    assert contract.status == ContractStatus.AWAITING_SIGNATURES and contract.version == 1
    document = contract.documents.get()
    with document.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == document.sha256
    text = pdf_text(document)
    for expected in (contract.buyer.name, winner[0].name, contract.reference, "PO-4500012345", "£90,000", "£18,000",
                     "£108,000", "Discovery report", "Live sensor routing pilot", "£20,000", "£70,000",
                     "Intellectual property", terms.title):
        assert expected in text, expected
    issued_event = [e for e in contract_events(contract) if e.verb == "contract.document_stored"][0]
    assert issued_event.data["sha256"] == document.sha256
    assert contract.terms_revision_id == terms.live_revision_id and contract.terms_snapshot["version"] == 1
    # The supplier's signatories are told.
    assert [m.to for m in mail.outbox] == [[winner[2].email]]


def contract_events(contract):
    from marketplace.audit.models import AuditEvent

    return list(AuditEvent.objects.filter(stream__key=contract.audit_stream).order_by("seq"))


def test_both_parties_sign_then_the_final_pdf_is_stored_and_the_contract_is_active(
    award, terms, buyer_admin, winner, django_capture_on_commit_callbacks
):
    contract = issued(drafted(award), buyer_admin)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        contract = signed(contract, winner[2], buyer_admin)
    assert contract.status == ContractStatus.ACTIVE and contract.signed_version == 1
    final = contract.documents.get(kind=DocumentKind.SIGNED)
    issued_pdf = contract.documents.get(kind=DocumentKind.ISSUED)
    assert final.sha256 != issued_pdf.sha256
    text = pdf_text(final)
    assert winner[2].get_full_name() in text and buyer_admin.get_full_name() in text
    assert "Head of procurement" in text and issued_pdf.sha256 in text
    signatures = {s.party: s for s in contract.signatures.all()}
    assert signatures[SigningParty.SUPPLIER].signed_at <= signatures[SigningParty.BUYER].signed_at
    assert all(s.document_sha256 == issued_pdf.sha256 for s in signatures.values())
    # Both parties are emailed when it is in force.
    signed_mail = [m for m in mail.outbox if "signed by both parties" in m.subject]
    assert len(signed_mail) == 1
    assert {winner[1].email, winner[2].email, buyer_admin.email} <= set(signed_mail[0].to)
    assert verbs(contract)[-4:] == [
        "contract.signed", "contract.document_stored", "contract.activated", "contract.details_notice_published"
    ]


def test_the_buyer_cannot_sign_before_the_supplier(award, terms, buyer_admin, winner):
    contract = issued(drafted(award), buyer_admin)
    with pytest.raises(DomainError) as refused:
        sign(contract, buyer_admin)
    assert refused.value.code == "supplier_first"
    assert not contract.signatures.exists()


def test_signing_twice_is_refused(award, terms, buyer_admin, winner):
    contract = issued(drafted(award), buyer_admin)
    sign(contract, winner[2])
    with pytest.raises(DomainError) as refused:
        sign(contract, winner[2])
    assert refused.value.code == "signed_twice"
    assert contract.signatures.count() == 1


def test_signing_needs_an_admin_of_a_party(award, terms, buyer_admin, buyer_member, winner, supplier_admin):
    contract = issued(drafted(award), buyer_admin)
    for outsider in (winner[1], buyer_member, supplier_admin):
        with pytest.raises(NotAllowed):
            sign(contract, outsider)
    assert not contract.signatures.exists()


def test_the_signatory_confirms_their_own_name_and_role(award, terms, buyer_admin, winner):
    contract = issued(drafted(award), buyer_admin)
    with pytest.raises(DomainError) as wrong_name:
        services.contract_sign(actor=winner[2], contract=contract, version=1, name="Someone Else", job_title="CEO")
    assert wrong_name.value.field == "name"
    with pytest.raises(DomainError) as no_role:
        services.contract_sign(actor=winner[2], contract=contract, version=1, name=winner[2].get_full_name(),
                               job_title=" ")
    assert no_role.value.field == "job_title"
    with pytest.raises(DomainError) as stale:
        services.contract_sign(actor=winner[2], contract=contract, version=2, name=winner[2].get_full_name(),
                               job_title="CEO")
    assert stale.value.code == "stale_version"
    assert not contract.signatures.exists()


def test_milestones_that_do_not_add_up_are_refused_and_nothing_changes(award, buyer_admin):
    contract = drafted(award)
    before = list(contract.milestones.values_list("title", "amount_pence"))
    with pytest.raises(DomainError) as refused:
        services.milestones_set(actor=buyer_admin, contract=contract, milestones=[
            MilestoneInput("Discovery", contract.start_date, 2_000_000),
            MilestoneInput("Pilot", contract.end_date, 6_000_000),
        ])
    assert refused.value.code == "milestones_total"
    assert refused.value.message == (
        "The milestones add up to £80,000 but the contract value is £90,000. Make them match")
    assert list(contract.milestones.values_list("title", "amount_pence")) == before


def test_milestones_must_fall_within_the_term(award, buyer_admin):
    contract = drafted(award)
    with pytest.raises(DomainError) as refused:
        services.milestones_set(actor=buyer_admin, contract=contract, milestones=[
            MilestoneInput("Late", contract.end_date.replace(year=contract.end_date.year + 1), 9_000_000),
        ])
    assert refused.value.field == "due_date_1"


def test_issuing_needs_the_purchase_order_number_and_published_terms(award, buyer_admin):
    contract = drafted(award)
    problems = services.issue_problems(contract)
    assert "Enter the purchase-order number" in problems
    assert any("call-off terms have not been published" in p for p in problems)
    with pytest.raises(DomainError) as refused:
        services.contract_issue(actor=buyer_admin, contract=contract)
    assert refused.value.code == "not_ready"
    assert Contract.objects.get(pk=contract.pk).status == ContractStatus.DRAFT
    assert not contract.documents.exists()


def test_an_issued_version_cannot_be_edited(award, terms, buyer_admin):
    contract = issued(drafted(award), buyer_admin)
    with pytest.raises(DomainError) as refused:
        services.kpis_set(actor=buyer_admin, contract=contract, kpis=[KPIInput("Uptime", "99.5% a month")])
    assert refused.value.code == "issued"


def test_a_change_after_signing_is_a_variation_signed_again(award, terms, buyer_admin, winner):
    contract = signed(issued(drafted(award), buyer_admin), winner[2], buyer_admin)
    with pytest.raises(DomainError) as refused:
        services.contract_details_save(actor=buyer_admin, contract=contract, purchase_order_number="PO-2",
                                       start_date=contract.start_date)
    assert refused.value.code == "signed"
    services.variation_start(actor=buyer_admin, contract=contract, reason="The pilot moves to a second depot")
    services.contract_details_save(actor=buyer_admin, contract=contract, purchase_order_number="PO-2",
                                   start_date=contract.start_date)
    services.contract_issue(actor=buyer_admin, contract=contract)
    contract = Contract.objects.get(pk=contract.pk)
    assert (contract.status, contract.version, contract.signed_version) == (ContractStatus.ACTIVE, 2, 1)
    assert "The pilot moves to a second depot" in pdf_text(contract.documents.get(version=2))
    contract = signed(contract, winner[2], buyer_admin)
    assert (contract.version, contract.signed_version, contract.variation_reason) == (2, 2, "")
    assert contract.documents.filter(kind=DocumentKind.SIGNED).count() == 2
    assert "contract.variation_signed" in verbs(contract)


def test_milestones_are_delivered_then_accepted_or_rejected_and_the_contract_completes(
    award, terms, buyer_admin, winner
):
    contract = drafted(award)
    services.milestones_set(actor=buyer_admin, contract=contract, milestones=[
        MilestoneInput("Discovery", contract.start_date, 4_000_000),
        MilestoneInput("Pilot", contract.end_date, 5_000_000),
    ])
    contract = signed(issued(contract, buyer_admin), winner[2], buyer_admin)
    first, second = contract.milestones.all()
    services.milestone_deliver(actor=winner[1], milestone=first, note="Report shared on the project site")
    services.milestone_reject(actor=buyer_admin, milestone=first, reason="The report has no cost model")
    first.refresh_from_db()
    assert (first.status, first.rejection_reason) == (MilestoneStatus.REJECTED, "The report has no cost model")
    assert not first.payable
    services.milestone_deliver(actor=winner[1], milestone=first, note="Cost model added")
    services.milestone_accept(actor=buyer_admin, milestone=first)
    first.refresh_from_db()
    assert first.payable
    assert Contract.objects.get(pk=contract.pk).status == ContractStatus.ACTIVE
    services.milestone_deliver(actor=winner[1], milestone=second, note="Pilot live")
    services.milestone_accept(actor=buyer_admin, milestone=second)
    contract = Contract.objects.get(pk=contract.pk)
    assert contract.status == ContractStatus.COMPLETED
    from marketplace.audit.models import AuditStream

    assert AuditStream.objects.get(key=contract.audit_stream).closed_at == contract.completed_at


def test_milestones_wait_for_signing_and_only_the_parties_act_on_them(award, terms, buyer_admin, winner,
                                                                      buyer_member):
    contract = issued(drafted(award), buyer_admin)
    milestone = contract.milestones.first()
    with pytest.raises(DomainError):
        services.milestone_deliver(actor=winner[1], milestone=milestone, note="Too early")
    contract = signed(contract, winner[2], buyer_admin)
    with pytest.raises(NotAllowed):
        services.milestone_deliver(actor=buyer_admin, milestone=milestone, note="Not the supplier")
    services.milestone_deliver(actor=winner[1], milestone=milestone, note="Done")
    with pytest.raises(NotAllowed):
        services.milestone_accept(actor=winner[2], milestone=milestone)
    # A buyer member who does not own the competition does not decide milestones.
    with pytest.raises(NotAllowed):
        services.milestone_accept(actor=buyer_member, milestone=milestone)
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.DELIVERED
