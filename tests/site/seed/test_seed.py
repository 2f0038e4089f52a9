"""`manage.py seed` makes the demo data once, through the services, and the audit chain stays intact.

The demo data is seeded once for the package (conftest.py: `demo_seed`); each test reads it inside its own
transaction, rolled back when it ends.
"""

import pytest
from django.core.management import call_command
from django.utils import timezone

from marketplace.accounts.models import Membership, Organisation, Side, User, VerificationStatus
from marketplace.admission import selectors
from marketplace.admission.models import (
    Admission,
    AdmissionStatus,
    Application,
    ApplicationCategory,
    ApplicationStatus,
    CategoryDecision,
    DebarmentEntry,
    GroundDeclaration,
)
from marketplace.admission.services import application_missing_answers
from marketplace.admission.working_days import uk_date
from marketplace.audit.models import AuditEvent
from marketplace.audit.verification import verify_all
from marketplace.competitions import selectors as competitions
from marketplace.contracts import services as contract_services
from marketplace.contracts.models import CallOffTerms, Contract, ContractStatus, MilestoneStatus, SigningParty
from marketplace.competitions.models import (
    AssessmentSummary,
    Award,
    AwardStatus,
    Bid,
    BidRevision,
    BidStatus,
    Clarification,
    ClarificationStatus,
    Competition,
    CompetitionStatus,
    ConflictDeclaration,
    EvaluatorAssignment,
    EvaluatorSubmission,
    Invitation,
    ModeratedScore,
    Score,
)
from marketplace.competitions.services import missing_for_publication
from marketplace.payments.models import FeeInstalment, FeeStatus, InvoiceStatus, PaymentMethod, SupplierInvoice
from marketplace.taxonomy.models import Category, Region

pytestmark = pytest.mark.xdist_group("seed")


@pytest.mark.django_db
def test_seed_is_idempotent_and_leaves_an_intact_audit_chain(demo_seed, capsys):
    first_output = demo_seed.output
    assert "Password for every demo account" in first_output
    counts = _counts()

    call_command("seed")
    assert "already in place" in capsys.readouterr().out
    assert _counts() == counts

    assert Organisation.objects.filter(kind=Side.OPERATOR).count() == 1
    assert Organisation.objects.filter(kind=Side.BUYER).count() == 4
    suppliers = Organisation.objects.filter(kind=Side.SUPPLIER)
    assert suppliers.count() == 6
    assert set(suppliers.values_list("size", flat=True)) == {"micro", "small", "medium", "large"}
    assert Organisation.objects.filter(kind=Side.BUYER, verification_status=VerificationStatus.PENDING).exists()
    assert Category.objects.count() >= 10 and Region.objects.count() == 12
    assert verify_all().intact
    assert (demo_seed.var_dir / "demo-credentials.txt").exists()


def _counts():
    models = (User, Organisation, Membership, AuditEvent, Application, ApplicationCategory, GroundDeclaration,
              Admission, DebarmentEntry, Competition, Invitation, Clarification, Bid, BidRevision,
              EvaluatorAssignment, ConflictDeclaration, Score, EvaluatorSubmission, ModeratedScore, Award,
              AssessmentSummary, Contract, SupplierInvoice, FeeInstalment)
    return {model.__name__: model.objects.count() for model in models} | {
        "statuses": sorted(Application.objects.values_list("status", flat=True)),
        "admissions": sorted(Admission.objects.values_list("status", flat=True)),
    }


@pytest.mark.django_db
def test_seed_shows_the_admission_service_at_work(demo_seed):
    """Applications in every state, admissions active and suspended, and a debarment, all through the services."""
    today = uk_date(timezone.now())
    applications = Application.objects.select_related("organisation")
    assert {application.status for application in applications} == set(ApplicationStatus.values)

    (draft,) = applications.filter(status=ApplicationStatus.DRAFT)
    missing = application_missing_answers(draft)
    assert missing and draft.details_confirmed and draft.categories.exclude(statement="").exists()  # partly filled

    waiting = list(applications.filter(status=ApplicationStatus.SUBMITTED))
    assert sorted(application.is_overdue(today) for application in waiting) == [False, True]
    for application in waiting:
        assert application.due_on is not None and uk_date(application.submitted_at) < application.due_on
    overdue = next(application for application in waiting if application.is_overdue(today))
    assert overdue.due_on < today and overdue.categories.filter(decision=CategoryDecision.PENDING).count() == 2
    assert GroundDeclaration.objects.filter(subject__application=overdue).exclude(self_cleaning="").exists()

    (admitted,) = applications.filter(status=ApplicationStatus.ADMITTED, admissions__status=AdmissionStatus.ACTIVE
                                      ).distinct()
    assert not admitted.categories.exclude(decision=CategoryDecision.ADMITTED).exists()
    (partly,) = applications.filter(status=ApplicationStatus.PARTLY_ADMITTED)
    assert {entry.decision for entry in partly.categories.all()} == {"admitted", "rejected"}
    (rejected,) = applications.filter(status=ApplicationStatus.REJECTED)
    assert rejected.categories.count() == 2
    assert not ApplicationCategory.objects.filter(decision=CategoryDecision.REJECTED, reason="").exists()
    assert rejected.organisation == draft.organisation  # a rejected supplier may apply again at any time

    (suspended,) = Admission.objects.filter(status=AdmissionStatus.SUSPENDED)
    assert suspended.status_reason
    public = list(selectors.public_admitted_suppliers())
    assert suspended.organisation not in public
    assert {admitted.organisation, partly.organisation} == set(public)

    (entry,) = DebarmentEntry.objects.all()
    demo_numbers = set(Organisation.objects.filter(kind=Side.SUPPLIER).values_list("companies_house_number", flat=True))
    assert entry.organisation is None and entry.companies_house_number not in demo_numbers
    assert entry.is_in_force(today)

    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"application.submitted", "application.category_admitted", "application.category_rejected",
            "application.decided", "admission.granted", "admission.suspended", "debarment.added"} <= verbs
    assert verify_all().intact


@pytest.mark.django_db
def test_seed_runs_competitions_in_every_state_through_the_services(demo_seed):
    """A draft; an open competition with published clarifications and sealed bids (one revised); one closed
    awaiting evaluation; one cancelled with a reason; and one each being evaluated, in standstill and awarded (see
    the next test), and more awarded ones for the seeded contracts. Buyers see none of the bids; each supplier only
    its own."""
    now = timezone.now()
    states = {competition.effective_status(now): competition for competition in Competition.objects.all()}
    assert set(states) == set(CompetitionStatus.values)
    # One competition in each state that has no contract; every contracted one is awarded, one contract each.
    uncontracted = Competition.objects.filter(contracts__isnull=True)
    assert sorted(c.effective_status(now) for c in uncontracted) == sorted(
        set(CompetitionStatus.values) - {CompetitionStatus.AWARDED})
    contracted = Competition.objects.filter(contracts__isnull=False).distinct()
    assert {c.status for c in contracted} == {CompetitionStatus.AWARDED}
    assert contracted.count() == Contract.objects.count() == 4
    for competition in Competition.objects.select_related("owner", "buyer"):
        assert competition.buyer.kind == Side.BUYER and competition.owner.membership.organisation == competition.buyer
        assert competition.problem and competition.summary and competition.outcomes.exists()

    draft = states[CompetitionStatus.DRAFT]
    assert draft.reference is None and missing_for_publication(draft)  # saved part-way
    assert not Invitation.objects.filter(competition=draft).exists()

    open_one = states[CompetitionStatus.PUBLISHED]
    assert open_one.is_open(now) and open_one.reference and open_one.wrapped_key
    invited = set(Invitation.objects.filter(competition=open_one).values_list("supplier", flat=True))
    admitted = set(Admission.objects.filter(category=open_one.category, status=AdmissionStatus.ACTIVE)
                   .values_list("organisation", flat=True))
    assert invited == admitted and len(invited) >= 2  # rule 4: everyone admitted to the category
    bids = list(Bid.objects.filter(competition=open_one, status=BidStatus.SUBMITTED))
    assert len(bids) >= 2 and sorted(bid.revision for bid in bids)[-1] == 2
    assert {bid.supplier_id for bid in bids} <= invited
    clarifications = Clarification.objects.filter(competition=open_one)
    published = clarifications.filter(status=ClarificationStatus.PUBLISHED)
    assert published.count() >= 2 and all(c.answer for c in published)
    assert any(c.redacted for c in published)  # the buyer redacted what identified the asker
    assert clarifications.filter(status=ClarificationStatus.ASKED).exists()

    # Rule 7: each bid is sealed, and readable by its own supplier only, through the selectors.
    for bid in bids:
        supplier_user = Membership.objects.filter(organisation=bid.supplier).first().user
        own = competitions.own_bid(viewer=supplier_user, competition=open_one)
        assert own.bid.pk == bid.pk and own.content["price_pence"] and own.content["answers"]
        assert own.last_revision.content_hmac and own.content["price_note"] not in str(bytes(bid.sealed_draft))
    assert competitions.bid_counts_after_close(open_one) is None  # the buyer is not told who has bid

    closed = states[CompetitionStatus.CLOSED]
    assert closed.status == CompetitionStatus.CLOSED and closed.closed_at  # stamped, as the tick does
    assert closed.submission_deadline < now and closed.clarification_deadline < closed.submission_deadline
    assert closed.published_at < closed.submission_deadline and closed.bids_opened_at is None
    closed_bids = Bid.objects.filter(competition=closed, status=BidStatus.SUBMITTED)
    assert closed_bids.exists()
    assert not BidRevision.objects.filter(bid__competition=closed, received_at__gte=closed.submission_deadline).exists()
    assert competitions.bid_counts_after_close(closed) == {"submitted": closed_bids.count()}

    cancelled = states[CompetitionStatus.CANCELLED]
    assert cancelled.cancel_reason and cancelled.cancelled_at and cancelled.published_at

    assert list(competitions.open_opportunities()) == [open_one]
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"competition.published", "competition.invited", "clarification.asked", "clarification.published",
            "bid.submitted", "bid.revised", "competition.closed", "competition.cancelled"} <= verbs
    assert verify_all().intact


@pytest.mark.django_db
def test_seed_evaluates_and_awards_through_the_services(demo_seed):
    """Rules 9 and 10 at work: one competition being evaluated (evaluators assigned, one has declared and submitted
    his scores, the other has declared and saved some), one in standstill (award decided, every bidder's assessment
    summary sent, the award notice published) and one awarded (the same, its standstill over)."""
    from marketplace.accounts.models import Role
    from marketplace.competitions import selectors_evaluation

    now = timezone.now()
    by_status = {c.status: c for c in Competition.objects.filter(
        status__in=[CompetitionStatus.EVALUATING, CompetitionStatus.STANDSTILL, CompetitionStatus.AWARDED])}
    assert set(by_status) == {CompetitionStatus.EVALUATING, CompetitionStatus.STANDSTILL, CompetitionStatus.AWARDED}
    for competition in by_status.values():
        assert competition.submission_deadline < now and competition.bids_opened_at is not None
        assert competition.bids_opened_at > competition.submission_deadline
        assignments = EvaluatorAssignment.objects.filter(competition=competition).select_related("evaluator")
        assert assignments.count() == 2
        for assignment in assignments:  # demo evaluators, with the evaluator role in the competition's buyer
            membership = assignment.evaluator.membership
            assert membership.role == Role.EVALUATOR and membership.organisation_id == competition.buyer_id
        assert ConflictDeclaration.objects.filter(competition=competition).exists()

    evaluating = by_status[CompetitionStatus.EVALUATING]
    assert EvaluatorSubmission.objects.filter(competition=evaluating).count() == 1
    assert Score.objects.filter(bid__competition=evaluating, submitted_at=None).exists()  # a draft
    assert not Award.objects.filter(competition=evaluating).exists()

    standstill = by_status[CompetitionStatus.STANDSTILL]
    award = Award.objects.get(competition=standstill)
    assert award.status == AwardStatus.STANDSTILL and award.in_standstill(now)
    assert award.notice_published_at < now < award.standstill_ends_at

    awarded = by_status[CompetitionStatus.AWARDED]
    concluded = Award.objects.get(competition=awarded)
    assert concluded.status == AwardStatus.CONCLUDED and concluded.standstill_ends_at < now
    assert concluded.standstill_ended_at is not None

    for competition, award in ((standstill, award), (awarded, concluded)):
        bids = set(Bid.objects.filter(competition=competition, status=BidStatus.SUBMITTED).values_list("pk", flat=True))
        assert len(bids) >= 2
        summaries = AssessmentSummary.objects.filter(award=award)
        assert set(summaries.values_list("bid_id", flat=True)) == bids  # every bidder, before the notice
        assert summaries.filter(successful=True).get().bid_id == award.bid_id
        assert all(s.sent_at <= award.notice_published_at for s in summaries)
        assert award.decided_at <= award.summaries_sent_at <= award.notice_published_at
        # Every criterion of every bid moderated, and the award went to the highest total.
        assert ModeratedScore.objects.filter(bid__competition=competition).count() == len(bids) * 3
        assert selectors_evaluation.ranking_for(competition)[0].bid_id == award.bid_id == award.proposed_bid_id
    awarded_ids = set(Competition.objects.filter(status=CompetitionStatus.AWARDED).values_list("pk", flat=True))
    assert {n.competition_id for n in selectors_evaluation.published_award_notices()} == {standstill.pk, *awarded_ids}

    # Contracts: the terms published; one drafted, one waiting for each party's signature, one active with
    # milestones in every state; every stored PDF matches the hash the audit log holds.
    assert CallOffTerms.objects.filter(live=True).exists()
    contracts = list(Contract.objects.all())
    assert sorted(c.status for c in contracts) == sorted(
        [ContractStatus.DRAFT, ContractStatus.AWAITING_SIGNATURES, ContractStatus.AWAITING_SIGNATURES,
         ContractStatus.ACTIVE])
    assert {contract_services.waiting_for(c) for c in contracts if c.awaiting_signatures} == {
        SigningParty.SUPPLIER, SigningParty.BUYER}
    active = next(c for c in contracts if c.status == ContractStatus.ACTIVE)
    assert set(active.milestones.values_list("status", flat=True)) == set(MilestoneStatus.values)
    assert active.notice_published_at is not None
    over_5m = [c for c in contracts if contract_services.kpis_required(c)]
    assert over_5m and all(c.kpis.count() >= 3 for c in over_5m)
    for contract in contracts:
        assert sum(m.amount_pence for m in contract.milestones.all()) == contract.value_pence
        assert all(check.ok for check in contract_services.contract_verify(contract))

    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"evaluation.evaluator_assigned", "evaluation.conflict_declared", "evaluation.moderated",
            "award.decided", "award.summary_sent", "award.notice_published", "award.standstill_ended"} <= verbs
    assert verify_all().intact
    # The evaluators are among the demo sign-ins.
    credentials = (demo_seed.var_dir / "demo-credentials.txt").read_text()
    for assignment in EvaluatorAssignment.objects.select_related("evaluator"):
        assert assignment.evaluator.email in credentials


@pytest.mark.django_db
def test_seed_invoices_and_charges_the_fee_through_the_services(demo_seed):
    """Rule 13: on the active contract, an invoice received and not yet due, one paid, one disputed and answered
    (back with the buyer), and one overdue; a fee instalment on each accepted milestone, one paid by bank transfer
    and the others due."""
    today = uk_date(timezone.now())
    active = Contract.objects.get(status=ContractStatus.ACTIVE)
    accepted = active.milestones.filter(status=MilestoneStatus.ACCEPTED)
    invoices = list(SupplierInvoice.objects.filter(contract=active))
    assert len(invoices) == accepted.count() == 4
    assert {invoice.milestone_id for invoice in invoices} == set(accepted.values_list("pk", flat=True))
    assert all(invoice.vat_pence and invoice.supplier_vat_number == active.supplier.vat_number for invoice in invoices)
    assert all(invoice.document_sha256 for invoice in invoices)
    (paid,) = [invoice for invoice in invoices if invoice.status == InvoiceStatus.PAID]
    assert paid.paid_on and paid.remittance_reference and paid.undisputed
    received = [invoice for invoice in invoices if invoice.status == InvoiceStatus.RECEIVED]
    assert len(received) == 3
    (answered,) = [invoice for invoice in received if not invoice.undisputed]
    assert answered.dispute_reason and answered.dispute_answer and answered.due_date >= today
    (overdue,) = [invoice for invoice in received if invoice.due_date < today]
    assert overdue.undisputed and (today - uk_date(overdue.received_at)).days > 30
    assert any(invoice.undisputed and invoice.due_date >= today for invoice in received)

    instalments = FeeInstalment.objects.filter(contract=active)
    assert instalments.count() == 4
    (transfer,) = instalments.filter(status=FeeStatus.PAID)
    assert transfer.method == PaymentMethod.BANK_TRANSFER and transfer.transfer_reference and transfer.decided_by
    assert instalments.filter(status=FeeStatus.DUE).count() == 3

    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"payments.invoice_raised", "payments.invoice_received", "payments.invoice_paid",
            "payments.invoice_disputed", "payments.invoice_dispute_answered", "payments.fee_instalment_created",
            "payments.fee_instalment_paid"} <= verbs
    assert verify_all().intact
