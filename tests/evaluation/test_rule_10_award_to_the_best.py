"""Rule 10, award to the best: the award goes to the highest total unless that bid is excluded, non-compliant or
abnormally low (chosen from those reasons, with evidence, never free text alone); no award to a debarred supplier;
every bidder receives an assessment summary before the contract award notice is published; standstill (8 working
days) runs from that publication, and no contract is signed before it ends."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from marketplace.admission import services as admission
from marketplace.admission.models import Admission, ExclusionGround
from marketplace.audit.models import AuditEvent
from marketplace.competitions import services
from marketplace.competitions.models import (
    AssessmentSummary,
    Award,
    AwardStatus,
    CompetitionStatus,
    PassOverReason,
    PriceExplanationRequest,
)
from marketplace.competitions.services import PassOver
from marketplace.competitions.services.evaluation import scored_criteria
from marketplace.errors import DomainError, NotAllowed
from tests.competition_builder import pdf_upload
from tests.evaluation_builder import evaluated
from tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_bids(buyer_admin, admitted_supplier):
    """Equal quality; prices 8m, 9m, 10m: ranked 0, 1, 2."""
    users = [admitted_supplier()[1] for _ in range(3)]
    competition, bids, team = evaluated(buyer_admin, users, prices=[8_000_000, 9_000_000, 10_000_000])
    return competition, bids


def test_rule_10_the_highest_total_is_proposed_and_awarded_by_a_buyer_admin(buyer_admin, buyer_org, three_bids):
    competition, bids = three_bids
    member_owner = member(buyer_org)
    with pytest.raises(NotAllowed):
        services.award_decide(actor=member_owner, competition=competition, bid=bids[0])
    award = services.award_decide(actor=buyer_admin, competition=competition, bid=bids[0])
    assert (award.bid, award.proposed_bid, award.value_pence, award.bid_count) == (bids[0], bids[0], 8_000_000, 3)
    assert [row["bid_id"] for row in award.ranking] == [b.pk for b in bids]
    assert AuditEvent.objects.filter(verb="award.decided", object_id=str(award.pk)).exists()


def test_rule_10_the_award_waits_for_scoring_and_moderation(buyer_admin, admitted_supplier):
    from tests.evaluation_builder import evaluators, opened_with_bids, scored_by

    competition, bids = opened_with_bids(buyer_admin, [admitted_supplier()[1]])
    with pytest.raises(DomainError) as not_scored:
        services.award_decide(actor=buyer_admin, competition=competition, bid=bids[0])
    assert not_scored.value.code == "not_ready"
    scored_by(buyer_admin, competition, evaluators(buyer_admin))
    with pytest.raises(DomainError) as not_moderated:
        services.award_decide(actor=buyer_admin, competition=competition, bid=bids[0])
    assert "still need moderating" in not_moderated.value.message
    assert not Award.objects.exists()


def test_rule_10_passing_over_a_higher_bid_needs_an_allowed_reason_and_evidence(buyer_admin, three_bids):
    competition, bids = three_bids
    # Free text alone is refused.
    for passed_over, code in [
        ([], "reason"),
        ([PassOver(bids[0].pk, "we prefer the other one", "Better fit", pdf_upload())], "reason"),
        ([PassOver(bids[0].pk, PassOverReason.NON_COMPLIANT, "It does not meet condition 3", None)], "evidence"),
    ]:
        with pytest.raises(DomainError) as refused:
            services.award_decide(actor=buyer_admin, competition=competition, bid=bids[1], passed_over=passed_over)
        assert refused.value.code == code
    assert not Award.objects.exists()
    # Every bid above the one awarded must be passed over.
    with pytest.raises(DomainError):
        services.award_decide(
            actor=buyer_admin, competition=competition, bid=bids[2],
            passed_over=[PassOver(bids[0].pk, PassOverReason.NON_COMPLIANT, "Condition 3 not met", pdf_upload())],
        )
    award = services.award_decide(
        actor=buyer_admin, competition=competition, bid=bids[1],
        passed_over=[PassOver(bids[0].pk, PassOverReason.NON_COMPLIANT, "Condition 3 not met", pdf_upload())],
    )
    passed = award.passed_over.get()
    assert (passed.bid, passed.reason, passed.explanation) == (bids[0], "non_compliant", "Condition 3 not met")
    assert len(passed.evidence_sha256) == 64 and passed.evidence.read().startswith(b"%PDF-")


def test_rule_10_abnormally_low_only_after_the_supplier_was_asked_and_given_time(
    buyer_admin, three_bids, django_capture_on_commit_callbacks
):
    competition, bids = three_bids
    low = PassOver(bids[0].pk, PassOverReason.ABNORMALLY_LOW, "Below the cost of staff alone", pdf_upload())
    with pytest.raises(DomainError) as not_asked:
        services.award_decide(actor=buyer_admin, competition=competition, bid=bids[1], passed_over=[low])
    assert not_asked.value.code == "not_asked"

    with django_capture_on_commit_callbacks(execute=True):
        request = services.price_explanation_request(actor=buyer_admin, bid=bids[0],
                                                     question="How can you deliver for £80,000?")
    supplier_user = bids[0].supplier.memberships.first().user
    assert any(supplier_user.email in m.to and "Explain your price" in m.subject for m in mail.outbox)
    low.evidence = pdf_upload()
    with pytest.raises(DomainError) as waiting:
        services.award_decide(actor=buyer_admin, competition=competition, bid=bids[1], passed_over=[low])
    assert waiting.value.code == "not_answered"

    with pytest.raises(NotAllowed):
        services.price_explanation_answer(actor=buyer_admin, request=request, answer="It is fine")
    services.price_explanation_answer(actor=supplier_user, request=request, answer="We reuse an existing product")
    with pytest.raises(DomainError):
        services.price_explanation_answer(actor=supplier_user, request=request, answer="Again")
    low.evidence = pdf_upload()
    award = services.award_decide(actor=buyer_admin, competition=competition, bid=bids[1], passed_over=[low])
    assert award.passed_over.get().explanation_request == request


def test_rule_10_abnormally_low_after_the_time_to_answer_has_passed(buyer_admin, three_bids):
    competition, bids = three_bids
    request = services.price_explanation_request(actor=buyer_admin, bid=bids[0], question="Explain the price")
    PriceExplanationRequest.objects.filter(pk=request.pk).update(respond_by=timezone.now() - timedelta(seconds=1))
    low = PassOver(bids[0].pk, PassOverReason.ABNORMALLY_LOW, "No explanation given", pdf_upload())
    award = services.award_decide(actor=buyer_admin, competition=competition, bid=bids[1], passed_over=[low])
    assert award.bid == bids[1]


def test_rule_10_no_award_to_a_debarred_supplier(buyer_admin, operator, three_bids):
    competition, bids = three_bids
    top = bids[0].supplier
    top.companies_house_number = "09876543"
    top.save(update_fields=["companies_house_number"])
    admission.debarment_add(actor=operator, organisation_name=top.name, grounds=[ExclusionGround.FRAUD],
                            starts_on=timezone.localdate(), companies_house_number=top.companies_house_number)
    with pytest.raises(DomainError) as refused:
        services.award_decide(actor=buyer_admin, competition=competition, bid=bids[0])
    assert refused.value.code == "debarred"
    assert not Award.objects.exists()
    award = services.award_decide(
        actor=buyer_admin, competition=competition, bid=bids[1],
        passed_over=[PassOver(bids[0].pk, PassOverReason.EXCLUDED, "On the debarment list for fraud", pdf_upload())],
    )
    assert award.bid == bids[1]


def test_rule_10_no_award_without_an_active_admission(buyer_admin, operator, three_bids):
    competition, bids = three_bids
    admission.admission_suspend(actor=operator, admission=Admission.objects.get(organisation=bids[0].supplier),
                                reason="Insurance lapsed")
    with pytest.raises(DomainError) as refused:
        services.award_decide(actor=buyer_admin, competition=competition, bid=bids[0])
    assert refused.value.code == "not_admitted"


def test_rule_10_every_bidder_receives_an_assessment_summary_before_the_award_notice(
    buyer_admin, three_bids, django_capture_on_commit_callbacks
):
    competition, bids = three_bids
    services.award_decide(actor=buyer_admin, competition=competition, bid=bids[0])
    with pytest.raises(DomainError) as too_soon:
        services.award_notice_publish(actor=buyer_admin, competition=competition)
    assert too_soon.value.code == "summaries_not_sent"

    with django_capture_on_commit_callbacks(execute=True):
        summaries = services.assessment_summaries_send(actor=buyer_admin, competition=competition)
    assert sorted(s.bid_id for s in summaries) == sorted(b.pk for b in bids)
    loser = AssessmentSummary.objects.get(bid=bids[2])
    content = loser.content
    assert not loser.successful and content["rank"] == 3
    assert content["winner"]["supplier"] == bids[0].supplier.name
    scored = {c.name for c in scored_criteria(competition)}
    own = {line["name"]: line for line in content["own"]["criteria"]}
    assert scored <= set(own)
    assert all(own[name]["score"] == 3 and own[name]["reason"] for name in scored)
    assert {line["name"] for line in content["winner"]["criteria"]} == set(own)
    for bid in bids:
        emails = [m for m in mail.outbox if "Your assessment summary" in m.subject]
        assert any(set(m.to) & {u.email for u in [ms.user for ms in bid.supplier.memberships.all()]} for m in emails)

    award = services.award_notice_publish(actor=buyer_admin, competition=competition)
    assert award.status == AwardStatus.STANDSTILL
    assert all(s.sent_at <= award.notice_published_at for s in AssessmentSummary.objects.all())
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.STANDSTILL


@pytest.mark.parametrize(
    "published, ends",
    [
        # Monday 2 November 2026, 10:00 UK: the 8th working day is Thursday 12 November; ends at midnight UK (GMT).
        (datetime(2026, 11, 2, 10, 0, tzinfo=UTC), datetime(2026, 11, 13, 0, 0, tzinfo=UTC)),
        # Wednesday 23 December 2026: Christmas, Boxing Day (observed Monday 28) and New Year's Day
        # do not count: the 8th working day is Thursday 7 January.
        (datetime(2026, 12, 23, 15, 0, tzinfo=UTC), datetime(2027, 1, 8, 0, 0, tzinfo=UTC)),
        # 23:30 UTC on Tuesday 9 June is already Wednesday in the UK (BST): counted from Wednesday, the 8th working
        # day is Monday 22 June, ending at midnight BST.
        (datetime(2026, 6, 9, 23, 30, tzinfo=UTC), datetime(2026, 6, 22, 23, 0, tzinfo=UTC)),
    ],
)
def test_rule_10_standstill_is_8_working_days_from_the_notice(published, ends):
    assert services.standstill_end(published) == ends


def test_rule_10_no_contract_is_signed_before_standstill_ends(buyer_admin, three_bids):
    competition, bids = three_bids
    with pytest.raises(DomainError):
        services.require_signing_allowed(competition)
    services.award_decide(actor=buyer_admin, competition=competition, bid=bids[0])
    services.assessment_summaries_send(actor=buyer_admin, competition=competition)
    award = services.award_notice_publish(actor=buyer_admin, competition=competition)
    with pytest.raises(DomainError) as standstill:
        services.require_signing_allowed(competition)
    assert standstill.value.code == "standstill"

    # A challenge pauses it: still no signing, and the tick does not end it.
    services.award_pause(actor=buyer_admin, competition=competition, reason="A bidder has challenged the decision")
    after = award.standstill_ends_at + timedelta(seconds=1)
    assert services.standstills_end_due(now=after) == []
    with pytest.raises(DomainError) as paused:
        services.require_signing_allowed(competition)
    assert paused.value.code == "paused"

    services.award_resume(actor=buyer_admin, competition=competition)
    assert [a.pk for a in services.standstills_end_due(now=after)] == [award.pk]
    award.refresh_from_db()
    competition.refresh_from_db()
    assert (award.status, competition.status) == (AwardStatus.CONCLUDED, CompetitionStatus.AWARDED)
    assert services.require_signing_allowed(competition) == award
    verbs = list(AuditEvent.objects.filter(verb__startswith="award.").values_list("verb", flat=True))
    for verb in ("award.decided", "award.summary_sent", "award.notice_published", "award.standstill_started",
                 "award.paused", "award.resumed", "award.standstill_ended"):
        assert verb in verbs


def test_rule_10_a_cancelled_award_returns_the_competition_to_evaluation(buyer_admin, buyer_org, three_bids):
    competition, bids = three_bids
    services.award_decide(actor=buyer_admin, competition=competition, bid=bids[0])
    services.assessment_summaries_send(actor=buyer_admin, competition=competition)
    services.award_notice_publish(actor=buyer_admin, competition=competition)
    with pytest.raises(NotAllowed):
        services.award_cancel(actor=member(buyer_org), competition=competition, reason="Challenge upheld")
    with pytest.raises(DomainError):
        services.award_cancel(actor=buyer_admin, competition=competition, reason=" ")
    cancelled = services.award_cancel(actor=buyer_admin, competition=competition, reason="Challenge upheld")
    assert cancelled.status == AwardStatus.CANCELLED
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.EVALUATING
    # A new decision can be made.
    assert services.award_decide(actor=buyer_admin, competition=competition, bid=bids[0]).status == AwardStatus.DECIDED
