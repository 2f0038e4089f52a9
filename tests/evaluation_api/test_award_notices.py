"""Public contract award notices: /api/v1/award-notices/ (rule 10, rule 11). Published notices only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.competitions import services
from marketplace.competitions.models import Award, AwardStatus
from marketplace.competitions.timing import uk
from tests.evaluation_builder import evaluated

from .conftest import BID_MARKER

LIST = "/api/v1/award-notices/"

pytestmark = pytest.mark.django_db


def z(moment):
    return moment.isoformat().replace("+00:00", "Z")


@pytest.fixture
def notices(buyer_admin, admitted_supplier):
    """Three competitions: one with its notice published (standstill), one decided with summaries sent but no
    notice, one decided only."""
    made = {}
    for name in ("published", "summaries_sent", "decided"):
        bidders = [admitted_supplier()[1] for _ in range(2)]
        competition, bids, _team = evaluated(buyer_admin, bidders, prices=[8_000_000, 9_000_000],
                                             title=f"Competition {name}")
        services.award_decide(actor=buyer_admin, competition=competition, bid=bids[0])
        if name != "decided":
            services.assessment_summaries_send(actor=buyer_admin, competition=competition)
        if name == "published":
            services.award_notice_publish(actor=buyer_admin, competition=competition)
        made[name] = (competition, bids)
    return made


def test_anyone_may_read_the_published_notices_only(api, notices, buyer_admin, supplier_member):
    competition, bids = notices["published"]
    award = Award.objects.get(competition=competition)
    for user in (None, buyer_admin, supplier_member):
        response = api(user).get(LIST)
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 1
        assert body["results"] == [{
            "competition_id": competition.pk,
            "reference": competition.reference,
            "title": competition.title,
            "buyer": {"name": competition.buyer.name},
            "supplier": {"name": bids[0].supplier.name},
            "value_pence": 8_000_000,
            "bid_count": 2,
            "decided_at": z(award.decided_at),
            "notice_published_at": z(award.notice_published_at),
            "standstill_ends_at": z(award.standstill_ends_at),
            "status": "standstill",
        }]
        assert BID_MARKER not in response.content.decode()


def test_one_notice_by_competition(api, notices):
    competition, _bids = notices["published"]
    response = api().get(f"{LIST}{competition.pk}/")
    assert response.status_code == 200
    assert response.json()["competition_id"] == competition.pk
    for name in ("summaries_sent", "decided"):
        assert api().get(f"{LIST}{notices[name][0].pk}/").status_code == 404
    assert api().get(f"{LIST}999999/").status_code == 404


def test_a_standstill_past_its_end_shows_concluded_before_the_tick(api, notices):
    competition, _bids = notices["published"]
    Award.objects.filter(competition=competition).update(standstill_ends_at=timezone.now() - timedelta(seconds=1))
    assert api().get(f"{LIST}{competition.pk}/").json()["status"] == "concluded"
    services.standstills_end_due()
    assert Award.objects.get(competition=competition).status == AwardStatus.CONCLUDED
    assert api().get(f"{LIST}{competition.pk}/").json()["status"] == "concluded"


def test_a_cancelled_award_is_no_longer_listed(api, notices, buyer_admin):
    competition, _bids = notices["published"]
    services.award_cancel(actor=buyer_admin, competition=competition, reason="A challenge was upheld.")
    assert api().get(LIST).json()["count"] == 0


def test_filter_by_published_date(api, notices):
    competition, _bids = notices["published"]
    day = uk(Award.objects.get(competition=competition).notice_published_at).date()
    ids = lambda query: [n["competition_id"] for n in api().get(f"{LIST}?{query}").json()["results"]]  # noqa: E731
    assert ids(f"published_from={day}") == [competition.pk]
    assert ids(f"published_to={day}") == [competition.pk]
    assert ids(f"published_from={day + timedelta(days=1)}") == []
    assert ids(f"published_to={day - timedelta(days=1)}") == []
    assert api().get(f"{LIST}?published_from=yesterday").status_code == 400


def test_the_list_is_paginated(api, notices):
    body = api().get(LIST).json()
    assert set(body) == {"count", "next", "previous", "results"}


def test_the_api_is_read_only(api, notices, buyer_admin):
    assert api(buyer_admin).post(LIST, {}).status_code == 405
