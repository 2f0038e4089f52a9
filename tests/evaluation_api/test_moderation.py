"""The owner's moderation table: /api/v1/moderation/{competition_id}/.

Only the competition's owner reads it: another member of the buying organisation is refused (403), a competition
of another organisation, or whose bids are not opened, is not found (404), and anyone who could never own a
competition (anonymous people, evaluators, suppliers, operators) is refused at the door (403).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.accounts.models import Role
from marketplace.competitions.models import ModeratedScore, Score
from marketplace.competitions.services.evaluation import scored_criteria
from tests.competition_builder import published, quick_admitted_suppliers
from tests.evaluation_builder import evaluators, moderate_all, scored_by
from tests.factories import member

from .conftest import BID_MARKER, opened

pytestmark = pytest.mark.django_db


def url(competition):
    return f"/api/v1/moderation/{competition.pk}/"


def test_anonymous_people_are_refused(api, world):
    assert api().get(url(world.competition)).status_code == 403


@pytest.mark.parametrize("role", ["supplier_admin", "supplier_member", "operator"])
def test_suppliers_and_operators_are_refused(api, request, world, role):
    response = api(request.getfixturevalue(role)).get(url(world.competition))
    assert response.status_code == 403
    assert BID_MARKER not in response.content.decode()


def test_evaluators_are_refused_even_when_assigned(api, world):
    """Evaluators take part in moderation through the owner; the table with every evaluator's scores is the
    owner's."""
    for evaluator in (*world.team, world.bystander, world.other_buyer_evaluator):
        assert api(evaluator).get(url(world.competition)).status_code == 403


def test_another_member_of_the_buyer_is_refused(api, world, buyer_member):
    assert api(buyer_member).get(url(world.competition)).status_code == 403


def test_another_buyer_finds_nothing(api, world):
    assert api(world.other_buyer_admin).get(url(world.competition)).status_code == 404
    other_member = member(world.other_buyer_admin.membership.organisation, Role.MEMBER)
    assert api(other_member).get(url(world.competition)).status_code == 404


def test_unknown_or_unopened_competitions_are_not_found(api, world, buyer_admin):
    """Before the bids are opened nobody on the buyer's side may know who bid (rule 7)."""
    still_open = published(buyer_admin, title="Cut outpatient no-shows")
    assert api(buyer_admin).get(url(still_open)).status_code == 404
    assert api(buyer_admin).get("/api/v1/moderation/999999/").status_code == 404


def test_the_api_is_read_only(api, world, buyer_admin):
    assert api(buyer_admin).post(url(world.competition), {}).status_code == 405


def test_the_owner_reads_every_score_the_flag_and_the_moderated_score(api, world, buyer_admin):
    response = api(buyer_admin).get(url(world.competition))
    assert response.status_code == 200
    body = response.json()
    criteria = scored_criteria(world.competition)
    assert body["competition_id"] == world.competition.pk
    assert body["count"] == len(world.bids) and body["next"] is None and body["previous"] is None
    assert [c["id"] for c in body["criteria"]] == [c.pk for c in criteria]
    assert {c["kind"] for c in body["criteria"]} <= {"quality", "social_value"}
    assert {row["bid_id"] for row in body["bids"]} == {bid.pk for bid in world.bids}
    first, second = world.team
    for row in body["bids"]:
        assert row["price_pence"] is not None
        assert [cell["criterion_id"] for cell in row["cells"]] == [c.pk for c in criteria]
        for cell in row["cells"]:
            given = {s["evaluator_id"]: s for s in cell["scores"]}
            assert set(given) == {first.pk, second.pk}
            assert given[first.pk]["score"] == 3 and given[second.pk]["score"] == 1
            assert given[first.pk]["evaluator_name"] == first.get_full_name()
            score = Score.objects.get(bid_id=row["bid_id"], criterion_id=cell["criterion_id"], evaluator=first)
            assert given[first.pk]["justification"] == score.justification
            assert cell["flagged"] is True  # 3 against 1
            moderated = ModeratedScore.objects.get(bid_id=row["bid_id"], criterion_id=cell["criterion_id"])
            assert cell["moderated"]["score"] == 2
            assert cell["moderated"]["rationale"] == moderated.rationale
            assert cell["moderated"]["moderated_with_id"] == first.pk
    assert BID_MARKER not in response.content.decode()


def test_before_moderation_the_moderated_score_is_null(api, buyer_admin, admitted_supplier):
    competition, bids = opened(buyer_admin, [admitted_supplier()[1], admitted_supplier()[1]])
    scored_by(buyer_admin, competition, evaluators(buyer_admin), 2)
    body = api(buyer_admin).get(url(competition)).json()
    cells = [cell for row in body["bids"] for cell in row["cells"]]
    assert cells and all(cell["moderated"] is None and cell["flagged"] is False for cell in cells)


def _evaluated_with(owner, count, title):
    bidders = [user for _organisation, user in quick_admitted_suppliers(count, prefix=title[:6])]
    competition, _bids = opened(owner, bidders, title=title)
    team = evaluators(owner)
    scored_by(owner, competition, team, 3)
    moderate_all(owner, competition, team[0], 3)
    return competition


def test_the_number_of_queries_does_not_grow_with_the_bids(api, buyer_admin):
    small = _evaluated_with(buyer_admin, 2, "Small competition")
    large = _evaluated_with(buyer_admin, 20, "Large competition")
    client = api(buyer_admin)
    client.get(url(small))  # warm the session and any per-process caches
    counts = {}
    for competition in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(competition))
        assert response.status_code == 200
        counts[competition.pk] = len(queries)
    assert len(response.json()["bids"]) == 20
    assert counts[small.pk] == counts[large.pk], counts
    assert counts[large.pk] <= 12, counts  # evaluators and moderators are read once each, whatever the number of scores


def test_the_bids_come_a_page_at_a_time(api, world, buyer_admin, monkeypatch):
    from rest_framework.pagination import PageNumberPagination

    monkeypatch.setattr(PageNumberPagination, "page_size", 2)
    client = api(buyer_admin)
    first = client.get(url(world.competition)).json()
    assert first["count"] == 3 and len(first["bids"]) == 2 and first["next"] and first["previous"] is None
    second = client.get(first["next"]).json()
    assert len(second["bids"]) == 1 and second["next"] is None
    seen = [row["bid_id"] for row in first["bids"] + second["bids"]]
    assert sorted(seen) == sorted(bid.pk for bid in world.bids)
    assert client.get(f"{url(world.competition)}?page=9").status_code == 404
