from datetime import timedelta

from marketplace.competitions import services
from marketplace.competitions.models import AwardStatus, CompetitionStatus
from tests.evaluation_builder import evaluated


def test_evaluate_award_and_standstill(buyer_admin, admitted_supplier, django_capture_on_commit_callbacks):
    bidders = [admitted_supplier()[1] for _ in range(3)]
    competition, bids, team = evaluated(buyer_admin, bidders, prices=[9_000_000, 8_000_000, 10_000_000])
    # Equal quality: the lowest price wins.
    award = services.award_decide(actor=buyer_admin, competition=competition, bid=bids[1])
    assert award.status == AwardStatus.DECIDED
    services.assessment_summaries_send(actor=buyer_admin, competition=competition)
    award = services.award_notice_publish(actor=buyer_admin, competition=competition)
    assert award.status == AwardStatus.STANDSTILL
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.STANDSTILL
    services.standstills_end_due(now=award.standstill_ends_at + timedelta(seconds=1))
    award.refresh_from_db()
    assert award.status == AwardStatus.CONCLUDED
